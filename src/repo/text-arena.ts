// A commit's file texts held as their UTF-8 bytes, end to end in large shared blocks, and decoded only when read.
// As JavaScript strings the texts took more memory than as bytes (a text with one character outside Latin-1 is
// stored at two bytes a character: 41.5 MB of strings for payloadcms/payload's 31 MB of text), and the index
// thread needed its own copy of each; a SharedArrayBuffer is read by the thread where it is, so there is one copy.

/** Where a file's bytes are: `block` is shared with whichever thread it is posted to. */
export interface TextPlace {
  block: SharedArrayBuffer;
  start: number;
  end: number;
}

/** A block's size: large enough for few blocks, small enough to waste little at the end of the last. */
const BLOCK_BYTES = 8 << 20;
/** A NUL among a text's first characters marks it as binary (`isBinaryText`). */
const BINARY_PROBE_CHARS = 8_000;
const ASCII = /^\p{ASCII}*$/u;

/** Texts by path, each decoded when it is read (and not kept): a map whose values are made on demand. */
export abstract class DecodedTexts implements ReadonlyMap<string, string> {
  abstract get(path: string): string | undefined;
  /** The text's first `chars` characters (UTF-16 code units), decoding only the bytes they can take. */
  abstract head(path: string, chars: number): string | undefined;
  abstract has(path: string): boolean;
  abstract get size(): number;
  abstract keys(): MapIterator<string>;

  /** Whether the text holds `ascii` (an arena searches its bytes, without decoding them). */
  includesAscii(path: string, ascii: string): boolean {
    return this.get(path)?.includes(ascii) ?? false;
  }

  *entries(): MapIterator<[string, string]> {
    for (const path of this.keys()) yield [path, this.get(path) as string];
  }

  *values(): MapIterator<string> {
    for (const [, text] of this.entries()) yield text;
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  forEach(each: (text: string, path: string, map: ReadonlyMap<string, string>) => void): void {
    for (const [path, text] of this.entries()) each(text, path, this);
  }
}

export class TextArena extends DecodedTexts {
  readonly #places = new Map<string, TextPlace>();
  #block: SharedArrayBuffer | undefined;
  #view: Buffer | undefined;
  #used = 0;

  /** Keeps a file's bytes, given as the chunks it was read in; a path added again keeps its first text. */
  add(path: string, chunks: readonly Uint8Array[]): TextPlace {
    const known = this.#places.get(path);
    if (known) return known;
    const length = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    const { block, view, start } = this.#room(length);
    let at = start;
    for (const chunk of chunks) {
      // Buffer's `copy` is a plain memory copy (Uint8Array's `set` from a Buffer took ten times as long).
      Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).copy(view, at);
      at += chunk.byteLength;
    }
    const place = { block, start, end: at };
    this.#places.set(path, place);
    return place;
  }

  /** Where the file's bytes are. */
  place(path: string): TextPlace | undefined {
    return this.#places.get(path);
  }

  /** The file's bytes, as a view of its block (valid as long as the arena). */
  bytes(path: string): Buffer | undefined {
    const place = this.#places.get(path);
    return place && Buffer.from(place.block, place.start, place.end - place.start);
  }

  /** True when the text holds a NUL among its first characters, as a binary file does. */
  isBinary(path: string): boolean {
    const bytes = this.bytes(path);
    if (!bytes) return false;
    // A character is one to four bytes: a NUL byte (only ever the NUL character in UTF-8) past the probe's last
    // possible byte is not in it, and one inside is counted in characters, as the text would be.
    const probe = bytes.subarray(0, BINARY_PROBE_CHARS * 4);
    if (probe.indexOf(0) < 0) return false;
    return isBinaryText(probe.toString("utf8"));
  }

  override get(path: string): string | undefined {
    return this.bytes(path)?.toString("utf8");
  }

  override head(path: string, chars: number): string | undefined {
    // A character takes at most four bytes (a surrogate pair: two code units), so these bytes hold `chars` of them.
    return this.bytes(path)
      ?.subarray(0, chars * 4)
      .toString("utf8")
      .slice(0, chars);
  }

  /**
   * An ASCII character in the text is that byte in its UTF-8 (and a byte below 0x80 is always that character, even
   * in a malformed sequence, which decodes to U+FFFD before it), so the bytes are searched as they are.
   */
  override includesAscii(path: string, ascii: string): boolean {
    if (!ASCII.test(ascii)) return super.includesAscii(path, ascii);
    return this.bytes(path)?.includes(ascii, 0, "latin1") ?? false;
  }

  override has(path: string): boolean {
    return this.#places.has(path);
  }

  override get size(): number {
    return this.#places.size;
  }

  override keys(): MapIterator<string> {
    return this.#places.keys();
  }

  /** The texts of `paths` alone (those the arena holds), in their order. */
  only(paths: Iterable<string>): DecodedTexts {
    return new ArenaSubset(this, new Set([...paths].filter((path) => this.has(path))));
  }

  /**
   * Room for `length` more bytes: at the end of the current block, else in a new one; a large file gets a block of
   * its own, so the current block's room is not lost to it.
   */
  #room(length: number): { block: SharedArrayBuffer; view: Buffer; start: number } {
    if (length > BLOCK_BYTES / 4) {
      const block = new SharedArrayBuffer(length);
      return { block, view: Buffer.from(block), start: 0 };
    }
    if (!this.#block || !this.#view || this.#used + length > this.#block.byteLength) {
      this.#block = new SharedArrayBuffer(BLOCK_BYTES);
      this.#view = Buffer.from(this.#block);
      this.#used = 0;
    }
    const start = this.#used;
    this.#used += length;
    return { block: this.#block, view: this.#view, start };
  }
}

class ArenaSubset extends DecodedTexts {
  constructor(
    private readonly arena: TextArena,
    private readonly paths: ReadonlySet<string>,
  ) {
    super();
  }

  override get(path: string): string | undefined {
    return this.paths.has(path) ? this.arena.get(path) : undefined;
  }

  override head(path: string, chars: number): string | undefined {
    return this.paths.has(path) ? this.arena.head(path, chars) : undefined;
  }

  override includesAscii(path: string, ascii: string): boolean {
    return this.paths.has(path) && this.arena.includesAscii(path, ascii);
  }

  override has(path: string): boolean {
    return this.paths.has(path);
  }

  override get size(): number {
    return this.paths.size;
  }

  override keys(): MapIterator<string> {
    return this.paths.keys();
  }
}

/** The rule every snapshot applies to a text read: a NUL among its first characters makes it binary. */
export function isBinaryText(text: string): boolean {
  return text.slice(0, BINARY_PROBE_CHARS).includes("\u0000");
}
