// The app's section in an issue body (output target `body`). Pure splicing: the author's text around the section
// is kept byte for byte, whatever its line endings; only the text between the markers changes.
import { BODY_END_MARKER, BODY_START_MARKER } from "./comment-markers.js";

/** GitHub rejects issue bodies above 65,536 characters. */
export const MAX_ISSUE_BODY_CHARS = 65_536;
const SEPARATOR = "\n\n";

export interface SplitBody {
  /** The author's text before the section (all of it when there is no section), exactly as written. */
  before: string;
  /** What the app wrote between its markers, if there is a section. */
  section: string | undefined;
  /** Whatever the author typed after the section. */
  after: string;
}

export function splitIssueBody(body: string | null | undefined): SplitBody {
  const text = body ?? "";
  const start = text.lastIndexOf(BODY_START_MARKER);
  const end = start < 0 ? -1 : text.indexOf(BODY_END_MARKER, start + BODY_START_MARKER.length);
  if (start < 0 || end < 0) return { before: text, section: undefined, after: "" };
  return {
    before: text.slice(0, start),
    section: text
      .slice(start + BODY_START_MARKER.length, end)
      .replace(/^\n/, "")
      .replace(/\n$/, ""),
    after: text.slice(end + BODY_END_MARKER.length),
  };
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
  const block = `${BODY_START_MARKER}\n${section}\n${BODY_END_MARKER}`;
  if (split.section !== undefined) return `${split.before}${block}${split.after}`;
  return `${split.before}${split.before ? SEPARATOR : ""}${block}`;
}

/** Characters left for a section beside the author's text, within GitHub's limit. */
export function roomForSection(body: string | null | undefined): number {
  const { before, after } = splitIssueBody(body);
  const overhead = SEPARATOR.length + BODY_START_MARKER.length + BODY_END_MARKER.length + 2;
  return MAX_ISSUE_BODY_CHARS - before.length - after.length - overhead;
}

/** The text the author wrote, without the app's section: what the model is given as the issue. */
export function authorTextOf(body: string | null | undefined): string {
  return withBodySection(body, undefined);
}
