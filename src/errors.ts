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
