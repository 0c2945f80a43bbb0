import { describe, expect, it } from "vitest";
import { issueSignals } from "../../src/context/issue-signals.js";

describe("issueSignals", () => {
  it("reads the path and line range of GitHub blob links", () => {
    const signals = issueSignals(
      "Wrong totals",
      [
        "See https://github.com/acme/shop/blob/main/src/cart/total.ts#L10-L20 and",
        "https://github.com/acme/shop/blob/0123abc/src/cart/tax.ts#L7 and",
        "https://github.com/acme/shop/blob/main/docs/Read%20Me.md for the rules.",
      ].join("\n"),
    );
    expect(signals.paths).toEqual([
      { path: "src/cart/total.ts", lines: [10, 20] },
      { path: "src/cart/tax.ts", lines: [7, 7] },
      { path: "docs/Read Me.md" },
    ]);
  });

  it("leaves the punctuation of a sentence a blob link ends off its path", () => {
    const signals = issueSignals(
      "Total is wrong",
      "See https://github.com/acme/shop/blob/main/src/cart/total.ts. It rounds early.",
    );
    expect(signals.paths).toEqual([{ path: "src/cart/total.ts" }]);
  });

  it("reads paths written in prose and in code spans, without a leading ./", () => {
    const signals = issueSignals(
      "Move the helper",
      "Move ./src/lib/money.ts into (packages/core/money.ts), next to `packages/core/src` and `lib/db.ts`.",
    );
    expect(signals.paths).toEqual([
      { path: "src/lib/money.ts" },
      { path: "packages/core/money.ts" },
      { path: "packages/core/src" },
      { path: "lib/db.ts" },
    ]);
  });

  it("reads identifiers from code spans and from CamelCase, camelCase, snake_case and dotted names", () => {
    const signals = issueSignals(
      "InvoiceTable breaks",
      "Calling `formatAmount()` from invoiceRows with the due_date of User.email fails; `npm run build` too.",
    );
    expect(signals.identifiers).toEqual([
      "formatAmount",
      "InvoiceTable",
      "invoiceRows",
      "due_date",
      "User.email",
    ]);
  });

  it("reads the item a Rust or C++ path ends on, and the type before it", () => {
    const signals = issueSignals(
      "Timeouts",
      "`tokio::time::sleep` hangs; `Buffer::grow()` and `std::vector` too.",
    );
    expect(signals.identifiers).toEqual(["sleep", "grow", "Buffer", "vector"]);
  });

  it("takes nothing from inside links but the blob path", () => {
    const signals = issueSignals(
      "Broken",
      "Log: https://example.com/runs/someCamelCase/src/main.ts?x=snake_case",
    );
    expect(signals).toMatchObject({ paths: [], identifiers: [] });
  });

  it("keeps at most 40 identifiers", () => {
    const body = Array.from({ length: 60 }, (_, i) => `handleEvent${i}`).join(" ");
    const signals = issueSignals("Many", body);
    expect(signals.identifiers).toHaveLength(40);
    expect(signals.identifiers[0]).toBe("handleEvent0");
  });

  it("weighs the title twice in the query and adds the /plan guidance", () => {
    expect(issueSignals("Export invoices", "As CSV.", "Use the csv package").query).toBe(
      "Export invoices\nExport invoices\nAs CSV.\nUse the csv package",
    );
  });
});
