// The app's section in an issue body (output target `body`). Pure splicing: the author's text around the section
// is kept byte for byte, whatever its line endings; only the text between the markers changes. The start marker
// carries a digest of the section the app wrote, so markers an author typed, pasted or quoted in a code block
// are never taken for the app's section: only a section whose digest matches is the app's to replace.
import { createHash } from "node:crypto";
import { BODY_END_MARKER, BODY_START_MARKER } from "../plan/comment-markers.js";

/** GitHub rejects issue bodies above 65,536 characters. */
export const MAX_ISSUE_BODY_CHARS = 65_536;
const SEPARATOR = "\n\n";
// `<!-- issue-planner:body-start -->` with the digest before its closing `-->`.
const START_PREFIX = BODY_START_MARKER.replace(/ -->$/, "");
const START = new RegExp(`${escapeRegExp(START_PREFIX)} ([0-9a-f]{32}) -->`, "g");

export interface SplitBody {
  /** The author's text before the section (all of it when there is no section), exactly as written. */
  before: string;
  /** What the app wrote between its markers, if there is a section. */
  section: string | undefined;
  /** Whatever the author typed after the section. */
  after: string;
}

/**
 * The digest in the start marker: of the section as the app wrote it, with what GitHub or a reader may change
 * without making it someone else's text (line endings, trailing spaces, ticked task boxes) left out.
 */
function sectionDigest(section: string): string {
  const normalized = section
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/^(\s*(?:[-*+]|\d+[.)])\s+)\[[xX ]\]/, "$1[ ]").trimEnd())
    .join("\n")
    .trim();
  return createHash("sha256").update(normalized).digest("hex").slice(0, 32);
}

/** The section between its markers, as the app writes it. */
export function bodySectionBlock(section: string): string {
  return `${START_PREFIX} ${sectionDigest(section)} -->\n${section}\n${BODY_END_MARKER}`;
}

export function splitIssueBody(body: string | null | undefined): SplitBody {
  const text = body ?? "";
  // The last start marker whose digest matches the text up to the next end marker is the app's section.
  const starts = [...text.matchAll(START)].reverse();
  for (const start of starts) {
    const from = (start.index ?? 0) + start[0].length;
    const end = text.indexOf(BODY_END_MARKER, from);
    if (end < 0) continue;
    const section = text.slice(from, end).replace(/^\n/, "").replace(/\n$/, "");
    if (sectionDigest(section) !== start[1]) continue;
    return {
      before: text.slice(0, start.index),
      section,
      after: text.slice(end + BODY_END_MARKER.length),
    };
  }
  return { before: text, section: undefined, after: "" };
}

/** The body with the app's section set to `section`, or taken out when `section` is undefined. */
export function withBodySection(body: string | null | undefined, section: string | undefined): string {
  const split = splitIssueBody(body);
  if (section === undefined) {
    // Take out the separator the app added, so the author's text is back as it was.
    const before =
      split.section !== undefined && split.before.endsWith(SEPARATOR)
        ? split.before.slice(0, -SEPARATOR.length)
        : split.before;
    return `${before}${split.after}`;
  }
  const block = bodySectionBlock(section);
  if (split.section !== undefined) return `${split.before}${block}${split.after}`;
  return `${split.before}${split.before ? SEPARATOR : ""}${block}`;
}

/** Characters left for a section beside the author's text, within GitHub's limit. */
export function roomForSection(body: string | null | undefined): number {
  const { before, after } = splitIssueBody(body);
  const overhead = SEPARATOR.length + bodySectionBlock("").length + 2;
  return MAX_ISSUE_BODY_CHARS - before.length - after.length - overhead;
}

/** The text the author wrote, without the app's section: what the model is given as the issue. */
export function authorTextOf(body: string | null | undefined): string {
  return withBodySection(body, undefined);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
