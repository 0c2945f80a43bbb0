// Models often wrap the plan in a ```markdown fence (the spec shows it fenced) or think aloud first;
// inside a fence the checkboxes would render as text, so keep only the Markdown itself.

const THINKING = /^\s*<(think|thinking|reasoning)>[\s\S]*?<\/\1>\s*/i;
const OPENING_FENCE = /^[ \t]{0,3}(`{3,}|~{3,})[ \t]*(markdown|md|gfm)?[ \t]*$/i;

export interface UnwrappedReply {
  markdown: string;
  /** The plan stood inside a code fence. */
  fenced: boolean;
  /** Text stood outside that fence (greetings, remarks) and was dropped. */
  droppedChatter: boolean;
}

export function unwrapReply(reply: string): UnwrappedReply {
  const text = reply.replace(/\r\n?/g, "\n").replace(THINKING, "").trim();
  const unchanged = { markdown: text, fenced: false, droppedChatter: false };
  const lines = text.split("\n");
  const open = lines.findIndex((line) => OPENING_FENCE.test(line) || /^\s*#/.test(line));
  if (open < 0) return unchanged;
  const fence = OPENING_FENCE.exec(lines[open] ?? "")?.[1];
  // The plan's own headings came first: any fence further down belongs to the plan.
  if (!fence) return unchanged;
  const close = lines.findLastIndex((line, index) => index > open && isClosingFence(line, fence));
  if (close < 0) return unchanged;
  const outside = [...lines.slice(0, open), ...lines.slice(close + 1)].some((line) => line.trim() !== "");
  return {
    markdown: lines
      .slice(open + 1, close)
      .join("\n")
      .trim(),
    fenced: true,
    droppedChatter: outside,
  };
}

export function stripWrappingFence(reply: string): string {
  return unwrapReply(reply).markdown;
}

function isClosingFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  const char = fence[0] ?? "`";
  return trimmed.length >= fence.length && [...trimmed].every((c) => c === char);
}
