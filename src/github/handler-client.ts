// The GitHub client a webhook handler is given. For every event it hands to a handler, Probot builds a client
// authenticated as the event's installation: an Octokit with all its plugins, close to a third of the server's
// CPU time per delivery in the webhook benchmark. This app's handlers make no GitHub request (they only admit the
// trigger: webhook-admission.ts; the plan job reads and writes with the installation's token), so every event
// gets one shared client that refuses requests: one the handler tried would fail with the reason instead of
// reaching GitHub.

/** What the plugin needs of an Octokit client. */
interface Client {
  auth: (...args: unknown[]) => Promise<unknown>;
  log: unknown;
}

export const HANDLER_CLIENT_REASON =
  "a webhook handler makes no GitHub request: it only admits the trigger, and the plan job makes the requests with the installation's token";

/** A request made with the handler's client (none is sent). */
export class HandlerRequestError extends Error {
  override name = "HandlerRequestError";
}

/** An authentication strategy that sends nothing: every request fails with the reason. */
function refuseRequests() {
  const auth = async () => ({ type: "unauthenticated", reason: HANDLER_CLIENT_REASON });
  const hook = async (_request: unknown, route: unknown): Promise<never> => {
    const what = typeof route === "string" ? route : ((route as { url?: string }).url ?? "a request");
    throw new HandlerRequestError(`GitHub request refused (${what}): ${HANDLER_CLIENT_REASON}`);
  };
  return Object.assign(auth, { hook });
}

/**
 * Octokit plugin: the client's `auth({ type: "event-octokit" })`, which Probot calls to give each event's handler a
 * client, answers one shared client of the same class that refuses requests; every other authentication (an
 * installation's client for a job, the app's own) is the client's own.
 */
export function handlerClient(octokit: Client): void {
  const own = octokit.auth;
  let shared: Client | undefined;
  // The authentication keeps its own properties (its request hook): a client made with `authStrategy: () =>
  // octokit.auth` (unspaced-reader.ts) authenticates its requests through that hook.
  octokit.auth = Object.assign(async (...args: unknown[]) => {
    if ((args[0] as { type?: unknown } | undefined)?.type !== "event-octokit") return own(...args);
    const Class = octokit.constructor as new (options: Record<string, unknown>) => Client;
    shared ??= new Class({
      authStrategy: refuseRequests,
      log: octokit.log,
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    return shared;
  }, own);
}
