// The fetch GitHub requests go through, for two things Node's fetch does not do for Octokit.
// - A bound on the wait for an answer. GitHub ends an API request it cannot answer within 10 s, but a connection
//   that stops answering (a proxy, a network fault) leaves the request waiting for Node's own 300 s limit, and
//   Octokit's retries repeat that: a job would hold its slot for up to 20 minutes. A response whose headers have
//   not come within RESPONSE_WAIT_MS fails as a server error, which Octokit retries and the job then retries or
//   reports. The body has no such bound (a large tarball streams for as long as it takes; Node ends one that stalls).
// - The body's life. Node's fetch (undici) cancels a response's body when the Response object is garbage collected
//   before anything has read or locked that body (nodejs/undici#3199). Octokit's `parseSuccessResponseBody: false`
//   hands back the body alone, so the Response is unreachable from the moment the request returns: a garbage
//   collection before the tarball reader took the body left it empty, and the read failed with "TAR_BAD_ARCHIVE:
//   Unrecognized archive format" (seen on the test bed, where cold workers collect garbage often). Mocks never
//   showed it: a mocked Response is not registered for that cancellation.

/** How long a GitHub request waits for its response's headers. */
const RESPONSE_WAIT_MS = 60_000;

/** Responses kept alive for as long as their body is reachable (a WeakMap entry lives as long as its key). */
const held = new WeakMap<ReadableStream<Uint8Array>, Response>();

/** The global fetch (looked up on each call), with a bound on the wait for headers and each body's Response kept. */
export function githubFetchWithin(waitMs: number): typeof fetch {
  return async (input, init) => {
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new Error(`GitHub did not answer within ${waitMs / 1000} s`)),
      waitMs,
    );
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal;
    try {
      const response = await globalThis.fetch(input, { ...init, signal });
      if (response.body) held.set(response.body, response);
      return response;
    } finally {
      clearTimeout(timer);
    }
  };
}

export const githubFetch = githubFetchWithin(RESPONSE_WAIT_MS);
