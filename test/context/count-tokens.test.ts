import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitsWithin, tokenCounterFor } from "../../src/context/count-tokens.js";

describe("tokenCounterFor", () => {
  const text = "export function refundPayment(payment: Payment): Promise<Refund> {}";

  it("counts with o200k for current OpenAI models and other families, cl100k for gpt-4 and gpt-3.5", () => {
    const o200k = tokenCounterFor("gpt-4.1")(text);
    const cl100k = tokenCounterFor("gpt-4")(text);
    expect(o200k).not.toBe(cl100k);
    for (const model of [
      "gpt-4o",
      "gpt-4o-mini",
      "gpt-5",
      "o3",
      "openai/gpt-4.1",
      "llama3.1:8b",
      "qwen2.5-coder",
    ])
      expect(tokenCounterFor(model)(text)).toBe(o200k);
    for (const model of [
      "gpt-4",
      "GPT-4-turbo",
      "gpt-4-0613",
      "gpt-3.5-turbo",
      "openai/gpt-4",
      "text-embedding-ada-002",
    ])
      expect(tokenCounterFor(model)(text)).toBe(cl100k);
  });

  it("counts special-token text in a file as plain text instead of failing", () => {
    const count = tokenCounterFor("gpt-4.1");
    expect(count("<|endoftext|>")).toBeGreaterThan(1);
    expect(tokenCounterFor("gpt-4")("<|endoftext|><|im_start|>")).toBeGreaterThan(2);
  });
});

describe("fitsWithin", () => {
  const counters = { o200k: tokenCounterFor("gpt-4o"), cl100k: tokenCounterFor("gpt-4") };

  it("decides as the whole text's count does, counting it a piece at a time", () => {
    const pieces = [
      "src",
      "/",
      "a.ts",
      "\n",
      "\n\n",
      "\r\n",
      " ",
      "  ",
      ")",
      "é",
      "😀",
      "12",
      "```",
      "'s",
      "\t",
      "-",
      "Z",
    ];
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(
        text,
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 24 }),
        fc.constantFrom("o200k", "cl100k"),
        (sample, budget, pieceChars, name) => {
          const count = counters[name as keyof typeof counters];
          expect(fitsWithin(sample, budget, count, pieceChars)).toBe(count(sample) <= budget);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("stops counting once the budget is passed", () => {
    const listing = Array.from({ length: 20_000 }, (_, at) => `packages/app/src/module${at}/index.ts`).join(
      "\n",
    );
    let counted = 0;
    const count = (text: string) => {
      counted += text.length;
      return counters.o200k(text);
    };
    expect(fitsWithin(listing, 1_000, count)).toBe(false);
    expect(counted).toBeLessThan(listing.length / 10);
    expect(fitsWithin(listing, 10_000_000, counters.o200k)).toBe(true);
  });
});
