// Recognises a `/plan` command at the start of a comment and extracts the guidance that follows it.

export interface PlanCommand {
  /** The rest of the first line and every following line, trimmed; empty when none. */
  instructions: string;
}

// `/plan` must stand alone as a word: `/planning` or `/plan-b` is not the command.
const COMMAND = /^\/plan(?=$|\s)/i;

export function parsePlanCommand(body: string | null | undefined): PlanCommand | null {
  if (!body) return null;
  const text = body.replace(/^\uFEFF/, "").trimStart();
  const match = COMMAND.exec(text);
  if (!match) return null;
  return { instructions: text.slice(match[0].length).trim() };
}
