// Tokens and terms kept beyond a file's text (the index's token table and vocabulary, the process's split cache)
// are copies: kept as the slices of the text they were found as, they would keep the whole text alive.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { ownString } from "../../src/context/own-string.js";
import { searchTerms } from "../../src/context/search-terms.js";
import { TermCounter } from "../../src/context/term-counter.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** 8 MB of text: 2,000 distinct identifiers long enough to be slices when matched, repeated. */
function largeText(): string {
  const words = Array.from({ length: 2_000 }, (_, at) => `someIdentifierNumber${at}Here`);
  const lines: string[] = [];
  for (let size = 0; size < 8 << 20; size += 40_000) lines.push(words.join(" "));
  return lines.join("\n");
}

/** Heap growth (MB) kept after `read` has read a large text and let it go. */
function keptAfter(read: (text: string) => void): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  read(largeText());
  // V8 keeps the last regular expression's subject (RegExp.input): another match lets the text go.
  /x/.exec("x");
  gc();
  return (process.memoryUsage().heapUsed - before) / 2 ** 20;
}

describe("strings kept beyond the text they were found in", () => {
  it("copies every code unit, lone surrogates included", () => {
    for (const text of ["short", "getUserByIdentifier", "\ud800 lone surrogate \udfff and more", ""])
      expect(ownString(text)).toBe(text);
  });

  it("lets a file's text go once the index has counted its terms", () => {
    const counter = new TermCounter();
    const kept = keptAfter((text) => counter.count(text, () => undefined));
    expect(counter.vocabulary.size).toBeGreaterThan(2_000);
    expect(kept).toBeLessThan(3);
  });

  it("lets a text go once its search terms are found (the split cache outlives it)", () => {
    let terms = 0;
    const kept = keptAfter((text) => {
      terms = searchTerms(text).length;
    });
    expect(terms).toBeGreaterThan(100_000);
    expect(kept).toBeLessThan(3);
  });
});
