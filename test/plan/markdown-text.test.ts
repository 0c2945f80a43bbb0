import { fromMarkdown } from "mdast-util-from-markdown";
import { describe, expect, it } from "vitest";
import { dedent, MarkdownText } from "../../src/plan/markdown-text.js";

describe("dedent", () => {
  it("removes up to the column's spaces from every line after the first", () => {
    expect(dedent("a\n    b\n  c\n      d", 4)).toBe("a\nb\nc\n  d");
  });

  it("leaves text at column 0 as it is", () => {
    expect(dedent("a\n  b", 0)).toBe("a\n  b");
  });
});

describe("MarkdownText", () => {
  const md = "- item one\n  continued `code`\n- **bold** rest\n";
  const text = new MarkdownText(md);
  const tree = fromMarkdown(md);
  const list = tree.children[0];
  if (list?.type !== "list") throw new Error("expected a list");

  it("gives a node's source with its continuation lines dedented to its column", () => {
    const paragraph = list.children[0]?.children[0];
    if (!paragraph) throw new Error("expected a paragraph");
    expect(text.source(paragraph)).toBe("item one\ncontinued `code`");
  });

  it("gives the text between the first and the last of a node list", () => {
    const paragraph = list.children[1]?.children[0];
    if (paragraph?.type !== "paragraph") throw new Error("expected a paragraph");
    expect(text.inner(paragraph.children)).toBe("**bold** rest");
    expect(text.inner([])).toBe("");
  });
});
