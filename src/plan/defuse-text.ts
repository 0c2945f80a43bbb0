// Text GitHub would turn into a ping, a cross-reference or a link, broken with an invisible character: a zero-width
// space after `@` stops mentions (GitHub's mention filter ignores backslash escapes; bots such as Renovate and
// Dependabot insert the same character), and inside `#1`, `GH-1`, `://` and `www.` it stops references and autolinks.
import { defuseMarkers } from "../markdown-literal.js";

const ZERO_WIDTH_SPACE = "\u200B";

export interface DefusedText {
  text: string;
  /** User and team mentions (`@user`, `@org/team`) that would have pinged. */
  mentions: number;
  /** Issue and commit references (`#1`, `GH-1`, `owner/repo#1`, `owner/repo@sha`) that would have linked. */
  references: number;
  /** URLs, `www.` domains and e-mail addresses GitHub would have made links. */
  autolinks: number;
}

// Each pattern matches only where no zero-width space follows yet, so defusing twice changes nothing.
const MENTION = /(^|[^\w])@(?!\u200B)(?=[a-z\d])/gi;
const ANY_AT = /@(?!\u200B)/g;
const COMMIT_REF = /[\w.-]+\/[\w.-]+@(?!\u200B)\w/g;
const NUMBER_REF = /#(?=\d)|gh-(?=\d)/gi;
const EMAIL = /[\w.+-]@(?!\u200B)[a-z\d-]+\.[a-z\d]/gi;
const SCHEME = /:(?=\/\/)/g;
const WWW = /www(?=\.)/gi;

/** Defuses `text` meant to render as Markdown text (not code), counting what would have been live. */
export function defuseText(text: string): DefusedText {
  const mentions = text.match(MENTION)?.length ?? 0;
  const references = (text.match(NUMBER_REF)?.length ?? 0) + (text.match(COMMIT_REF)?.length ?? 0);
  const autolinks =
    (text.match(EMAIL)?.length ?? 0) + (text.match(SCHEME)?.length ?? 0) + (text.match(WWW)?.length ?? 0);
  const defused = defuseMarkers(text)
    // Every `@`: mentions, e-mail addresses, `owner/repo@sha` and `mailto:`/`xmpp:` addresses alike.
    .replace(ANY_AT, `@${ZERO_WIDTH_SPACE}`)
    .replace(NUMBER_REF, (ref) => `${ref}${ZERO_WIDTH_SPACE}`)
    .replace(SCHEME, `:${ZERO_WIDTH_SPACE}`)
    .replace(WWW, (www) => `${www}${ZERO_WIDTH_SPACE}`);
  return { text: defused, mentions, references, autolinks };
}

/** Plain text the app posts outside Markdown (an issue title), defused like Markdown text. */
export function defusePlainText(text: string): string {
  return defuseText(text).text;
}
