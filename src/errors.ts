// Errors whose message a user can act on; anything else is reported as an unexpected failure.

/** An error with a message safe and useful to show in the issue. */
export class UserFacingError extends Error {
  override name = "UserFacingError";
  constructor(
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
  }
}

/** The HTTP status of a failed request (Octokit's RequestError and the openai SDK's errors carry one). */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("status" in error)) return undefined;
  const { status } = error;
  return typeof status === "number" ? status : undefined;
}
