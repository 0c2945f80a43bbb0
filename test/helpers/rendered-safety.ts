// Renders Markdown as GitHub would (micromark with GFM, raw HTML passed through so any that survives shows) and
// lists what in the HTML could ping, link, track or forge: the checks behind the sanitiser's tests.
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";
import { isAllowedUrl } from "../../src/plan/allowed-urls.js";
import type { SanitizeOptions } from "../../src/plan/sanitize-markdown.js";

const RENDER_OPTIONS = {
  allowDangerousHtml: true,
  allowDangerousProtocol: true,
  extensions: [gfm()],
  htmlExtensions: [gfmHtml()],
};

export function renderGfm(markdown: string): string {
  return micromark(markdown, RENDER_OPTIONS);
}

// The elements micromark writes for the node kinds the sanitiser keeps, with the attributes it gives them.
const ALLOWED_TAGS: Record<string, RegExp> = {
  p: /^$/,
  h1: /^$/,
  h2: /^$/,
  h3: /^$/,
  h4: /^$/,
  h5: /^$/,
  h6: /^$/,
  ul: /^( class="contains-task-list")?$/,
  ol: /^( start="\d+")?( class="contains-task-list")?$/,
  li: /^( class="task-list-item")?$/,
  input: /^ type="checkbox" disabled=""( checked="")? \/$/,
  em: /^$/,
  strong: /^$/,
  del: /^$/,
  code: /^( class="language-[^"<>]*")?$/,
  pre: /^$/,
  hr: /^ \/$/,
  br: /^ \/$/,
  a: /^ href="[^"]*"$/,
};

// What GitHub turns into a ping, a cross-reference or a link in text (outside code).
const LIVE_TEXT: [string, RegExp][] = [
  ["mention or e-mail", /@[\w-]/],
  ["issue reference", /#\d|gh-\d/i],
  ["URL", /:\/\//],
  ["www. domain", /www\./i],
];

/** Problems in `html` (rendered from sanitised Markdown); empty when it is safe to post. */
export function problemsIn(html: string, options: SanitizeOptions): string[] {
  const problems: string[] = [];
  if (/<!--/.test(html)) problems.push("HTML comment");
  if (/<!--\s*issue-planner/i.test(html)) problems.push("app marker");
  for (const [, slash, name = "", attributes = ""] of html.matchAll(/<(\/?)([a-z][\w-]*)([^>]*)>/gi)) {
    const allowed = ALLOWED_TAGS[name.toLowerCase()];
    if (!allowed || (!slash && !allowed.test(attributes))) problems.push(`element <${name}${attributes}>`);
    const href = /^ href="([^"]*)"$/.exec(attributes)?.[1];
    if (name === "a" && href !== undefined && !isAllowedUrl(decodeEntities(href), options))
      problems.push(`link to ${href}`);
  }
  const outsideCode = html.replace(/<pre>[\s\S]*?<\/pre>|<code[^>]*>[\s\S]*?<\/code>/g, "<code/>");
  for (const chunk of outsideCode.split(/<[^>]*>/)) {
    const text = decodeEntities(chunk);
    for (const [what, pattern] of LIVE_TEXT) if (pattern.test(text)) problems.push(`${what} in "${text}"`);
  }
  return problems;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([\da-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number.parseInt(dec, 10)))
    .replaceAll("&quot;", '"')
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}
