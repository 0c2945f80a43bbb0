// Text shown literally in what the app posts: a code span no content can close, and no spelling of the app's
// hidden markers (found again by plain string search) in text that is not the app's own.
import { toMarkdown } from "mdast-util-to-markdown";

// Every marker of the app starts so (`<!-- issue-planner:plan -->` and the others).
const MARKER_START = /<!--(?=\s*issue-planner)/gi;
const ZERO_WIDTH_SPACE = "\u200B";

/** The text with an invisible break after any `<!--` that starts one of the app's markers. */
export function defuseMarkers(text: string): string {
  return text.replace(MARKER_START, `<!--${ZERO_WIDTH_SPACE}`);
}

/**
 * A Markdown code span showing `value` as written: to-markdown picks a fence longer than any run of backticks
 * in it, so a label, key or model name cannot end the span and let a mention or tag out.
 */
export function codeSpan(value: string): string {
  // A code span is one line; a line ending could also end the paragraph it sits in.
  const line = defuseMarkers(value).replace(/\s*[\r\n]+\s*/g, " ");
  return toMarkdown({ type: "inlineCode", value: line }).replace(/\n$/, "");
}
