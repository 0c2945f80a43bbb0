// Issue text is written by anyone: drop what a reader cannot see but a model would (HTML comments,
// zero-width and bidirectional control characters), which is where hidden prompt injections live.

const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
// Zero-width, word-joiner, BOM, soft hyphen, bidi embeddings/overrides/isolates, tag characters.
const INVISIBLE =
  /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]|[\u{E0000}-\u{E007F}]/gu;

export function cleanUntrustedText(text: string | null | undefined): string {
  if (!text) return "";
  return text.replace(/\r\n?/g, "\n").replace(HTML_COMMENT, "").replace(INVISIBLE, "").trim();
}
