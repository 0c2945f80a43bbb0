// The words of an issue that say what it is about, read from its parsed Markdown. An issue template's field
// labels ("### Node.js Version", "**Browser:**" opening a line) and its HTML comments are the template's words,
// the same in every issue of the repository; code in a heading stays (`### \`useQuery\` refetches` names code).
import type { Nodes, Parent, PhrasingContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

export function issueQueryText(body: string): string {
  if (!body.trim()) return "";
  const tree = fromMarkdown(body, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const out: string[] = [];
  collect(tree, out);
  return out.join(" ").replace(/\s+/g, " ").trim();
}

function collect(node: Nodes, out: string[]): void {
  switch (node.type) {
    case "html":
    case "image":
    case "imageReference":
    case "definition":
      return;
    case "heading":
      // A template's field label: only the code it names is the issue's.
      for (const child of node.children) collectCodeOnly(child, out);
      out.push("\n");
      return;
    case "paragraph":
      collectChildren(withoutFieldLabel(node.children), out);
      out.push("\n");
      return;
    case "text":
    case "inlineCode":
    case "code":
      out.push(node.value);
      return;
    default:
      if ("children" in node) collectChildren((node as Parent).children as Nodes[], out);
  }
}

function collectChildren(children: Nodes[], out: string[]): void {
  for (const child of children) collect(child, out);
}

function collectCodeOnly(node: Nodes, out: string[]): void {
  if (node.type === "inlineCode") out.push(node.value);
  else if ("children" in node)
    for (const child of (node as Parent).children as Nodes[]) collectCodeOnly(child, out);
}

/** `**Browser:** Chrome` or `**Browser**: Chrome`: the bold label opening a paragraph is the template's. */
function withoutFieldLabel(children: PhrasingContent[]): PhrasingContent[] {
  const [first, second] = children;
  if (first?.type !== "strong") return children;
  const label = first.children.map((child) => (child.type === "text" ? child.value : "")).join("");
  if (label.trim().endsWith(":")) return children.slice(1);
  if (second?.type === "text" && /^\s*:/.test(second.value)) return children.slice(1);
  return children;
}
