// Packs ranked files into a token budget: small files whole, large ones as excerpts around the lines that match
// the issue, each with the reason it was chosen. `whole` mode (the baseline) only takes files whole.

import type { TokenCounter } from "./count-tokens.js";
import { fenceUntrusted } from "./fence-untrusted.js";
import type { RankedFile } from "./rank-files.js";
import { searchTerms } from "./search-terms.js";

export interface PackedFile {
  path: string;
  reason: string;
  tokens: number;
  /** Line ranges shown (1-based, inclusive); absent when the whole file is shown. */
  ranges?: [number, number][];
  block: string;
}

export interface PackOptions {
  budget: number;
  count: TokenCounter;
  /** Terms of the issue, to pick the lines of an excerpt. */
  query: string;
  mode: "excerpts" | "whole";
  /** Above this a file is excerpted. */
  maxWholeTokens?: number;
  maxExcerptTokens?: number;
  /** Stop when less than this is left. */
  minUseful?: number;
}

const CONTEXT_LINES = 8;

export function packFiles(
  ranked: RankedFile[],
  files: Map<string, string>,
  options: PackOptions,
): PackedFile[] {
  const maxWhole = options.maxWholeTokens ?? 1_800;
  const maxExcerpt = options.maxExcerptTokens ?? 900;
  const minUseful = options.minUseful ?? 120;
  const terms = new Set(searchTerms(options.query));
  const packed: PackedFile[] = [];
  let left = options.budget;
  for (const file of ranked) {
    if (left < minUseful) break;
    const content = files.get(file.path);
    if (content === undefined) continue;
    const reason = file.reasons.slice(0, 3).join("; ") || "related by content";
    // Cheap pre-check by length before counting: tokens are rarely fewer than a quarter of the characters.
    const wholeFits = content.length / 4.5 <= Math.min(left, options.mode === "whole" ? left : maxWhole);
    if (wholeFits && !file.lines) {
      const block = renderBlock(file.path, reason, content, undefined, content.split("\n").length);
      const tokens = options.count(block);
      if (tokens <= left && (options.mode === "whole" || tokens <= maxWhole)) {
        packed.push({ path: file.path, reason, tokens, block });
        left -= tokens;
        continue;
      }
    }
    if (options.mode === "whole") continue;
    const excerpt = excerptFor(
      content,
      terms,
      file.lines,
      Math.min(maxExcerpt, left),
      options.count,
      file.path,
      reason,
    );
    if (!excerpt) continue;
    packed.push(excerpt);
    left -= excerpt.tokens;
  }
  return packed;
}

function excerptFor(
  content: string,
  terms: Set<string>,
  pointed: [number, number] | undefined,
  budget: number,
  count: TokenCounter,
  path: string,
  reason: string,
): PackedFile | undefined {
  const lines = content.split("\n");
  const scored = lines
    .map((line, index) => ({ index, score: lineScore(line, terms) }))
    .filter((line) => line.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index);
  const centres: [number, number][] = [];
  if (pointed) centres.push([pointed[0] - 1, pointed[1] - 1]);
  for (const line of scored.slice(0, 40)) centres.push([line.index, line.index]);
  if (centres.length === 0) centres.push([0, Math.min(lines.length - 1, 2 * CONTEXT_LINES)]);

  let ranges: [number, number][] = [];
  let best: PackedFile | undefined;
  for (const [start, end] of centres) {
    const candidate = merge([
      ...ranges,
      [Math.max(0, start - CONTEXT_LINES), Math.min(lines.length - 1, end + CONTEXT_LINES)],
    ]);
    const text = candidate.map(([a, b]) => lines.slice(a, b + 1).join("\n")).join("\n[...]\n");
    const shown = candidate.map(([a, b]): [number, number] => [a + 1, b + 1]);
    const block = renderBlock(path, reason, text, shown, lines.length);
    const tokens = count(block);
    if (tokens > budget) {
      if (best) break;
      continue;
    }
    ranges = candidate;
    best = { path, reason, tokens, ranges: shown, block };
  }
  return best;
}

/** How many distinct issue terms a line holds; definitions count double. */
function lineScore(line: string, terms: Set<string>): number {
  if (line.length > 400) return 0;
  const found = new Set(searchTerms(line).filter((term) => terms.has(term)));
  if (found.size === 0) return 0;
  return (
    found.size *
    (/\b(function|class|def|interface|type|const|export|model|create_table)\b/.test(line) ? 2 : 1)
  );
}

function merge(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const range of sorted) {
    const last = out.at(-1);
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else out.push([range[0], range[1]]);
  }
  return out;
}

function renderBlock(
  path: string,
  reason: string,
  text: string,
  ranges: [number, number][] | undefined,
  totalLines: number,
): string {
  const shown = ranges
    ? `lines ${ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(", ")} of ${totalLines}`
    : "whole file";
  return `\`${path}\` (${reason}; ${shown}):\n${fenceUntrusted(path, text)}`;
}
