// An inverted index of a commit's files, built once and searched for every issue planned on that commit. It scores
// as MiniSearch does with exact terms (BM25+, k 1.2, b 0.7, d 0.5; a field's length is its count of distinct
// terms; a document's score times the number of query terms it matched), which the tests check against
// MiniSearch itself. MiniSearch is not used here because a full MiniSearch index of payloadcms/payload (8,800
// files, 35 M characters, 970,000 distinct file-term pairs) took 188 MB and 5 s to build, and an index of one
// issue's terms alone cannot serve the next issue; postings in plain arrays take a tenth of that memory, and
// building them costs little beyond reading the terms, which any ranking must do once.
import { searchTerms } from "./search-terms.js";

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

/** Which documents hold a term, and how often. */
interface Postings {
  docs: number[];
  counts: number[];
}

const FIELDS = ["path", "content"] as const;
type Field = (typeof FIELDS)[number];
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** Terms of a path or a file: paths split on their separators, and dots or dashes split words in text too. */
export function indexTerms(text: string): string[] {
  return searchTerms(text.replace(/[/.\\-]/g, " "));
}

export class TermIndex {
  readonly #paths: string[] = [];
  readonly #lengths: Record<Field, number[]> = { path: [], content: [] };
  readonly #average: Record<Field, number> = { path: 0, content: 0 };
  readonly #postings: Record<Field, Map<string, Postings>> = { path: new Map(), content: new Map() };

  constructor(documents: Iterable<TermDocument>) {
    for (const document of documents) this.#add(document);
  }

  get size(): number {
    return this.#paths.length;
  }

  /** Files holding the term in their content (a name's term: see `indexTerms`). */
  filesWith(term: string): string[] {
    return (this.#postings.content.get(term)?.docs ?? []).map((doc) => this.#paths[doc] as string);
  }

  /** Every file matching any of the query's terms, best first; a term repeated in the query counts again. */
  search(query: string, boost: Partial<Record<Field, number>> = {}): TermHit[] {
    const found = new Map<number, { score: number; match: Record<string, true> }>();
    for (const term of indexTerms(query)) {
      // One query term's score per document, its fields added in order, then added to the total (as MiniSearch
      // sums them, so the floating-point results are the same).
      const termScores = new Map<number, number>();
      for (const field of FIELDS) {
        const postings = this.#postings[field].get(term);
        if (!postings) continue;
        const weight = boost[field] ?? 1;
        const matching = postings.docs.length;
        postings.docs.forEach((doc, position) => {
          const score =
            weight *
            bm25(
              postings.counts[position] as number,
              matching,
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

  #add(document: TermDocument): void {
    const doc = this.#paths.length;
    this.#paths.push(document.path);
    for (const field of FIELDS) {
      const counts = new Map<string, number>();
      for (const term of indexTerms(document[field])) counts.set(term, (counts.get(term) ?? 0) + 1);
      // A running mean, computed as MiniSearch computes it.
      this.#average[field] = (this.#average[field] * doc + counts.size) / (doc + 1);
      this.#lengths[field].push(counts.size);
      const index = this.#postings[field];
      for (const [term, count] of counts) {
        let postings = index.get(term);
        if (!postings) {
          postings = { docs: [], counts: [] };
          index.set(term, postings);
        }
        postings.docs.push(doc);
        postings.counts.push(count);
      }
    }
  }
}

function bm25(count: number, matching: number, total: number, length: number, average: number): number {
  const { k, b, d } = BM25;
  const inverse = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return inverse * (d + (count * (k + 1)) / (count + k * (1 - b + (b * length) / average)));
}
