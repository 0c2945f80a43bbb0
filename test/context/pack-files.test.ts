import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tokenCounterFor } from "../../src/context/count-tokens.js";
import { packFiles } from "../../src/context/pack-files.js";
import type { RankedFile } from "../../src/context/rank-files.js";

const count = tokenCounterFor("gpt-4.1");
const ranked = (path: string, reasons: string[] = [], lines?: [number, number]): RankedFile => ({
  path,
  score: 1,
  reasons,
  ...(lines ? { lines } : {}),
});
/** A long file with one function about refunds in its middle. */
const longFile = Array.from({ length: 400 }, (_, i) =>
  i === 200
    ? "export function refundPayment(payment: Payment) {"
    : `export const setting${i} = "value number ${i} of the configuration";`,
).join("\n");

describe("packFiles", () => {
  it("packs small files whole, in rank order, each with the reasons it was chosen", () => {
    const files = new Map([
      ["src/a.ts", "export const a = 1;\n"],
      ["src/b.ts", "export const b = 2;\n"],
    ]);
    const packed = packFiles(
      [
        ranked("src/b.ts", ["named in the issue", "matches b", "defines `b`", "fourth reason"]),
        ranked("src/a.ts"),
      ],
      files,
      { budget: 2_000, count, query: "b", mode: "excerpts" },
    );
    expect(packed.map((file) => file.path)).toEqual(["src/b.ts", "src/a.ts"]);
    expect(packed[0]).toEqual({
      path: "src/b.ts",
      reason: "named in the issue; matches b; defines `b`",
      tokens: count(packed[0]?.block ?? ""),
      block:
        "`src/b.ts` (named in the issue; matches b; defines `b`; whole file):\n```text src/b.ts\nexport const b = 2;\n\n```",
    });
    expect(packed[1]?.reason).toBe("related by content");
  });

  it("shows a large file as an excerpt around the lines that match the issue", () => {
    const packed = packFiles([ranked("src/payments.ts")], new Map([["src/payments.ts", longFile]]), {
      budget: 4_000,
      count,
      query: "Refund a payment",
      mode: "excerpts",
    });
    expect(packed).toHaveLength(1);
    expect(packed[0]?.ranges).toEqual([[193, 209]]);
    expect(packed[0]?.block).toContain("lines 193-209 of 400");
    expect(packed[0]?.block).toContain("export function refundPayment(payment: Payment) {");
    expect(packed[0]?.block).not.toContain("setting0 ");
  });

  it("shows the whole definition of an identifier the issue names before other matching lines, numbered", () => {
    const body = Array.from({ length: 40 }, (_, i) => `  total = total - rate * ${i};`);
    const source = Array.from({ length: 600 }, (_, i) => `const filler${i} = ${i}; // discount note ${i}`);
    source.splice(
      300,
      0,
      "export function applyDiscount(total: number, rate: number) {",
      ...body,
      "  return total;",
      "}",
    );
    const packed = packFiles([ranked("src/cart.ts")], new Map([["src/cart.ts", source.join("\n")]]), {
      budget: 900,
      count,
      query: "applyDiscount gives the wrong discount",
      identifiers: ["cart.applyDiscount"],
      mode: "excerpts",
    });
    const [file] = packed;
    // The definition (lines 301-343) is shown whole, though lines mentioning "discount" are everywhere.
    expect(file?.ranges?.some(([a, b]) => a <= 301 && b >= 343)).toBe(true);
    expect(file?.block).toContain("301| export function applyDiscount(total: number, rate: number) {");
    expect(file?.block).toContain("343| }");
    expect(file?.tokens).toBeLessThanOrEqual(900);
  });

  it("centres the excerpt on the lines a link in the issue points at, even in a small file", () => {
    const small = Array.from({ length: 60 }, (_, i) => `line ${i + 1}`).join("\n");
    const packed = packFiles(
      [ranked("src/small.ts", ["named in the issue"], [30, 31])],
      new Map([["src/small.ts", small]]),
      {
        budget: 4_000,
        count,
        query: "nothing matching",
        mode: "excerpts",
      },
    );
    expect(packed[0]?.ranges).toEqual([[22, 39]]);
    expect(packed[0]?.block).toContain("lines 22-39 of 60");
  });

  it("never spends more than the budget and stops when too little is left to be useful", () => {
    const files = new Map(
      Array.from({ length: 30 }, (_, i): [string, string] => [
        `src/file${i}.ts`,
        Array.from({ length: 20 }, (_, line) => `export const refund${line} = ${line};`).join("\n"),
      ]),
    );
    const packed = packFiles(
      [...files.keys()].map((path) => ranked(path)),
      files,
      {
        budget: 1_500,
        count,
        query: "refund",
        mode: "excerpts",
        minUseful: 200,
      },
    );
    const spent = packed.reduce((sum, file) => sum + file.tokens, 0);
    expect(spent).toBeLessThanOrEqual(1_500);
    expect(1_500 - spent).toBeLessThan(200 + Math.max(...packed.map((file) => file.tokens)));
    expect(packed.length).toBeGreaterThan(2);
    expect(packed.length).toBeLessThan(30);
  });

  it("skips files it has no text for", () => {
    const packed = packFiles(
      [ranked("src/gone.ts"), ranked("src/here.ts")],
      new Map([["src/here.ts", "x\n"]]),
      {
        budget: 1_000,
        count,
        query: "x",
        mode: "excerpts",
      },
    );
    expect(packed.map((file) => file.path)).toEqual(["src/here.ts"]);
  });

  it("takes only whole files in whole mode, skipping one that does not fit for a smaller one that does", () => {
    const files = new Map([
      ["src/payments.ts", longFile],
      ["src/small.ts", "export const refund = true;\n"],
    ]);
    const packed = packFiles([ranked("src/payments.ts"), ranked("src/small.ts")], files, {
      budget: 1_000,
      count,
      query: "refund",
      mode: "whole",
    });
    expect(packed.map((file) => [file.path, file.ranges])).toEqual([["src/small.ts", undefined]]);
  });

  it("fences file text so backticks inside cannot close the block", () => {
    const text = "const md = `\n```\nnot code\n```\n`;\n";
    const [file] = packFiles([ranked("src/md.ts")], new Map([["src/md.ts", text]]), {
      budget: 1_000,
      count,
      query: "md",
      mode: "excerpts",
    });
    expect(file?.block).toContain("````text src/md.ts\n");
    expect(file?.block.endsWith("\n````")).toBe(true);
  });
});

describe("an excerpt's token count", () => {
  // Excerpts are counted line by line (each line once per file); the sum must be the block's own count.
  const counters = { o200k: tokenCounterFor("gpt-4.1"), cl100k: tokenCounterFor("gpt-4") };

  function excerptOf(content: string, counter: (text: string) => number, query: string) {
    const [packed] = packFiles(
      [ranked("src/some file `x`.ts", ["matches it"])],
      new Map([["src/some file `x`.ts", content]]),
      {
        budget: 600,
        count: counter,
        query,
        mode: "excerpts",
        maxWholeTokens: 0,
        maxExcerptTokens: 600,
      },
    );
    return packed;
  }

  it("is the count of the block it shows, for both encodings, on real files", () => {
    for (const [name, counter] of Object.entries(counters)) {
      const packed = excerptOf(longFile, counter, "refund payment setting");
      expect(packed?.ranges, name).toBeDefined();
      expect(packed?.tokens, name).toBe(counter(packed?.block ?? ""));
    }
  });

  it("is the count of the block for any lines: punctuation, indentation, backticks, CRLF, tabs, emoji and CJK", () => {
    const pieces = [
      "refund",
      "Payment",
      " ",
      "    ",
      "\t",
      ";",
      "};",
      "/",
      "//",
      "[",
      "]",
      "`",
      "```",
      "\r",
      "'s",
      "42",
      "日本語",
      "😀",
      "é",
      ":",
      "(",
      ")",
      "\u2028",
      "-",
      "#",
    ];
    const line = fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 80 }),
        fc.constantFrom("o200k", "cl100k"),
        (lines, name) => {
          const counter = counters[name as keyof typeof counters];
          const packed = excerptOf(lines.join("\n"), counter, "refund payment");
          if (packed) expect(packed.tokens).toBe(counter(packed.block));
        },
      ),
      { numRuns: 300 },
    );
  });
});
