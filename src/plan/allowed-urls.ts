// Which link targets the app may post: the repository's own pages and the URLs its files gave.
import type { SanitizeOptions } from "./sanitize-markdown.js";

// No scheme, not `//host`, and nothing a browser reads as a slash or drops (`/\host` and `/<tab>/host` are
// both `//host` to a browser).
const RELATIVE = /^(?![/\\]{2})[^\\\s\p{Cc}:/?#]*(?:[/?#][^\\\s\p{Cc}]*)?$/u;

export function isAllowedUrl(url: string, options: SanitizeOptions): boolean {
  const prefixes = options.allowedPrefixes ?? [];
  if (RELATIVE.test(url)) {
    // A path below the page (`src/a.ts`) or a fragment stays in the repository; `/other/repo` or `../..` may
    // leave it, so it must resolve under one of the repository's own prefixes.
    if (!url.startsWith("/") && !/(^|\/)\.\.(\/|$)/.test(url)) return true;
    return prefixes.some((prefix) => resolvesUnder(url, prefix));
  }
  return (options.allowedUrls?.has(url) ?? false) || prefixes.some((prefix) => resolvesUnder(url, prefix));
}

// Resolved as a browser would (`..` and `%2e%2e` segments applied), so `<prefix>../../elsewhere` is not under it.
function resolvesUnder(url: string, prefix: string): boolean {
  return URL.canParse(url, prefix) && new URL(url, prefix).href.startsWith(prefix);
}

/** The URLs written in some text, to allow links the model repeats from the repository's files. */
export function urlsIn(text: string): Set<string> {
  return new Set(
    (text.match(/https?:\/\/[^\s<>()[\]"'`]+/g) ?? []).map((url) => url.replace(/[.,;:!?]+$/, "")),
  );
}
