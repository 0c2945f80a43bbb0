// Packs ranked files into a token budget: small files whole, large ones as excerpts, each with the reason it was
// chosen. An excerpt shows first the whole definitions of the identifiers the issue names, then the lines around
// those that match the issue, each line with its number. `whole` mode (the baseline) only takes files whole.

import type { TokenCounter } from "./count-tokens.js";
import { definitionRanges } from "./definition-ranges.js";
import { fenceFor, fenceUntrusted } from "./fence-untrusted.js";
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
  /** Identifiers the issue names (`Store.save` counts as `save`): their definitions lead an excerpt. */
  identifiers?: string[];
  mode: "excerpts" | "whole";
  /** Above this a file is excerpted. */
  maxWholeTokens?: number;
  maxExcerptTokens?: number;
  /** Stop when less than this is left. */
  minUseful?: number;
}

const CONTEXT_LINES = 8;
const MAX_MISSES = 1;

export function packFiles(
  ranked: RankedFile[],
  /** The texts the prompt may show, redacted (PromptTexts, or a plain map in tests). */
  files: { get(path: string): string | undefined },
  options: PackOptions,
): PackedFile[] {
  const maxWhole = options.maxWholeTokens ?? 1_200;
  const maxExcerpt = options.maxExcerptTokens ?? 800;
  const minUseful = options.minUseful ?? 120;
  const terms = new Set(searchTerms(options.query));
  const names = (options.identifiers ?? []).map((name) => name.split(".").at(-1) ?? name);
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
    const excerpt = excerptFor(content, { terms, names, pointed: file.lines }, Math.min(maxExcerpt, left), {
      count: options.count,
      path: file.path,
      reason,
    });
    if (!excerpt) continue;
    packed.push(excerpt);
    left -= excerpt.tokens;
  }
  return packed;
}

interface ExcerptFocus {
  terms: Set<string>;
  names: string[];
  /** Lines the issue points at (`file.ts:12`), 1-based. */
  pointed: [number, number] | undefined;
}

interface BlockInfo {
  count: TokenCounter;
  path: string;
  reason: string;
}

function excerptFor(
  content: string,
  focus: ExcerptFocus,
  budget: number,
  info: BlockInfo,
): PackedFile | undefined {
  const lines = content.split("\n");
  const tokensOf = excerptTokens(lines, info);
  let ranges: [number, number][] = [];
  let best: { ranges: [number, number][]; tokens: number } | undefined;
  let misses = 0;
  for (const choices of excerptCandidates(lines, focus)) {
    // Once a wanted part no longer fits, the excerpt is as full as it should get: stop counting tokens.
    if (misses >= MAX_MISSES) break;
    if (best) misses += 1;
    for (const [start, end] of choices) {
      const candidate = merge([...ranges, [Math.max(0, start), Math.min(lines.length - 1, end)]]);
      const tokens = tokensOf(candidate);
      if (tokens > budget) continue;
      ranges = candidate;
      best = { ranges: candidate, tokens };
      misses = 0;
      break;
    }
  }
  if (!best) return undefined;
  const shown = shownRanges(best.ranges);
  const block = renderBlock(info.path, info.reason, numbered(lines, best.ranges), shown, lines.length);
  return { path: info.path, reason: info.reason, tokens: best.tokens, ranges: shown, block };
}

/**
 * The tokens of an excerpt's block, without counting the block again for every candidate: a block is its header
 * line, the fence's opening line, its numbered lines and the closing fence, joined by newlines, and the
 * tokenizers split text after a newline that no second newline follows (their pre-tokenising patterns end a piece
 * there), so the block's count is the sum of its lines' counts, each with its newline. No line of a block is
 * empty (each has its number) or starts with a newline. Each line is counted once per file.
 */
function excerptTokens(lines: string[], info: BlockInfo): (ranges: [number, number][]) => number {
  const known = new Map<string, number>();
  const countLine = (line: string) => {
    let tokens = known.get(line);
    if (tokens === undefined) {
      tokens = info.count(line);
      known.set(line, tokens);
    }
    return tokens;
  };
  return (ranges) => {
    const body = numberedLines(lines, ranges);
    const fence = fenceFor(body.join("\n"));
    const shown = shownRanges(ranges);
    let tokens = info.count(`${blockHeader(info.path, info.reason, shown, lines.length)}\n`);
    tokens += info.count(`${fence}text ${info.path}\n`) + info.count(fence);
    for (const line of body) tokens += countLine(`${line}\n`);
    return tokens;
  };
}

/**
 * What an excerpt tries to show, most wanted first; each entry lists ranges from the fullest to a fallback: the
 * lines the issue points at, each definition of a named identifier (whole, else its head), then the lines that
 * match the issue's terms with some lines around them, or the file's head when nothing matches.
 */
function excerptCandidates(lines: string[], focus: ExcerptFocus): [number, number][][] {
  const candidates: [number, number][][] = [];
  const around = (start: number, end: number): [number, number] => [
    start - CONTEXT_LINES,
    end + CONTEXT_LINES,
  ];
  if (focus.pointed) candidates.push([around(focus.pointed[0] - 1, focus.pointed[1] - 1)]);
  for (const definition of definitionRanges(lines, focus.names))
    candidates.push([
      [definition.start, definition.end],
      [definition.start, Math.min(definition.end, definition.start + 2 * CONTEXT_LINES)],
    ]);
  const scored = lines
    .map((line, index) => ({ index, score: lineScore(line, focus.terms) }))
    .filter((line) => line.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index);
  for (const line of scored.slice(0, 40)) candidates.push([around(line.index, line.index)]);
  if (candidates.length === 0) candidates.push([[0, 2 * CONTEXT_LINES]]);
  return candidates;
}

/** The ranges' lines, each with its number, and `[...]` where lines are left out. */
function numbered(lines: string[], ranges: [number, number][]): string {
  return numberedLines(lines, ranges).join("\n");
}

function numberedLines(lines: string[], ranges: [number, number][]): string[] {
  const width = String((ranges.at(-1)?.[1] ?? 0) + 1).length;
  const out: string[] = [];
  ranges.forEach(([a, b], range) => {
    if (range > 0) out.push("[...]");
    for (let at = a; at <= b; at += 1) out.push(`${String(at + 1).padStart(width)}| ${lines[at]}`.trimEnd());
  });
  return out;
}

function shownRanges(ranges: [number, number][]): [number, number][] {
  return ranges.map(([a, b]): [number, number] => [a + 1, b + 1]);
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
  return `${blockHeader(path, reason, ranges, totalLines)}\n${fenceUntrusted(path, text)}`;
}

function blockHeader(
  path: string,
  reason: string,
  ranges: [number, number][] | undefined,
  totalLines: number,
): string {
  const shown = ranges
    ? `lines ${ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(", ")} of ${totalLines}`
    : "whole file";
  return `\`${path}\` (${reason}; ${shown}):`;
}
