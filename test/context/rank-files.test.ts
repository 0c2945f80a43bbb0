import { describe, expect, it } from "vitest";
import { issueSignals } from "../../src/context/issue-signals.js";
import { rankFiles } from "../../src/context/rank-files.js";
import { TermIndex } from "../../src/context/term-index.js";
import { fixtureRepoFiles } from "../helpers/memory-snapshot.js";

const rank = (files: Map<string, string>, title: string, body: string, mode: "full" | "bm25" = "full") =>
  rankFiles(files, [...files.keys()], issueSignals(title, body), { mode });
const paths = (ranked: { path: string }[]) => ranked.map((file) => file.path);

const shop = new Map([
  [
    "src/billing/export.ts",
    "// Invoice export: invoices to rows. Every invoice of the month, each invoice on its own row.\n" +
      "export function invoiceRows(invoices: Invoice[]) {\n  return invoices.map((invoice) => [invoice.number]);\n}\n",
  ],
  [
    "src/lib/csv.ts",
    'export function toCsv(rows: string[][]) {\n  return rows.map((row) => row.join(",")).join("\\n");\n}\n',
  ],
  [
    "src/lib/dates.ts",
    "export function formatDay(date: Date) {\n  return date.toISOString().slice(0, 10);\n}\n",
  ],
]);

describe("rankFiles", () => {
  it("ranks a file the issue names above one that merely shares words", () => {
    const ranked = rank(shop, "Invoice export breaks on commas", "The invoice rows break in src/lib/csv.ts.");
    expect(ranked[0]?.path).toBe("src/lib/csv.ts");
    expect(ranked[0]?.reasons[0]).toBe("named in the issue");
    expect(paths(ranked)).toContain("src/billing/export.ts");
    expect(ranked.find((file) => file.path === "src/billing/export.ts")?.reasons[0]).toMatch(/^matches /);
  });

  it("keeps the lines a GitHub link points at on the file it names", () => {
    const ranked = rank(
      shop,
      "Wrong day in exports",
      "See https://github.com/acme/shop/blob/main/src/lib/dates.ts#L2-L3 for the off-by-one.",
    );
    expect(ranked[0]).toMatchObject({ path: "src/lib/dates.ts", lines: [2, 3] });
  });

  it("resolves a partial path to the file ending with it, but not a name shared by too many files", () => {
    const files = new Map([
      ["apps/web/src/components/Button.tsx", "export const Button = () => null;\n"],
      ...["a", "b", "c", "d"].map((dir): [string, string] => [`packages/${dir}/index.ts`, "export {};\n"]),
    ]);
    const named = rankFiles(
      files,
      [...files.keys()],
      { paths: [{ path: "components/Button.tsx" }], identifiers: [], query: "x" },
      { mode: "full" },
    );
    expect(named[0]).toMatchObject({
      path: "apps/web/src/components/Button.tsx",
      reasons: ["named in the issue"],
    });
    const ambiguous = rankFiles(
      files,
      [...files.keys()],
      { paths: [{ path: "index.ts" }], identifiers: [], query: "x" },
      { mode: "full" },
    );
    expect(ambiguous).toEqual([]);
  });

  it("adds to the score of the file defining an identifier the issue mentions, not of the files using it", () => {
    const files = new Map([
      [
        // No import between the two: the neighbour pass stays out of the comparison.
        "src/invoices/list.ts",
        "// Invoice amounts in the list: every amount goes through formatAmount.\n" +
          "export const rows = (invoices: Invoice[]) => invoices.map((invoice) => formatAmount(invoice.amount));\n",
      ],
      [
        "src/money/format.ts",
        "export function formatAmount(cents: number): string {\n  return (cents / 100).toFixed(2);\n}\n" +
          "export const parseAmount = (text: string) => Math.round(Number(text) * 100);\n" +
          "export class AmountError extends Error {}\n",
      ],
    ]);
    // The same issue with and without the identifiers it names: the difference is the definition boost.
    const scores = (body: string, withIdentifiers: boolean) => {
      const signals = issueSignals("Invoice amounts show too many decimals", body);
      const used = withIdentifiers ? signals : { ...signals, identifiers: [] };
      return new Map(
        rankFiles(files, [...files.keys()], used, { mode: "full" }).map((file) => [file.path, file]),
      );
    };
    const boost = (body: string, path: string) =>
      (scores(body, true).get(path)?.score ?? 0) - (scores(body, false).get(path)?.score ?? 0);
    const one = "`formatAmount` rounds invoice amounts wrongly.";
    expect(scores(one, true).get("src/money/format.ts")?.reasons).toContain("defines `formatAmount`");
    expect(boost(one, "src/money/format.ts")).toBeCloseTo(0.6, 5);
    expect(boost(one, "src/invoices/list.ts")).toBe(0);
    // Each definition adds 0.6, up to 1.2 however many the file holds.
    const three = "`formatAmount`, `parseAmount` and `AmountError` round invoice amounts wrongly.";
    expect(scores(three, true).get("src/money/format.ts")?.reasons).toContain(
      "defines `formatAmount`, `parseAmount`, `AmountError`",
    );
    expect(boost(three, "src/money/format.ts")).toBeCloseTo(1.2, 5);
  });

  it("ranks the file that defines a method by its signature (Java, Go, C++) above files that only call it", () => {
    const files = new Map([
      [
        "src/main/java/com/acme/JsonReader.java",
        "package com.acme;\npublic class JsonReader {\n  protected String parseFieldName(int ch) throws IOException {\n    return null;\n  }\n}\n",
      ],
      [
        "src/main/java/com/acme/Walker.java",
        "package com.acme;\nclass Walker {\n  void walk() { String name = reader.parseFieldName(c); name = reader.parseFieldName(d); }\n}\n",
      ],
      ["server/handler.go", "package server\nfunc (h *Handler) ServeRoute(w http.ResponseWriter) {\n}\n"],
      ["server/router.go", "package server\nfunc route() { h.ServeRoute(w); h.ServeRoute(w) }\n"],
    ]);
    const reader = rank(files, "Field names with escapes are read wrong", "`parseFieldName` drops escapes.");
    expect(reader[0]?.path).toBe("src/main/java/com/acme/JsonReader.java");
    expect(reader[0]?.reasons).toContain("defines `parseFieldName`");
    const handler = rank(files, "Routes answer 500", "`ServeRoute` fails on HEAD requests.");
    expect(handler.find((file) => file.path === "server/handler.go")?.reasons).toContain(
      "defines `ServeRoute`",
    );
    expect(handler.find((file) => file.path === "server/router.go")?.reasons).not.toContain(
      "defines `ServeRoute`",
    );
  });

  it("gives no definition boost for a name many files define (`setUp` in every test)", () => {
    const files = new Map(
      Array.from({ length: 6 }, (_, i): [string, string] => [
        `src/test/java/FooTest${i}.java`,
        "class FooTest {\n  @BeforeEach\n  public void setUp() {\n  }\n}\n",
      ]),
    );
    files.set(
      "src/main/java/DeepStubs.java",
      "class DeepStubs {\n  public Object answer(Object mock) {\n  }\n}\n",
    );
    const ranked = rank(files, "Deep stubs fail on enums", "In `setUp` I call `answer` on an enum mock.");
    expect(ranked.flatMap((file) => file.reasons).filter((reason) => reason.includes("`setUp`"))).toEqual([]);
    expect(ranked.find((file) => file.path === "src/main/java/DeepStubs.java")?.reasons).toContain(
      "defines `answer`",
    );
  });

  it("boosts a name four files define and not one five files define, read in any order", () => {
    const defining = (name: string, count: number) =>
      Array.from({ length: count }, (_, i): [string, string] => [
        `src/${name}${i}.ts`,
        `export function ${name}() {\n  return ${i};\n}\n`,
      ]);
    for (const order of [
      [...defining("loadRows", 4), ...defining("saveRows", 5)],
      [...defining("saveRows", 5), ...defining("loadRows", 4)],
    ]) {
      const ranked = rank(new Map(order), "Rows are lost", "`saveRows` drops what `loadRows` read.");
      const reasons = ranked.flatMap((file) => file.reasons);
      expect(reasons.filter((reason) => reason === "defines `loadRows`")).toHaveLength(4);
      expect(reasons.filter((reason) => reason.includes("`saveRows`"))).toEqual([]);
    }
  });

  it("names the file called like an identifier of the issue", () => {
    const files = fixtureRepoFiles("nextjs-prisma");
    const ranked = rank(files, "Sort the table", "`InvoiceTable` should sort by number.");
    const table = ranked.find((file) => file.path === "src/components/InvoiceTable.tsx");
    expect(table?.reasons).toEqual(
      expect.arrayContaining(["defines `InvoiceTable`", "named like `InvoiceTable`"]),
    );
    expect(ranked[0]?.path).toBe("src/components/InvoiceTable.tsx");
  });

  it("weighs tests down unless the issue is about tests", () => {
    const text =
      "export const discountRounding = (cents: number) => Math.round(cents); // discount rounding\n";
    const files = new Map([
      ["src/pricing.ts", text],
      ["src/pricing.test.ts", text],
    ]);
    const [source, test] = rank(files, "Discount rounding", "Discount rounding is off by a cent.");
    expect(source?.path).toBe("src/pricing.ts");
    expect(test?.path).toBe("src/pricing.test.ts");
    expect(test?.score).toBeCloseTo((source?.score ?? 0) * 0.4, 5);
    const aboutTests = rank(files, "Discount rounding tests", "Add tests for the discount rounding.");
    expect(aboutTests[0]?.path).toBe("src/pricing.test.ts");
    // The best match by words, and not weighed down.
    expect(aboutTests[0]?.score).toBe(1);
    expect(aboutTests[1]?.score).toBeLessThan(aboutTests[0]?.score ?? 0);
  });

  it("weighs documentation and minified bundles down", () => {
    const text = "Invoice export to CSV: the invoice export writes every invoice.\n";
    const files = new Map([
      ["docs/export.md", text],
      ["public/export.min.js", text],
      ["src/export.ts", text],
    ]);
    const ranked = rank(files, "Invoice export", "The invoice export to CSV.");
    expect(paths(ranked)).toEqual(["src/export.ts", "docs/export.md", "public/export.min.js"]);
    const [source, docs, bundle] = ranked.map((file) => file.score);
    expect(docs).toBeCloseTo((source ?? 0) * 0.5, 5);
    expect(bundle).toBeCloseTo((source ?? 0) * 0.1, 5);
  });

  it("pulls in the files a strong hit imports and the files importing it, with a share of its score", () => {
    const files = new Map([
      [
        "src/refunds/refund.ts",
        'import { ledger } from "../ledger";\n// Refund a payment: refunds write to the ledger.\nexport const refund = () => ledger;\n',
      ],
      ["src/ledger.ts", "export const ledger = [];\n"],
      [
        "src/routes.ts",
        'import { refund } from "./refunds/refund";\nexport const routes = { post: refund };\n',
      ],
      ["src/unrelated.ts", "export const colour = 'blue';\n"],
    ]);
    const ranked = rank(files, "Partial refunds", "Refunds should allow a partial refund of a payment.");
    const byPath = new Map(ranked.map((file) => [file.path, file]));
    const seed = byPath.get("src/refunds/refund.ts");
    expect(ranked[0]).toBe(seed);
    expect(byPath.get("src/ledger.ts")).toMatchObject({ reasons: ["imported by `src/refunds/refund.ts`"] });
    expect(byPath.get("src/ledger.ts")?.score).toBeCloseTo((seed?.score ?? 0) * 0.45, 5);
    expect(byPath.get("src/routes.ts")?.reasons).toContain("imports `src/refunds/refund.ts`");
    expect(byPath.has("src/unrelated.ts")).toBe(false);
  });

  it("ranks by words alone in bm25 mode: no named files, definitions or neighbours", () => {
    const ranked = rank(
      shop,
      "Invoice export breaks on commas",
      "The invoice rows break in src/lib/csv.ts.",
      "bm25",
    );
    expect(ranked[0]?.path).toBe("src/billing/export.ts");
    expect(ranked[0]?.score).toBe(1);
    expect(ranked.every((file) => file.reasons.every((reason) => reason.startsWith("matches ")))).toBe(true);
  });

  it("leaves out files nothing points at and orders ties by path", () => {
    const files = new Map([
      ["b/refund.ts", "refund\n"],
      ["a/refund.ts", "refund\n"],
      ["c/other.ts", "colour\n"],
    ]);
    expect(paths(rank(files, "Refund", ""))).toEqual(["a/refund.ts", "b/refund.ts"]);
  });
});

describe("rankFiles' term index", () => {
  it("scores every file as an index of all terms would (MiniSearch over every term, same options)", async () => {
    const { default: MiniSearch } = await import("minisearch");
    const { searchTerms } = await import("../../src/context/search-terms.js");
    const files = fixtureRepoFiles("nextjs-prisma");
    const signals = issueSignals("Export invoices as CSV", "Add an export button next to `InvoiceTable`.");
    const tokenize = (text: string) => searchTerms(text.replace(/[/.\\-]/g, " "));
    const all = [...files.keys()];
    const full = new MiniSearch<{ id: number; path: string; content: string }>({
      fields: ["path", "content"],
      tokenize,
      processTerm: (term) => term,
    });
    full.addAll(all.map((path, id) => ({ id, path, content: files.get(path) ?? "" })));
    const top = full.search(signals.query, { combineWith: "OR" });
    const expected = new Map(top.map((hit) => [all[hit.id as number], hit.score / (top[0]?.score ?? 1)]));
    const ranked = rankFiles(files, all, signals, { mode: "bm25" });
    expect(ranked.length).toBe(expected.size);
    for (const file of ranked) expect(file.score).toBeCloseTo(expected.get(file.path) ?? -1, 10);
  });

  it("searches the term index the caller keeps for the commit instead of building one", () => {
    const files = new Map([
      ["src/a.ts", "nothing about it"],
      ["src/b.ts", "nothing either"],
    ]);
    // An index of other text than the files: the ranking must come from it, not from re-reading the files.
    const kept = TermIndex.of([{ path: "src/a.ts", content: "invoice export" }]);
    const ranked = rankFiles(files, [...files.keys()], issueSignals("Invoice export", ""), {
      mode: "bm25",
      termIndex: () => kept,
    });
    expect(ranked.map((file) => file.path)).toEqual(["src/a.ts"]);
  });

  it("uses the import graph the caller keeps instead of building one", () => {
    let asked = 0;
    rankFiles(shop, [...shop.keys()], issueSignals("Invoice export", "invoiceRows"), {
      mode: "full",
      importGraph: () => {
        asked += 1;
        return { imports: new Map(), importedBy: new Map() };
      },
    });
    expect(asked).toBe(1);
  });
});
