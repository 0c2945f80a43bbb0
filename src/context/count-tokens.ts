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

/**
 * Whether the text has at most `budget` tokens, counted a piece at a time and no further once the budget is passed
 * (a large repository's file listing is hundreds of kilobytes, of which a context shows a few). A piece ends after a
 * newline that a letter or digit follows: the tokenizers' pre-tokenising patterns end a piece of text there (none
 * runs from a newline into a letter or digit), so the pieces' counts add up to the whole text's.
 */
export function fitsWithin(text: string, budget: number, count: TokenCounter, pieceChars = 16_384): boolean {
  let used = 0;
  for (let start = 0; start < text.length; ) {
    const end = pieceEnd(text, start + pieceChars);
    used += count(text.slice(start, end));
    if (used > budget) return false;
    start = end;
  }
  return true;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** The first place at or after `from` that follows a newline and precedes a letter or digit (else the end). */
function pieceEnd(text: string, from: number): number {
  for (
    let newline = text.indexOf("\n", from - 1);
    newline !== -1;
    newline = text.indexOf("\n", newline + 1)
  ) {
    const next = text[newline + 1];
    if (next !== undefined && LETTER_OR_DIGIT.test(next)) return newline + 1;
  }
  return text.length;
}
