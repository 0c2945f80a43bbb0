// SECURITY.md pairs each guarantee with the tests that prove it: `test/file.test.ts` "the test's name". A test
// renamed or moved leaves a guarantee that no longer names its proof; this finds every such reference, read from
// the document's tables as Markdown (mdast), not from its text.
import { existsSync, readFileSync } from "node:fs";
import type { Root, Table, TableCell } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;

interface ProofReference {
  file: string;
  name: string;
}

/** The quoted test names of one "Proved by" cell, each with the test file named before it. */
function proofReferences(cell: TableCell): ProofReference[] {
  const references: ProofReference[] = [];
  let file: string | undefined;
  for (const node of cell.children) {
    if (node.type === "inlineCode" && /^test\/.+\.test\.ts$/.test(node.value)) file = node.value;
    if (node.type === "text" && file) {
      for (const match of node.value.matchAll(/"([^"]+)"/g))
        references.push({ file, name: (match[1] as string).replace(/(\.\.\.|…)$/, "") });
    }
  }
  return references;
}

function securityProofs(markdown: string): ProofReference[] {
  const tree: Root = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const references: ProofReference[] = [];
  const tables = tree.children.filter((node): node is Table => node.type === "table");
  for (const table of tables) {
    const header = table.children[0]?.children.map((cell) =>
      cell.children.map((node) => ("value" in node ? node.value : "")).join(""),
    );
    const column = header?.indexOf("Proved by") ?? -1;
    if (column < 0) continue;
    for (const row of table.children.slice(1)) {
      const cell = row.children[column];
      if (cell) references.push(...proofReferences(cell));
    }
  }
  return references;
}

describe("SECURITY.md", () => {
  const references = securityProofs(readFileSync(`${root}SECURITY.md`, "utf8"));

  it("names its proofs", () => {
    expect(references.length).toBeGreaterThan(20);
  });

  it("names only tests that exist, in the files it names", () => {
    const missing = references.filter(({ file, name }) => {
      if (!existsSync(`${root}${file}`)) return true;
      return !readFileSync(`${root}${file}`, "utf8").includes(name);
    });
    expect(missing).toEqual([]);
  });
});
