// The file texts a context may show: redacted, always. Ranking reads a commit's files unredacted (finding
// credentials in every file of a large repository costs more than reading and ranking them); a file's text is
// redacted here, once per commit, when packing first asks for it, so only files that can be shown pay for it.

/** Redacts one file's text for the prompt (SafeSnapshot.redact). */
export type Redact = (path: string, text: string) => string;

export class PromptTexts {
  /** Files read for this issue alone (named, configured, or read through the trees API): already redacted. */
  readonly #read = new Map<string, string>();

  constructor(
    /** The commit's indexed files, unredacted: never returned as they are. */
    private readonly unredacted: ReadonlyMap<string, string>,
    private readonly redact: Redact,
    /** Redacted texts of indexed files, kept with the commit so the next issue does not redact them again. */
    private readonly redacted: Map<string, string>,
  ) {}

  has(path: string): boolean {
    return this.#read.has(path) || this.unredacted.has(path);
  }

  /** The text the prompt may show, or undefined for a file neither read nor indexed. */
  get(path: string): string | undefined {
    const read = this.#read.get(path) ?? this.redacted.get(path);
    if (read !== undefined) return read;
    const text = this.unredacted.get(path);
    if (text === undefined) return undefined;
    const safe = this.redact(path, text);
    this.redacted.set(path, safe);
    return safe;
  }

  /** Adds a file read through the snapshot's `readFile`, which redacts. */
  set(path: string, redactedText: string): void {
    this.#read.set(path, redactedText);
  }
}
