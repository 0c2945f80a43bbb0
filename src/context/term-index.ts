// An inverted index of a commit's files, built once and searched for every issue planned on that commit. It scores
// as MiniSearch does with exact terms (BM25+, k 1.2, b 0.7, d 0.5; a field's length is its count of distinct
// terms; a document's score times the number of query terms it matched), which the tests check against
// MiniSearch itself. MiniSearch is not used here because a full MiniSearch index of payloadcms/payload (8,800
// files, 35 M characters, 970,000 distinct file-term pairs) took 188 MB and 5 s to build, and an index of one
// issue's terms alone cannot serve the next issue; postings in flat typed arrays take a fraction of that memory,
// and building them costs little beyond reading the terms, which any ranking must do once.

import { runAtOnce, runSliced, TimeSlices } from "../time-slices.js";
import { type SplitCache, searchTerms } from "./search-terms.js";
import { TermCounter } from "./term-counter.js";

export interface TermDocument {
  path: string;
  content: string;
}

export interface TermHit {
  path: string;
  score: number;
  /** The query's terms the file matched, as MiniSearch lists them. */
  terms: string[];
}

/**
 * One field's postings in three flat arrays: the documents holding term `t`, and how often, are at positions
 * `starts[t]` to `starts[t + 1]` of `docs` and `counts` (built from (term, document, count) triples in document
 * order, so each term's documents come in order). Flat arrays take a fraction of the memory of an array pair per
 * term (123,000 terms on payloadcms/payload).
 */
export interface FieldPostings {
  ids: Map<string, number>;
  starts: Int32Array;
  docs: Int32Array;
  counts: Int32Array;
}

/** (term id, document, count) triples of one field, in a growing flat array, while documents are added. */
class Triples {
  #data = new Int32Array(3 * 4_096);
  #length = 0;

  add(id: number, doc: number, count: number): void {
    if (this.#length + 3 > this.#data.length) {
      const grown = new Int32Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    const data = this.#data;
    data[this.#length] = id;
    data[this.#length + 1] = doc;
    data[this.#length + 2] = count;
    this.#length += 3;
  }

  /** The postings of the vocabulary's terms, grouped by term with a counting sort. */
  seal(ids: Map<string, number>): FieldPostings {
    const terms = ids.size;
    const pairs = this.#length / 3;
    const starts = new Int32Array(terms + 1);
    const data = this.#data;
    for (let at = 0; at < this.#length; at += 3) {
      const slot = (data[at] as number) + 1;
      starts[slot] = (starts[slot] as number) + 1;
    }
    for (let term = 0; term < terms; term += 1)
      starts[term + 1] = (starts[term + 1] as number) + (starts[term] as number);
    const next = starts.slice(0, terms);
    const docs = new Int32Array(pairs);
    const counts = new Int32Array(pairs);
    for (let at = 0; at < this.#length; at += 3) {
      const term = data[at] as number;
      const position = next[term] as number;
      docs[position] = data[at + 1] as number;
      counts[position] = data[at + 2] as number;
      next[term] = position + 1;
    }
    return { ids, starts, docs, counts };
  }
}

export const FIELDS = ["path", "content"] as const;
export type Field = (typeof FIELDS)[number];
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** Terms of a path or a file: paths split on their separators, and dots or dashes split words in text too. */
export function indexTerms(text: string, cache?: SplitCache): string[] {
  return searchTerms(text.replace(/[/.\\-]/g, " "), cache);
}

/** What an index holds once built: plain data and typed arrays, so a worker thread can build it and hand it over. */
export interface IndexParts {
  paths: string[];
  lengths: Record<Field, number[]>;
  average: Record<Field, number>;
  postings: Record<Field, FieldPostings>;
}

/** Adds documents one at a time, then seals them into an index's parts (on the main thread or a worker's). */
export class IndexBuilder {
  readonly #triples = { path: new Triples(), content: new Triples() };
  readonly #parts: Omit<IndexParts, "postings"> = {
    paths: [],
    lengths: { path: [], content: [] },
    average: { path: 0, content: 0 },
  };
  // One vocabulary for both fields; the tokens' ids are kept while this index is built, not after.
  readonly #counter = new TermCounter();

  add(document: TermDocument): void {
    const parts = this.#parts;
    const doc = parts.paths.length;
    parts.paths.push(document.path);
    for (const field of FIELDS) {
      const into = this.#triples[field];
      const distinct = this.#counter.count(document[field], (id, count) => into.add(id, doc, count));
      // A running mean, computed as MiniSearch computes it.
      parts.average[field] = (parts.average[field] * doc + distinct) / (doc + 1);
      parts.lengths[field].push(distinct);
    }
  }

  seal(): IndexParts {
    this.#counter.release();
    const ids = this.#counter.vocabulary;
    return {
      ...this.#parts,
      postings: { path: this.#triples.path.seal(ids), content: this.#triples.content.seal(ids) },
    };
  }
}

/** Builds an index one document per step (see time-slices.ts). */
function* indexing(documents: Iterable<TermDocument>): Generator<void, IndexParts> {
  const builder = new IndexBuilder();
  for (const document of documents) {
    builder.add(document);
    yield;
  }
  return builder.seal();
}

export class TermIndex {
  readonly #paths: string[];
  readonly #lengths: Record<Field, number[]>;
  readonly #average: Record<Field, number>;
  readonly #postings: Record<Field, FieldPostings>;

  /** An index of the documents, built at once. */
  static of(documents: Iterable<TermDocument>): TermIndex {
    return new TermIndex(runAtOnce(indexing(documents)));
  }

  /** An index of the documents, built in slices that hand the event loop back between them. */
  static async build(documents: Iterable<TermDocument>, slices = new TimeSlices()): Promise<TermIndex> {
    return new TermIndex(await runSliced(indexing(documents), slices));
  }

  /** An index from parts built elsewhere (a worker thread's `IndexBuilder`). */
  static fromParts(parts: IndexParts): TermIndex {
    return new TermIndex(parts);
  }

  private constructor(parts: IndexParts) {
    this.#paths = parts.paths;
    this.#lengths = parts.lengths;
    this.#average = parts.average;
    this.#postings = parts.postings;
  }

  get size(): number {
    return this.#paths.length;
  }

  /** Files holding the term in their content (a name's term: see `indexTerms`). */
  filesWith(term: string): string[] {
    const { docs } = this.#range("content", term);
    return [...docs].map((doc) => this.#paths[doc] as string);
  }

  /** Every file matching any of the query's terms, best first; a term repeated in the query counts again. */
  search(query: string, boost: Partial<Record<Field, number>> = {}): TermHit[] {
    const found = new Map<number, { score: number; match: Record<string, true> }>();
    for (const term of indexTerms(query)) {
      // One query term's score per document, its fields added in order, then added to the total (as MiniSearch
      // sums them, so the floating-point results are the same).
      const termScores = new Map<number, number>();
      for (const field of FIELDS) {
        const { docs, counts } = this.#range(field, term);
        const weight = boost[field] ?? 1;
        docs.forEach((doc, position) => {
          const score =
            weight *
            bm25(
              counts[position] as number,
              docs.length,
              this.size,
              this.#lengths[field][doc] as number,
              this.#average[field],
            );
          termScores.set(doc, (termScores.get(doc) ?? 0) + score);
        });
      }
      for (const [doc, score] of termScores) {
        const entry = found.get(doc);
        if (entry) {
          entry.score += score;
          entry.match[term] = true;
        } else found.set(doc, { score, match: { [term]: true } });
      }
    }
    return [...found]
      .map(([doc, { score, match }]) => {
        const terms = Object.keys(match);
        return { path: this.#paths[doc] as string, score: score * terms.length, terms };
      })
      .sort((a, b) => b.score - a.score);
  }

  /** The documents holding `term` in `field`, and how often (views into the flat arrays). */
  #range(field: Field, term: string): { docs: Int32Array; counts: Int32Array } {
    const { ids, starts, docs, counts } = this.#postings[field];
    const id = ids.get(term);
    if (id === undefined) return { docs: new Int32Array(0), counts: new Int32Array(0) };
    const [from, to] = [starts[id] as number, starts[id + 1] as number];
    return { docs: docs.subarray(from, to), counts: counts.subarray(from, to) };
  }
}

function bm25(count: number, matching: number, total: number, length: number, average: number): number {
  const { k, b, d } = BM25;
  const inverse = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return inverse * (d + (count * (k + 1)) / (count + k * (1 - b + (b * length) / average)));
}
