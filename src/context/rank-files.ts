// Ranks the repository's files for an issue: BM25 over content and path (term-index.ts), boosted by files the
// issue names, by definitions of the identifiers it mentions, and by import-graph neighbours of strong hits.
// `bm25` mode is the plain baseline the benchmark compares against.
import { DecodedTexts } from "../repo/text-arena.js";
import { definitionRanges } from "./definition-ranges.js";
import { buildImportGraph, type ImportGraph } from "./import-graph.js";
import type { IssueSignals } from "./issue-signals.js";
import { GENERATED_MARK_CHARS, issueIsAbout, type NoiseKind, noiseKind } from "./noise-files.js";
import { wholeTerm } from "./search-terms.js";
import { TermIndex } from "./term-index.js";

export interface RankedFile {
  path: string;
  score: number;
  reasons: string[];
  /** Lines the issue pointed at (a blob link with #L10-L20). */
  lines?: [number, number];
}

export interface RankOptions {
  mode: "full" | "bm25";
  /** Strong hits whose imports and importers are pulled in. */
  neighbourSeeds?: number;
  /** The files' import graph, when the caller keeps one for the commit (built from `files` otherwise). */
  importGraph?: () => ImportGraph;
  /** The files' term index, when the caller keeps one for the commit (built from `files` otherwise). */
  termIndex?: () => TermIndex;
}

function termIndexOf(files: ReadonlyMap<string, string>): TermIndex {
  return TermIndex.of([...files].map(([path, content]) => ({ path, content })));
}

const TEST_PATH =
  /(^|\/)(__tests__|tests?|spec|e2e|cypress|playwright)\/|\.(test|spec|e2e)\.[a-z]+$|_test\.(go|py|rb)$|(^|\/)test_[^/]+\.py$/;
const EXAMPLE_PATH = /(^|\/)(examples?|fixtures?|__snapshots__)\//;

/** How much a file's score keeps: noise the issue is not about is demoted (a file it names never is). */
const NOISE_FACTOR: Record<NoiseKind, number> = {
  translation: 0.05,
  template: 0.1,
  changelog: 0.1,
  "tool config": 0.2,
  generated: 0.1,
  vendored: 0.1,
  "test data": 0.1,
  docs: 0.5,
};

function noiseFactor(path: string, query: string, content: string | undefined): number {
  const kind = noiseKind(path, content);
  if (kind && !issueIsAbout(kind, query)) return NOISE_FACTOR[kind];
  return EXAMPLE_PATH.test(path) ? 0.5 : 1;
}
const MINIFIED = /\.min\.(js|css)$|\.map$|\.snap$/;

/** What `noiseKind` reads of a file: texts held as bytes decode that much alone. */
function headOf(files: ReadonlyMap<string, string>, path: string): string | undefined {
  return files instanceof DecodedTexts
    ? files.head(path, GENERATED_MARK_CHARS)
    : files.get(path)?.slice(0, GENERATED_MARK_CHARS);
}

function textIncludes(files: ReadonlyMap<string, string>, path: string, ascii: string): boolean {
  return files instanceof DecodedTexts
    ? files.includesAscii(path, ascii)
    : (files.get(path)?.includes(ascii) ?? false);
}

export function rankFiles(
  files: ReadonlyMap<string, string>,
  allPaths: string[],
  signals: IssueSignals,
  options: RankOptions,
): RankedFile[] {
  const index = options.termIndex?.() ?? termIndexOf(files);
  const scores = new Map<string, RankedFile>();
  const results = index.search(signals.query, options.mode === "full" ? { path: 3 } : {});
  const top = results[0]?.score ?? 1;
  for (const result of results) {
    const terms = result.terms.slice(0, 4).join(", ");
    scores.set(result.path, { path: result.path, score: result.score / top, reasons: [`matches ${terms}`] });
  }
  if (options.mode === "bm25") return sorted(scores);

  const entry = (path: string): RankedFile => {
    let found = scores.get(path);
    if (!found) {
      found = { path, score: 0, reasons: [] };
      scores.set(path, found);
    }
    return found;
  };

  for (const named of signals.paths) {
    for (const path of matchNamedPath(named.path, allPaths)) {
      const found = entry(path);
      found.score += 10;
      found.reasons.unshift("named in the issue");
      if (named.lines) found.lines = named.lines;
    }
  }

  if (signals.identifiers.length > 0) boostIdentifiers(files, index, signals.identifiers, entry);

  const namedPaths = new Set(signals.paths.flatMap((entry) => matchNamedPath(entry.path, allPaths)));
  for (const found of scores.values()) {
    if (namedPaths.has(found.path)) continue;
    if (MINIFIED.test(found.path)) found.score *= 0.1;
    else if (TEST_PATH.test(found.path) && !/\btests?\b|\bspec/i.test(signals.query)) found.score *= 0.4;
    else found.score *= noiseFactor(found.path, signals.query, headOf(files, found.path));
  }

  const graph = options.importGraph ?? (() => buildImportGraph(files, allPaths));
  addNeighbours(files, graph, sorted(scores).slice(0, options.neighbourSeeds ?? 8), entry);
  return sorted(scores);
}

/** An issue's path may be partial (`components/Button.tsx`) or just a file name. */
function matchNamedPath(named: string, allPaths: string[]): string[] {
  const clean = named.replace(/^\.?\//, "");
  if (allPaths.includes(clean)) return [clean];
  const suffix = allPaths.filter((path) => path.endsWith(`/${clean}`));
  if (suffix.length > 0 && suffix.length <= 3) return suffix;
  return [];
}

/** A name defined in more files than this (`setUp`, `render`) tells no file apart: it earns no boost. */
const MAX_DEFINERS = 4;

function boostIdentifiers(
  files: ReadonlyMap<string, string>,
  index: TermIndex,
  identifiers: string[],
  entry: (path: string) => RankedFile,
): void {
  const names = identifiers
    .filter((name) => /^[A-Za-z_$][\w$.]*$/.test(name))
    .map((name) => name.split(".").at(-1) ?? name);
  if (names.length === 0) return;
  const definers = definingFiles(files, candidateFiles(files, index, names), names);
  const definerCount = new Map<string, number>();
  for (const defined of definers.values())
    for (const name of defined) definerCount.set(name, (definerCount.get(name) ?? 0) + 1);
  const basenames = new Map(names.map((name) => [normalizeName(name), name]));
  for (const path of files.keys()) {
    const defined = [...(definers.get(path) ?? [])].filter(
      (name) => (definerCount.get(name) ?? 0) <= MAX_DEFINERS,
    );
    const base = path.slice(path.lastIndexOf("/") + 1).replace(/\.[^.]+$/, "");
    // Documentation and generated copies named like a class (javadoc pages) are not its definition.
    const likeName = basenames.get(normalizeName(base));
    const namedLike = likeName && !noiseKind(path) ? likeName : undefined;
    if (defined.length === 0 && !namedLike) continue;
    const found = entry(path);
    if (defined.length > 0) {
      found.score += Math.min(1.2, 0.6 * defined.length);
      found.reasons.push(
        `defines ${defined
          .slice(0, 3)
          .map((name) => `\`${name}\``)
          .join(", ")}`,
      );
    }
    if (namedLike) {
      found.score += 0.5;
      found.reasons.push(`named like \`${namedLike}\``);
    }
  }
}

/**
 * The files that can define one of the names: those holding a name as a token (the index knows them). A name
 * the index does not keep as a term (a stopword such as `get`) makes every file a candidate.
 */
function candidateFiles(
  files: ReadonlyMap<string, string>,
  index: TermIndex,
  names: string[],
): Iterable<string> {
  const terms = names.map(wholeTerm);
  if (terms.some((term) => term === undefined)) return files.keys();
  return new Set(terms.flatMap((term) => index.filesWith(term as string)));
}

/**
 * The names each file defines: by a declaration keyword or assignment, or by a signature read line by line. A name
 * found defined in more than MAX_DEFINERS files earns no file a boost, so it is looked for no further (a common
 * name such as `blocks` would otherwise have every file that holds it read whole); the search ends when no name is
 * left.
 */
function definingFiles(
  files: ReadonlyMap<string, string>,
  candidates: Iterable<string>,
  names: string[],
): Map<string, Set<string>> {
  const definers = new Map<string, Set<string>>();
  const counts = new Map<string, number>();
  // Every name stays in the pattern, so the matches of those still sought are the same whatever was dropped.
  const definition = definitionPattern(names);
  let sought = names;
  for (const path of candidates) {
    // A definition spells the name out: a file without it is not read (texts held as bytes are searched as such).
    if (!sought.some((name) => textIncludes(files, path, name))) continue;
    const defined = definedIn(files.get(path) ?? "", sought, definition);
    if (defined.size === 0) continue;
    definers.set(path, defined);
    for (const name of defined) counts.set(name, (counts.get(name) ?? 0) + 1);
    sought = sought.filter((name) => (counts.get(name) ?? 0) <= MAX_DEFINERS);
    if (sought.length === 0) break;
  }
  return definers;
}

function definitionPattern(names: string[]): RegExp {
  const alternation = names.map((name) => name.replace(/\$/g, "\\$")).join("|");
  return new RegExp(
    `\\b(?:class|function|def|interface|type|enum|struct|module|const|let|var|fn|func)\\s+(${alternation})\\b|\\b(${alternation})\\s*[:=]\\s*(?:async\\s*)?(?:\\(|function|class)`,
    "g",
  );
}

/** The names of `names` a text defines (`definition` is the definitionPattern of these names or more). */
function definedIn(content: string, names: string[], definition: RegExp): Set<string> {
  const defined = new Set<string>();
  for (const match of content.matchAll(definition)) {
    const name = match[1] ?? match[2] ?? "";
    if (names.includes(name)) defined.add(name);
  }
  // Signatures without a keyword (`public int parse(`, `func (r *T) Parse(`, `void Buf::grow(`) are read by lines,
  // in the few files that hold a name at all.
  const present = names.filter((name) => !defined.has(name) && content.includes(name));
  if (present.length > 0)
    for (const range of definitionRanges(content.split("\n"), present)) defined.add(range.name);
  return defined;
}

function addNeighbours(
  files: ReadonlyMap<string, string>,
  importGraph: () => ImportGraph,
  seeds: RankedFile[],
  entry: (path: string) => RankedFile,
): void {
  if (seeds.length === 0) return;
  const graph = importGraph();
  for (const seed of seeds) {
    const share = seed.score * 0.45;
    const link = (path: string, reason: string) => {
      if (!files.has(path)) return;
      const found = entry(path);
      if (found.score < share) {
        found.score = share;
        found.reasons.push(reason);
      }
    };
    for (const target of [...(graph.imports.get(seed.path) ?? [])].slice(0, 10))
      link(target, `imported by \`${seed.path}\``);
    for (const source of [...(graph.importedBy.get(seed.path) ?? [])].slice(0, 6))
      link(source, `imports \`${seed.path}\``);
  }
}

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]/g, "");
}

/** `localeCompare`'s order, from one collator (`localeCompare` sets one up per call when it cannot cache it). */
const byLocale = new Intl.Collator();

function sorted(scores: Map<string, RankedFile>): RankedFile[] {
  return [...scores.values()]
    .filter((file) => file.score > 0)
    .sort((a, b) => b.score - a.score || byLocale.compare(a.path, b.path));
}
