import { describe, expect, it } from "vitest";
import { tokenCounterFor } from "../../src/context/count-tokens.js";

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
