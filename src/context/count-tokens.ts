// Counts tokens with the tokenizer of the model family, so the context budget is spent as the model counts it.
import { countTokens as cl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { countTokens as o200k } from "gpt-tokenizer/encoding/o200k_base";

export type TokenCounter = (text: string) => number;

/**
 * gpt-4o, gpt-4.1, gpt-5 and the o-series use o200k_base; gpt-4 and gpt-3.5 use cl100k_base. Other families
 * (Llama, Qwen, Mistral...) have tokenizers of similar density; o200k_base is the estimate for them.
 */
export function tokenCounterFor(model: string): TokenCounter {
  const name = model.toLowerCase();
  const older = /(^|\/)(gpt-4(?![o.])|gpt-3\.5|text-embedding-ada)/.test(name);
  return older ? countCl100k : countO200k;
}

// One counter per encoding, so what is kept per counter (render-tree.ts) serves every plan. Special-token text in
// a repository file is plain text to us, not a control token.
const countCl100k: TokenCounter = (text) => cl100k(text, { disallowedSpecial: new Set() });
const countO200k: TokenCounter = (text) => o200k(text, { disallowedSpecial: new Set() });
