// Models often wrap the plan in a ```markdown fence (the spec shows it fenced) or think aloud first;
// inside a fence the checkboxes would render as text, so keep only the Markdown itself.

import type { SourcePoint } from "./plan-findings.js";

const THINKING = /^\s*<(think|thinking|reasoning)>[\s\S]*?<\/\1>\s*/i;
const OPENING_FENCE = /^[ \t]{0,3}(`{3,}|~{3,})[ \t]*(markdown|md|gfm)?[ \t]*$/i;

export interface UnwrappedReply {
  markdown: string;
  /** The plan stood inside a code fence. */
  fenced: boolean;
  /** Text stood outside that fence (greetings, remarks) and was dropped. */
  droppedChatter: boolean;
}

/** The unwrapped reply and where its Markdown starts in the reply, for positions in the reply's own lines. */
export interface LocatedReply extends UnwrappedReply {
  /** 1-based line and column of the reply at which `markdown` starts. */
  start: SourcePoint;
}

export function unwrapReply(reply: string): UnwrappedReply {
  const { start: _start, ...unwrapped } = locateReply(reply);
  return unwrapped;
}

export function locateReply(reply: string): LocatedReply {
  const normalized = reply.replace(/\r\n?/g, "\n");
  // Only the front is cut (the thinking block, blank space): the Markdown starts where the cut ends.
  const unthought = normalized.replace(THINKING, "");
  const text = unthought.trim();
  const textOffset = normalized.length - unthought.trimStart().length;
  const unchanged = {
    markdown: text,
    fenced: false,
    droppedChatter: false,
    start: pointAt(normalized, textOffset),
  };
  const lines = text.split("\n");
  const open = lines.findIndex((line) => OPENING_FENCE.test(line) || /^\s*#/.test(line));
  if (open < 0) return unchanged;
  const fence = OPENING_FENCE.exec(lines[open] ?? "")?.[1];
  // The plan's own headings came first: any fence further down belongs to the plan.
  if (!fence) return unchanged;
  const close = lines.findLastIndex((line, index) => index > open && isClosingFence(line, fence));
  if (close < 0) return unchanged;
  const outside = [...lines.slice(0, open), ...lines.slice(close + 1)].some((line) => line.trim() !== "");
  const inside = lines.slice(open + 1, close).join("\n");
  const insideOffset = textOffset + lines.slice(0, open + 1).join("\n").length + 1;
  return {
    markdown: inside.trim(),
    fenced: true,
    droppedChatter: outside,
    start: pointAt(normalized, insideOffset + inside.length - inside.trimStart().length),
  };
}

function pointAt(text: string, offset: number): SourcePoint {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

export function stripWrappingFence(reply: string): string {
  return unwrapReply(reply).markdown;
}

function isClosingFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  const char = fence[0] ?? "`";
  return trimmed.length >= fence.length && [...trimmed].every((c) => c === char);
}
