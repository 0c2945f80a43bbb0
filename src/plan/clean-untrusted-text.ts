// Issue text is written by anyone: drop what a reader of the rendered issue cannot see but a model would read
// (HTML comments, link reference definitions used as comments such as `[//]: # (...)`, elements marked
// `hidden`, zero-width and bidirectional control characters), which is where hidden prompt injections live.
// Decided on the parsed Markdown: a comment or definition shown inside a code block is visible, and stays.
import type { Html, Nodes } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

// Zero-width, word-joiner, BOM, soft hyphen, bidi embeddings/overrides/isolates, tag characters.
const INVISIBLE =
  /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]|[\u{E0000}-\u{E007F}]/gu;
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
// An opening tag that hides its element from readers: `hidden`, or an inline style that hides it.
const HIDDEN_OPEN =
  /<([a-z][a-z0-9-]*)\b[^>]*?(?:\shidden\b|\sstyle\s*=\s*["'][^"']*(?:display\s*:\s*none|visibility\s*:\s*hidden))[^>]*>/i;

interface Range {
  start: number;
  end: number;
}

export function cleanUntrustedText(text: string | null | undefined): string {
  if (!text) return "";
  const unified = text.replace(/\r\n?/g, "\n");
  const tree = fromMarkdown(unified, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const removed = hiddenRanges(tree, unified);
  let kept = "";
  let at = 0;
  for (const range of removed.sort((a, b) => a.start - b.start)) {
    if (range.start < at) {
      at = Math.max(at, range.end);
      continue;
    }
    kept += unified.slice(at, range.start);
    at = range.end;
  }
  kept += unified.slice(at);
  return kept.replace(INVISIBLE, "").trim();
}

/** The source ranges a reader never sees: definitions, comments, hidden elements with what they enclose. */
function hiddenRanges(tree: Nodes, source: string): Range[] {
  const html: Html[] = [];
  const ranges: Range[] = [];
  visit(tree, (node) => {
    if (node.type === "definition") ranges.push(rangeOf(node));
    if (node.type === "html") html.push(node);
    // A comment never closed is text to Markdown, but a renderer may still hide the rest: drop it all.
    if (node.type === "text" && node.value.includes("<!--")) {
      const at = source.indexOf("<!--", rangeOf(node).start);
      if (at >= 0) ranges.push({ start: at, end: Number.MAX_SAFE_INTEGER });
    }
  });
  html.forEach((node, index) => {
    const range = rangeOf(node);
    for (const comment of node.value.matchAll(HTML_COMMENT))
      ranges.push(commentRange(node, range, comment.index ?? 0, comment[0].length));
    const open = HIDDEN_OPEN.exec(node.value);
    if (!open?.[1]) return;
    const close = new RegExp(`</${open[1]}\\s*>`, "i");
    // The element closes in the same HTML node (a block), or in a later one after Markdown content (inline).
    if (close.test(node.value.slice((open.index ?? 0) + open[0].length))) ranges.push(range);
    else {
      const closing = html.slice(index + 1).find((later) => close.test(later.value));
      ranges.push({ start: range.start, end: closing ? rangeOf(closing).end : Number.MAX_SAFE_INTEGER });
    }
  });
  return ranges;
}

function commentRange(node: Html, range: Range, index: number, length: number): Range {
  // An HTML node's value is its source text, so offsets within it map onto the document directly.
  const whole = node.value.length === range.end - range.start;
  return whole ? { start: range.start + index, end: range.start + index + length } : range;
}

function rangeOf(node: Nodes): Range {
  return { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0 };
}

function visit(node: Nodes, each: (node: Nodes) => void): void {
  each(node);
  if ("children" in node) for (const child of node.children) visit(child, each);
}
