// Reads a `/plan` command on the first line of a comment: `/plan [guidance]`, `/plan help`,
// `/plan refine <feedback>`. A single unknown word after `/plan` is a mistyped subcommand and gets the help.

export type PlanCommand =
  /** Plan (again); `instructions` is the rest of the first line and every following line, trimmed. */
  | { action: "plan"; instructions: string }
  /** Regenerate from the current plan, changed as the feedback says. */
  | { action: "refine"; instructions: string }
  /** Usage and the repository's current settings; `unknown` holds a mistyped subcommand. */
  | { action: "help"; unknown?: string };

// `/plan` must stand alone as a word: `/planning` or `/plan-b` is not the command.
const COMMAND = /^\/plan(?=$|\s)/i;

export function parsePlanCommand(body: string | null | undefined): PlanCommand | null {
  if (!body) return null;
  const text = body.replace(/^\uFEFF/, "").trimStart();
  const match = COMMAND.exec(text);
  if (!match) return null;
  const rest = text.slice(match[0].length).trim();
  const [firstLine = "", ...more] = rest.split("\n");
  const word = /^([A-Za-z][\w-]*)\b/.exec(firstLine.trim())?.[1]?.toLowerCase();
  if (word === "help" && firstLine.trim().toLowerCase() === "help") return { action: "help" };
  if (word === "refine") {
    const feedback = rest.replace(/^refine\b/i, "").trim();
    return feedback
      ? { action: "refine", instructions: feedback }
      : { action: "help", unknown: "refine (without feedback)" };
  }
  if (
    word &&
    firstLine.trim().toLowerCase() === word &&
    more.every((line) => line.trim() === "") &&
    word.length < 20
  ) {
    // `/plan halp`: a lone word is a subcommand attempt, not guidance.
    return { action: "help", unknown: word };
  }
  return { action: "plan", instructions: rest };
}
