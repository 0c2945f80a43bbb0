// Counts the terms of a commit's files for its term index. Tens of millions of characters go through here on a
// large repository, so a text is read once, character by character: each token is found, hashed and looked up in a
// table of the distinct tokens seen in the same pass, without making a string of it, and a text's counts are kept
// in a flat array indexed by term id. Each distinct token is split and stemmed once per build and kept as the ids
// of its terms in the commit's vocabulary. (A regular expression's match array, a string per occurrence and a Map
// lookup per occurrence were most of building a 100,000-file repository's index in a CPU profile.)
import { ownString } from "./own-string.js";
import { tokenTerms } from "./search-terms.js";

/** A token's term ids: one id, or several (an identifier and its words), or none (a stopword). */
type TokenIds = number | readonly number[];

/** Distinct tokens whose ids are kept at once: a repository of random tokens cannot grow the table without end. */
const TOKEN_CACHE_MAX = 200_000;

// What each ASCII character may be: a token's first character (`[A-Za-z_$]`), a later one (`[A-Za-z0-9_$]`), a
// character that may not stand beside a status number (`[\w:]`), a digit.
const STARTS = 1;
const CONTINUES = 2;
const BLOCKS_NUMBER = 4;
const DIGIT = 8;
const CLASSES = (() => {
  const classes = new Uint8Array(128);
  const mark = (from: string, to: string, bits: number) => {
    for (let code = from.charCodeAt(0); code <= to.charCodeAt(0); code += 1)
      classes[code] = (classes[code] as number) | bits;
  };
  mark("A", "Z", STARTS | CONTINUES | BLOCKS_NUMBER);
  mark("a", "z", STARTS | CONTINUES | BLOCKS_NUMBER);
  mark("_", "_", STARTS | CONTINUES | BLOCKS_NUMBER);
  mark("$", "$", STARTS | CONTINUES);
  mark("0", "9", CONTINUES | BLOCKS_NUMBER | DIGIT);
  mark(":", ":", BLOCKS_NUMBER);
  return classes;
})();
const classOf = (code: number) => (code < 128 ? (CLASSES[code] as number) : 0);
const ONE = 49;
const FIVE = 53;

export class TermCounter {
  /** `tokenCacheMax`: distinct tokens whose ids are kept at once (the tests make it small). */
  constructor(tokenCacheMax = TOKEN_CACHE_MAX) {
    this.#tokens = new TokenTable(tokenCacheMax);
  }

  /** Every term seen, by id (ids are given in the order terms are first seen). */
  readonly vocabulary = new Map<string, number>();
  readonly #tokens: TokenTable;
  #counts = new Int32Array(4_096);
  readonly #seen: number[] = [];

  /**
   * Counts the text's terms as `searchTerms` finds them in the text with its dots, slashes, backslashes and dashes
   * read as spaces (the tokens `indexTokens` matches); calls `found` once per distinct term, in the order first
   * found, with its id and count. Returns the number of distinct terms.
   */
  count(text: string, found: (id: number, count: number) => void): number {
    const seen = this.#seen;
    seen.length = 0;
    const length = text.length;
    let at = 0;
    while (at < length) {
      const first = text.charCodeAt(at);
      if (classOf(first) & STARTS) {
        // The token's hash is taken as it is read (hashOf's steps, inlined).
        let hash = Math.imul(FNV_OFFSET ^ first, FNV_PRIME);
        let end = at + 1;
        for (; end < length; end += 1) {
          const code = text.charCodeAt(end);
          if (!(classOf(code) & CONTINUES)) break;
          hash = Math.imul(hash ^ code, FNV_PRIME);
        }
        this.#addToken(text, at, end, mixed(hash));
        at = end;
      } else if (isStatus(text, at)) {
        this.#addToken(text, at, at + 3, hashOf(text, at, at + 3));
        at += 3;
      } else at += 1;
    }
    const counts = this.#counts;
    for (let next = 0; next < seen.length; next += 1) {
      const id = seen[next] as number;
      found(id, counts[id] as number);
      counts[id] = 0;
    }
    return seen.length;
  }

  /** Forgets the tokens' ids (the vocabulary stays): what the counter keeps beyond the index, once it is built. */
  release(): void {
    this.#tokens.clear();
  }

  #addToken(text: string, start: number, end: number, hash: number): void {
    const ids = this.#tokens.find(text, start, end, hash) ?? this.#learn(text.slice(start, end));
    if (typeof ids === "number") this.#add(ids);
    else for (let next = 0; next < ids.length; next += 1) this.#add(ids[next] as number);
  }

  #add(id: number): void {
    const counts = this.#counts;
    if (counts[id] === 0) this.#seen.push(id);
    counts[id] = (counts[id] as number) + 1;
  }

  #learn(token: string): TokenIds {
    // The token is a slice of the text: kept as it is, it (and the terms made of it) would keep the text alive.
    const own = ownString(token);
    const ids = tokenTerms(own).map((term) => this.#idOf(term));
    const entry = ids.length === 1 ? (ids[0] as number) : ids;
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

/** `(?<![\w:])[1-5]\d\d(?![\w:])` at `at`: a standalone HTTP status. */
function isStatus(text: string, at: number): boolean {
  const first = text.charCodeAt(at);
  return (
    first >= ONE &&
    first <= FIVE &&
    (at === 0 || !(classOf(text.charCodeAt(at - 1)) & BLOCKS_NUMBER)) &&
    (classOf(text.charCodeAt(at + 1)) & DIGIT) !== 0 &&
    (classOf(text.charCodeAt(at + 2)) & DIGIT) !== 0 &&
    (at + 3 >= text.length || !(classOf(text.charCodeAt(at + 3)) & BLOCKS_NUMBER))
  );
}

/**
 * Distinct tokens and their ids in an open-addressing table, looked up by a range of a text's characters: an
 * occurrence is hashed and compared where it stands, never copied into a string of its own. A slot is four
 * integers side by side (hash, where the token's characters start in one pool, their length, the ids), so a
 * lookup reads one slot and the pool: a table of strings and arrays apart took three times as long.
 *
 * A repository is someone else's text: its tokens can be chosen to share slots (the hash is no secret), so a token
 * is kept only within MAX_PROBES slots of its own, and a lookup looks no further; one that does not fit is split
 * again wherever it occurs. The table empties itself when it holds `maxTokens` tokens or `maxChars` characters.
 */
export class TokenTable {
  #slots = new Int32Array(SLOT * FIRST_SLOTS);
  #chars = new Uint16Array(FIRST_CHARS);
  #used = 0;
  /** The ids of tokens with more than one: an id `-2 - k` in a slot stands for `#lists[k]`. */
  #lists: (readonly number[])[] = [];
  size = 0;

  constructor(
    private readonly maxTokens: number,
    private readonly maxChars = MAX_KEPT_CHARS,
  ) {}

  /** The ids of the token at `start` to `end` of `text`, whose hashOf is `hash`. */
  find(text: string, start: number, end: number, hash: number): TokenIds | undefined {
    const slots = this.#slots;
    const mask = slots.length / SLOT - 1;
    const length = end - start;
    for (let probe = 0, slot = hash & mask; probe < MAX_PROBES; probe += 1, slot = (slot + 1) & mask) {
      const at = slot * SLOT;
      const found = slots[at + 2] as number;
      if (found === 0) return undefined;
      if (slots[at] === hash && found === length && this.#holds(slots[at + 1] as number, text, start, length))
        return this.#ids(slots[at + 3] as number);
    }
    return undefined;
  }

  /** Keeps the token's ids, unless it is too long to be worth keeping or finds no slot near its own (false). */
  set(key: string, ids: TokenIds): boolean {
    if (key.length > MAX_KEPT_TOKEN) return false;
    if (this.size >= this.maxTokens || this.#used + key.length > this.maxChars) this.clear();
    if (SLOT * 2 * (this.size + 1) > this.#slots.length) this.#grow();
    const hash = hashOf(key, 0, key.length);
    const slot = this.#freeSlot(hash);
    if (slot < 0) return false;
    if (this.#used + key.length > this.#chars.length) this.#growChars(key.length);
    const start = this.#used;
    for (let at = 0; at < key.length; at += 1) this.#chars[start + at] = key.charCodeAt(at);
    this.#used += key.length;
    this.size += 1;
    let value = typeof ids === "number" ? ids : -1;
    if (typeof ids !== "number" && ids.length > 0) value = -2 - (this.#lists.push(ids) - 1);
    this.#slots.set([hash, start, key.length, value], slot * SLOT);
    return true;
  }

  /** Empties the table and lets its grown arrays go. */
  clear(): void {
    this.#slots = new Int32Array(SLOT * FIRST_SLOTS);
    this.#chars = new Uint16Array(FIRST_CHARS);
    this.#used = 0;
    this.#lists = [];
    this.size = 0;
  }

  #ids(value: number): TokenIds {
    if (value >= 0) return value;
    return value === -1 ? NO_IDS : (this.#lists[-2 - value] as readonly number[]);
  }

  #holds(from: number, text: string, start: number, length: number): boolean {
    const chars = this.#chars;
    for (let at = 0; at < length; at += 1) if (chars[from + at] !== text.charCodeAt(start + at)) return false;
    return true;
  }

  /** The first empty slot within MAX_PROBES of the hash's own, or -1. */
  #freeSlot(hash: number): number {
    const slots = this.#slots;
    const mask = slots.length / SLOT - 1;
    for (let probe = 0, slot = hash & mask; probe < MAX_PROBES; probe += 1, slot = (slot + 1) & mask)
      if (slots[slot * SLOT + 2] === 0) return slot;
    return -1;
  }

  /** Twice the slots; a token that finds no slot near its own in them is dropped (it is split again if met). */
  #grow(): void {
    const old = this.#slots;
    this.#slots = new Int32Array(old.length * 2);
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at + 2] === 0) continue;
      const slot = this.#freeSlot(old[at] as number);
      if (slot >= 0) this.#slots.set(old.subarray(at, at + SLOT), slot * SLOT);
      else this.size -= 1;
    }
  }

  #growChars(needed: number): void {
    const grown = new Uint16Array(Math.max(this.#chars.length * 2, this.#used + needed));
    grown.set(this.#chars.subarray(0, this.#used));
    this.#chars = grown;
  }
}

/** Integers per slot of the token table. */
const SLOT = 4;
const FIRST_SLOTS = 1 << 16;
const FIRST_CHARS = 1 << 16;
/** Longer tokens (a minified line, a base64 blob) are split every time they occur rather than kept. */
const MAX_KEPT_TOKEN = 256;
const NO_IDS: readonly number[] = [];
/** Slots a token may stand from its own: a lookup reads no more, whatever a repository's tokens hash to. */
const MAX_PROBES = 32;
/** Characters of kept tokens (16 MB): payloadcms/payload's 84,000 distinct tokens hold under a million. */
const MAX_KEPT_CHARS = 1 << 23;

/** FNV-1a over the UTF-16 code units, with a final mix so the low bits (the slot) depend on every character. */
export function hashOf(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let at = start; at < end; at += 1) hash = Math.imul(hash ^ text.charCodeAt(at), FNV_PRIME);
  return mixed(hash);
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function mixed(hash: number): number {
  const folded = hash ^ (hash >>> 15);
  return Math.imul(folded, 0x2c1b3c6d) ^ (folded >>> 12);
}
