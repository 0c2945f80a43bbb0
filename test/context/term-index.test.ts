import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { indexTerms, TermIndex } from "../../src/context/term-index.js";
import { TimeSlices } from "../../src/time-slices.js";
import { fixtureRepoFiles } from "../helpers/memory-snapshot.js";

/** MiniSearch over every term with the same tokenizer: what the index must score exactly like. */
function miniSearch(files: Map<string, string>) {
  const paths = [...files.keys()];
  const index = new MiniSearch<{ id: number; path: string; content: string }>({
    fields: ["path", "content"],
    tokenize: (text) => indexTerms(text),
    processTerm: (term) => term,
  });
  index.addAll(paths.map((path, id) => ({ id, path, content: files.get(path) ?? "" })));
  return (query: string, boost: Record<string, number>) =>
    index
      .search(query, { combineWith: "OR", boost })
      .map((hit) => ({ path: paths[hit.id as number] as string, score: hit.score, terms: hit.terms }));
}

function indexOf(files: Map<string, string>): TermIndex {
  return TermIndex.of([...files].map(([path, content]) => ({ path, content })));
}

const byPath = <T extends { path: string }>(hits: T[]) =>
  [...hits].sort((a, b) => (a.path < b.path ? -1 : 1));

describe("TermIndex", () => {
  const repositories = ["nextjs-prisma", "rails-app", "django-app", "monorepo"].map(fixtureRepoFiles);
  const queries = [
    "Export invoices as CSV: add an export button next to `InvoiceTable`",
    // A repeated term counts again; a status code is a term; the path field gets its own boost.
    "invoice invoice 404 page src components",
    "User sign-in fails with a 500 after password reset; see app/models/user.rb",
  ];

  it("scores every file as MiniSearch does, with and without a path boost", () => {
    for (const files of repositories) {
      const expected = miniSearch(files);
      const index = indexOf(files);
      for (const query of queries) {
        for (const boost of [{}, { path: 3 }] as Record<string, number>[]) {
          const want = byPath(expected(query, boost));
          const got = byPath(index.search(query, boost));
          expect(got.map((hit) => hit.path)).toEqual(want.map((hit) => hit.path));
          got.forEach((hit, position) => {
            expect(hit.score).toBe(want[position]?.score);
            expect(hit.terms).toEqual(want[position]?.terms);
          });
        }
      }
    }
  });

  it("counts every file, empty ones too, in the lengths and the document count", () => {
    const files = new Map([
      ["a.ts", "refund refund order"],
      ["b.ts", ""],
      ["c/refund.md", "nothing here"],
    ]);
    const got = byPath(indexOf(files).search("refund"));
    const want = byPath(miniSearch(files)("refund", {}));
    expect(got).toEqual(want);
    expect(got.map((hit) => hit.path)).toEqual(["a.ts", "c/refund.md"]);
  });

  it("lists the files holding a term in their content, not in their path alone", () => {
    const index = indexOf(
      new Map([
        ["src/format.ts", "export function formatAmount() {}"],
        ["src/formatAmount.ts", "export {}"],
        ["docs/money.md", "Call formatAmount(x) to format."],
      ]),
    );
    expect(index.filesWith("formatamount").sort()).toEqual(["docs/money.md", "src/format.ts"]);
    expect(index.filesWith("absent")).toEqual([]);
    expect(index.size).toBe(3);
  });

  it("builds the same index in slices as at once", async () => {
    for (const files of repositories) {
      const documents = [...files].map(([path, content]) => ({ path, content }));
      const sliced = await TermIndex.build(documents, new TimeSlices(0));
      const atOnce = TermIndex.of(documents);
      expect(sliced.size).toBe(atOnce.size);
      for (const query of queries)
        expect(sliced.search(query, { path: 3 })).toEqual(atOnce.search(query, { path: 3 }));
      expect(sliced.filesWith("invoic")).toEqual(atOnce.filesWith("invoic"));
    }
  });

  it("finds nothing for a query without terms", () => {
    expect(indexOf(new Map([["a.ts", "the a of"]])).search("the of a")).toEqual([]);
  });
});
