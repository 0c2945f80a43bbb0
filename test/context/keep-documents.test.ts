import { describe, expect, it } from "vitest";
import { keepDocuments } from "../../src/context/keep-documents.js";
import { IndexBuilder, type IndexParts, type TermDocument, TermIndex } from "../../src/context/term-index.js";
import { fixtureRepoFiles } from "../helpers/memory-snapshot.js";

function partsOf(documents: TermDocument[]): IndexParts {
  const builder = new IndexBuilder();
  for (const document of documents) builder.add(document);
  return builder.seal();
}

const queries = [
  "Export invoices as CSV: add an export button next to `InvoiceTable`",
  "invoice invoice 404 page src components",
  "User sign-in fails with a 500 after password reset; see app/models/user.rb",
];

describe("keepDocuments", () => {
  const documents = ["nextjs-prisma", "rails-app", "django-app", "monorepo"]
    .flatMap((name) =>
      [...fixtureRepoFiles(name)].map(([path, content]) => ({ path: `${name}/${path}`, content })),
    )
    // One path in three left out, as a .gitignore or a binary file leaves some out after they were indexed.
    .map((document, at) => ({ document, kept: at % 3 !== 1 }));

  it("scores the kept files exactly as an index of those files alone, in the same order", () => {
    const kept = documents.filter((entry) => entry.kept).map((entry) => entry.document);
    const narrowed = keepDocuments(
      partsOf(documents.map((entry) => entry.document)),
      kept.map((document) => document.path),
    );
    expect(narrowed).toBeDefined();
    const fromParts = TermIndex.fromParts(narrowed as IndexParts);
    const alone = TermIndex.of(kept);
    expect(fromParts.size).toBe(kept.length);
    for (const query of queries) {
      expect(fromParts.search(query, { path: 2 })).toEqual(alone.search(query, { path: 2 }));
      expect(fromParts.search(query)).toEqual(alone.search(query));
    }
    expect(fromParts.filesWith("invoice")).toEqual(alone.filesWith("invoice"));
  });

  it("hands back the parts themselves when every file is kept", () => {
    const parts = partsOf(documents.map((entry) => entry.document));
    expect(keepDocuments(parts, parts.paths)).toBe(parts);
  });

  it("refuses a file that was not indexed, or files in another order", () => {
    const parts = partsOf([
      { path: "a.ts", content: "alpha" },
      { path: "b.ts", content: "beta" },
      { path: "c.ts", content: "gamma" },
    ]);
    expect(keepDocuments(parts, ["a.ts", "d.ts"])).toBeUndefined();
    expect(keepDocuments(parts, ["c.ts", "a.ts"])).toBeUndefined();
    expect(keepDocuments(parts, ["a.ts", "c.ts"])?.paths).toEqual(["a.ts", "c.ts"]);
    expect(keepDocuments(parts, [])?.paths).toEqual([]);
  });
});
