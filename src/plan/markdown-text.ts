// The source text of mdast nodes, as written in the Markdown they were parsed from.
import type { Nodes } from "mdast";

/** Reads nodes' text from the Markdown they were parsed from (line endings already normalised). */
export class MarkdownText {
  readonly md: string;

  constructor(markdown: string) {
    this.md = markdown;
  }

  /** The text between a node list's first start and last end. */
  inner(children: Nodes[]): string {
    const first = children[0]?.position;
    const last = children.at(-1)?.position;
    if (!first || !last) return "";
    return this.md.slice(first.start.offset, last.end.offset).trim();
  }

  /** A node's text, its continuation lines dedented to the node's column. */
  source(node: Nodes): string {
    const position = node.position;
    if (!position) return "";
    return dedent(
      this.md.slice(position.start.offset, position.end.offset),
      position.start.column - 1,
    ).trim();
  }
}

/** Removes up to `column` leading spaces from every line after the first. */
export function dedent(text: string, column: number): string {
  if (column <= 0) return text;
  const pattern = new RegExp(`^ {0,${column}}`);
  return text
    .split("\n")
    .map((line, index) => (index === 0 ? line : line.replace(pattern, "")))
    .join("\n");
}
