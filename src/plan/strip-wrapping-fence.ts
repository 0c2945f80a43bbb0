// Models often wrap the plan in a ```markdown fence (the spec shows it fenced) or think aloud first;
// inside a fence the checkboxes would render as text, so keep only the Markdown itself.

const THINKING = /^\s*<(think|thinking|reasoning)>[\s\S]*?<\/\1>\s*/i;
const OPENING_FENCE = /^[ \t]{0,3}(`{3,}|~{3,})[ \t]*(markdown|md|gfm)?[ \t]*$/i;

export function stripWrappingFence(reply: string): string {
  const text = reply.replace(/\r\n?/g, "\n").replace(THINKING, "").trim();
  const lines = text.split("\n");
  const open = lines.findIndex((line) => OPENING_FENCE.test(line) || /^\s*#/.test(line));
  if (open < 0) return text;
  const openLine = lines[open] ?? "";
  const match = OPENING_FENCE.exec(openLine);
  // The plan's own headings came first: any fence further down belongs to the plan.
  if (!match?.[1]) return text;
  const fence = match[1];
  const close = lines.findLastIndex((line, index) => index > open && isClosingFence(line, fence));
  if (close < 0) return text;
  return lines
    .slice(open + 1, close)
    .join("\n")
    .trim();
}

function isClosingFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  const char = fence[0] ?? "`";
  return trimmed.length >= fence.length && [...trimmed].every((c) => c === char);
}
