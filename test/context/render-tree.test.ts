import { describe, expect, it } from "vitest";
import { tokenCounterFor } from "../../src/context/count-tokens.js";
import { renderTree } from "../../src/context/render-tree.js";

const count = tokenCounterFor("gpt-4.1");

describe("renderTree", () => {
  it("lists every path, sorted, when the tree fits the budget", () => {
    const tree = renderTree(["src/b.ts", "README.md", "src/a.ts"], [], 1_000, count);
    expect(tree).toBe(
      "File tree (3 files, every path):\n```text file-tree\nREADME.md\nsrc/a.ts\nsrc/b.ts\n```",
    );
  });

  describe("on a tree larger than the budget", () => {
    const paths = [
      "package.json",
      ...Array.from({ length: 300 }, (_, i) => `src/modules/module${i}/service.ts`),
      ...Array.from({ length: 20 }, (_, i) => `src/billing/invoice${i}.ts`),
      "src/billing/export/csv.ts",
      "docs/guide.md",
    ];
    const tree = renderTree(paths, ["src/billing/invoice3.ts"], 1_000, count);

    it("stays within the budget", () => {
      expect(count(tree)).toBeLessThanOrEqual(1_000);
    });

    it("says it is partial and gives folders up to three levels deep with their file counts", () => {
      expect(tree).toMatch(/^File tree \(323 files; too many to list\)/);
      expect(tree).toContain("\nsrc/ (321)\n");
      expect(tree).toContain("\nsrc/billing/ (21)\n");
      expect(tree).toContain("\nsrc/billing/export/ (1)\n");
      expect(tree).toContain("\ndocs/ (1)\n");
      expect(tree).not.toContain("src/modules/module1/service.ts");
      expect(tree).toMatch(/Paths not listed here may exist; do not assume which\.$/);
    });

    it("lists every file of the chosen files' folders, and only those", () => {
      const files = tree.slice(tree.indexOf("Every file in the folders of the chosen files:"));
      for (let i = 0; i < 20; i += 1) expect(files).toContain(`src/billing/invoice${i}.ts\n`);
      expect(files).not.toContain("src/billing/export/csv.ts");
    });
  });

  it("drops the folder lines that do not fit half the budget, keeping the first in order", () => {
    const paths = Array.from({ length: 500 }, (_, i) => `pkg${String(i).padStart(3, "0")}/index.ts`);
    const tree = renderTree(paths, [], 200, count);
    expect(tree).toContain("pkg000/ (1)");
    expect(tree).not.toContain("pkg499/");
    expect(count(tree)).toBeLessThanOrEqual(200);
  });
});
