// Counts the terms of a commit's files for its term index. Tens of millions of characters go through here on a
// large repository, so the work per occurrence is one map lookup: each distinct token is split and stemmed once per
// build and kept as the ids of its terms in the commit's vocabulary, and a text's counts are kept in a flat array
// indexed by term id. (Counting into a map of term strings, asking a cache of split tokens for every occurrence and
// then a map of term ids per term, was more than half of building payloadcms/payload's index in a CPU profile.)
import { ownString } from "./own-string.js";
import { indexTokens, tokenTerms } from "./search-terms.js";

/** A token's term ids: one id, or several (an identifier and its words), or none (a stopword). */
type TokenIds = number | readonly number[];

/** Distinct tokens whose ids are kept at once: a repository of random tokens cannot grow the map without end. */
const TOKEN_CACHE_MAX = 200_000;

export class TermCounter {
  /** `tokenCacheMax`: distinct tokens whose ids are kept at once (the tests make it small). */
  constructor(private readonly tokenCacheMax = TOKEN_CACHE_MAX) {}

  /** Every term seen, by id (ids are given in the order terms are first seen). */
  readonly vocabulary = new Map<string, number>();
  readonly #tokens = new Map<string, TokenIds>();
  #counts = new Int32Array(4_096);
  readonly #seen: number[] = [];

  /**
   * Counts the text's terms as `searchTerms` finds them in the text with its dots, slashes, backslashes and dashes
   * read as spaces; calls `found` once per distinct term, in the order first found, with its id and count.
   * Returns the number of distinct terms.
   */
  count(text: string, found: (id: number, count: number) => void): number {
    const tokens = indexTokens(text);
    const seen = this.#seen;
    seen.length = 0;
    for (let at = 0; at < tokens.length; at += 1) {
      const ids = this.#idsOf(tokens[at] as string);
      if (typeof ids === "number") this.#add(ids);
      else for (let next = 0; next < ids.length; next += 1) this.#add(ids[next] as number);
    }
    const counts = this.#counts;
    for (let at = 0; at < seen.length; at += 1) {
      const id = seen[at] as number;
      found(id, counts[id] as number);
      counts[id] = 0;
    }
    return seen.length;
  }

  /** Forgets the tokens' ids (the vocabulary stays): what the counter keeps beyond the index, once it is built. */
  release(): void {
    this.#tokens.clear();
  }

  #add(id: number): void {
    const counts = this.#counts;
    if (counts[id] === 0) this.#seen.push(id);
    counts[id] = (counts[id] as number) + 1;
  }

  #idsOf(token: string): TokenIds {
    const known = this.#tokens.get(token);
    if (known !== undefined) return known;
    // The token is a slice of the text: kept as it is, it (and the terms made of it) would keep the text alive.
    const own = ownString(token);
    const ids = tokenTerms(own).map((term) => this.#idOf(term));
    const entry = ids.length === 1 ? (ids[0] as number) : ids;
    if (this.#tokens.size >= this.tokenCacheMax) this.#tokens.clear();
    this.#tokens.set(own, entry);
    return entry;
  }

  #idOf(term: string): number {
    let id = this.vocabulary.get(term);
    if (id === undefined) {
      id = this.vocabulary.size;
      this.vocabulary.set(term, id);
      if (id >= this.#counts.length) {
        const grown = new Int32Array(this.#counts.length * 2);
        grown.set(this.#counts);
        this.#counts = grown;
      }
    }
    return id;
  }
}
