// Node's fetch (undici) cancels a response's body when the Response object is garbage collected before anything
// has read or locked that body (nodejs/undici#3199). Octokit's `parseSuccessResponseBody: false` hands back the
// body alone, so the Response is unreachable from the moment the request returns: a garbage collection before the
// tarball reader took the body left it empty, and the read failed with "TAR_BAD_ARCHIVE: Unrecognized archive
// format" (seen on the test bed, where two cold workers collect garbage often: a plan reported as failed in about
// one run in ten). Mocks never showed it: a mocked Response is not registered for that cancellation.

/** Responses kept alive for as long as their body is reachable (a WeakMap entry lives as long as its key). */
const held = new WeakMap<ReadableStream<Uint8Array>, Response>();

/** The global fetch, with each response's life tied to its body's, for requests that return the body alone. */
export const fetchHoldingResponse: typeof fetch = async (input, init) => {
  const response = await globalThis.fetch(input, init);
  if (response.body) held.set(response.body, response);
  return response;
};
