// The last commits' safe snapshots of this process, kept so that a second plan on the same commit (a `/plan
// refine`, another issue, a retry) finds what the first one read, redacted and derived from it: the context
// keeps its per-commit index with the snapshot object. A few commits only: a large repository's readable text
// is tens of megabytes.
import type { SafeSnapshot } from "./safe-snapshot.js";

export class WarmSnapshots {
  readonly #entries = new Map<string, SafeSnapshot>();

  constructor(private readonly capacity = 2) {}

  /** The snapshot kept under `key`, or the one `open` makes, kept from now on. */
  get(key: string, open: () => SafeSnapshot): SafeSnapshot {
    const found = this.#entries.get(key);
    this.#entries.delete(key);
    const snapshot = found ?? open();
    this.#entries.set(key, snapshot);
    while (this.#entries.size > this.capacity)
      this.#entries.delete(this.#entries.keys().next().value as string);
    return snapshot;
  }
}
