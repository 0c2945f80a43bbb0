// What the model writes is posted under the app's name: it must not ping people, inject raw HTML (which could
// fake the app's hidden markers or hide text) or load images that track readers. Code spans are left as written.
import type { Nodes } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

interface Edit {
  start: number;
  end: number;
  text: string;
}

// A GitHub mention: @user or @org/team, not preceded by a word character (so e-mail addresses stay).
const MENTION = /(^|[^\w`])@([a-z\d](?:[a-z\d-]{0,38})(?:\/[\w.-]+)?)/gi;
const ZERO_WIDTH_SPACE = "\u200B";

export function neutralizeModelMarkdown(markdown: string): string {
  const tree = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const edits: Edit[] = [];
  walk(tree, (node) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    const source = markdown.slice(start, end);
    if (node.type === "html") {
      edits.push({ start, end, text: source.replaceAll("<", "&lt;").replaceAll(">", "&gt;") });
    } else if (node.type === "image" || node.type === "imageReference") {
      const alt = node.alt?.trim();
      edits.push({
        start,
        end,
        text: alt ? `(image not shown: ${alt.replace(/[[\]]/g, "")})` : "(image not shown)",
      });
    } else if (node.type === "text") {
      const neutral = source.replace(MENTION, `$1@${ZERO_WIDTH_SPACE}$2`);
      if (neutral !== source) edits.push({ start, end, text: neutral });
    }
  });
  let result = markdown;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

function walk(node: Nodes, visit: (node: Nodes) => void): void {
  visit(node);
  if ("children" in node) for (const child of node.children) walk(child, visit);
}
