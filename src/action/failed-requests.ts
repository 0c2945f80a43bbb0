// Remembers the HTTP requests of the run that were answered with an error status, so an error line can name the
// request that failed (method, path, status) even where the app's message does not. Octokit and the OpenAI SDK
// both look up the global fetch per request, which is how the process entry puts this in their way.

export interface FailedRequest {
  method: string;
  host: string;
  path: string;
  status: number;
}

export class FailedRequests {
  readonly #failed: FailedRequest[] = [];

  /** A fetch that calls `fetch` and records every answer of status 400 or above. */
  wrap(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
    return async (input, init) => {
      const response = await fetch(input, init);
      if (response.status >= 400) this.#record(input, init, response.status);
      return response;
    };
  }

  /** The latest failure, or the latest one to `host` when given. */
  last(host?: string): FailedRequest | undefined {
    const matching = host ? this.#failed.filter((entry) => entry.host === host) : this.#failed;
    return matching.at(-1);
  }

  #record(input: Parameters<typeof fetch>[0], init: RequestInit | undefined, status: number): void {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    this.#failed.push({ method, host: url.host, path: url.pathname, status });
  }
}

/** As describeRequestFailure words a GitHub request, so a message naming the request already is recognised. */
export function describeFailedRequest(request: FailedRequest): string {
  return `${request.method} ${request.path} answered ${request.status}`;
}
