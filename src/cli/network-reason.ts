// Why a connection failed, in the system's words (ECONNREFUSED, ENOTFOUND...): fetch hides it a few causes deep.

const MAX_DEPTH = 8;

export function networkReason(error: unknown): string {
  let reason = "no answer";
  let at: unknown = error;
  for (let depth = 0; at instanceof Error && depth < MAX_DEPTH; depth += 1) {
    const { code } = at as NodeJS.ErrnoException;
    if (typeof code === "string" && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    reason = at.message;
    at = at.cause;
  }
  return reason;
}
