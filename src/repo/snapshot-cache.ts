// Extracted repositories on disk, one folder per commit, so a second plan for the same commit downloads nothing.
// Least recently used folders are removed when the cache grows past its size cap. It holds private repositories'
// files: folders are the process user's only (0700), files too (0600).
import { randomUUID } from "node:crypto";
import { chmod, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import type { TarballContents } from "./read-tarball.js";
import type { ExtractedFile } from "./tarball-entries.js";
import { writeTexts } from "./write-texts.js";

const MANIFEST = ".issue-planner-manifest.json";

export interface CommitKey {
  owner: string;
  repo: string;
  commit: string;
}

export interface CachedCommit {
  dir: string;
  files: ExtractedFile[];
}

const manifestSchema = z.object({
  files: z.array(
    z.object({
      path: z.string(),
      size: z.number(),
      skipped: z.enum(["too-large", "excluded", "unwritable"]).optional(),
    }),
  ),
  bytes: z.number(),
});
type Manifest = z.infer<typeof manifestSchema>;

/** The folder's manifest, or undefined when it is missing or not one this version wrote. */
async function readManifest(dir: string): Promise<Manifest | undefined> {
  const text = await readFile(join(dir, MANIFEST), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  const parsed = manifestSchema.safeParse(safeJson(text));
  return parsed.success ? parsed.data : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export class SnapshotCache {
  // Jobs of one process asking for the same commit share one download.
  readonly #inFlight = new Map<string, Promise<CachedCommit>>();
  /** Commits read into memory, kept here until their folder is saved: later jobs use them meanwhile. */
  readonly #downloads = new Map<string, Promise<TarballContents>>();
  readonly #saving = new Map<string, Promise<unknown>>();
  #rootReady: Promise<void> | undefined;

  constructor(
    readonly root: string,
    readonly maxBytes: number,
  ) {}

  /** The commit's folder when it is cached and whole; nothing is waited for. */
  async cached(key: CommitKey): Promise<CachedCommit | undefined> {
    return this.#read(this.#dir(key));
  }

  /**
   * The commit read into memory by `download`, once per process however many jobs ask at the same time, and then
   * saved as a folder off their path (a failed save is passed to `onSaveError`; the next job downloads again).
   */
  download(
    key: CommitKey,
    download: () => Promise<TarballContents>,
    onSaveError: (error: unknown) => void,
  ): Promise<TarballContents> {
    const dir = this.#dir(key);
    let pending = this.#downloads.get(dir);
    if (!pending) {
      const started = download();
      pending = started;
      this.#downloads.set(dir, started);
      const saving = started
        .then(
          (contents) => this.get(key, (temp) => writeTexts(temp, contents)).catch(onSaveError),
          () => undefined,
        )
        .finally(() => {
          this.#downloads.delete(dir);
          this.#saving.delete(dir);
        });
      this.#saving.set(dir, saving);
    }
    return pending;
  }

  /** The commit's folder once a download's save has ended (undefined when it failed or none was made). */
  async saved(key: CommitKey): Promise<CachedCommit | undefined> {
    const dir = this.#dir(key);
    await this.#saving.get(dir);
    return this.#read(dir);
  }

  /** The cached commit, or a fresh one filled by `fill(tempDir)`; the folder appears whole or not at all. */
  async get(key: CommitKey, fill: (dir: string) => Promise<ExtractedFile[]>): Promise<CachedCommit> {
    const dir = this.#dir(key);
    const cached = await this.#read(dir);
    if (cached) return cached;
    let pending = this.#inFlight.get(dir);
    if (!pending) {
      pending = this.#fill(dir, fill).finally(() => this.#inFlight.delete(dir));
      this.#inFlight.set(dir, pending);
    }
    return pending;
  }

  #dir(key: CommitKey): string {
    return join(this.root, safeName(key.owner), safeName(key.repo), key.commit);
  }

  async #read(dir: string): Promise<CachedCommit | undefined> {
    const manifest = await readManifest(dir);
    if (!manifest) return undefined;
    const now = new Date();
    await utimes(join(dir, MANIFEST), now, now);
    return { dir, files: manifest.files };
  }

  /** The root, made or narrowed to 0700 once per process (an older version made it world-readable). */
  #ensureRoot(): Promise<void> {
    this.#rootReady ??= (async () => {
      await mkdir(this.root, { recursive: true, mode: 0o700 });
      await chmod(this.root, 0o700);
    })();
    return this.#rootReady;
  }

  async #fill(dir: string, fill: (dir: string) => Promise<ExtractedFile[]>): Promise<CachedCommit> {
    await this.#ensureRoot();
    // A folder without a manifest this version can read (cut off, or an older format) is made again; one another
    // process has just finished is used as it is.
    const finished = await this.#read(dir);
    if (finished) return finished;
    await rm(dir, { recursive: true, force: true });
    const temp = `${dir}.tmp-${randomUUID()}`;
    await mkdir(temp, { recursive: true, mode: 0o700 });
    try {
      const files = await fill(temp);
      const manifest: Manifest = {
        files,
        bytes: files.reduce((sum, f) => sum + (f.skipped ? 0 : f.size), 0),
      };
      await writeFile(join(temp, MANIFEST), JSON.stringify(manifest), { mode: 0o600 });
      try {
        await rename(temp, dir);
      } catch {
        // Another worker finished the same commit first: use theirs.
        await rm(temp, { recursive: true, force: true });
      }
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      throw error;
    }
    await this.evict(dir);
    const ready = await this.#read(dir);
    if (!ready) throw new Error(`The snapshot cache could not store ${dir}.`);
    return ready;
  }

  /** Removes the least recently used commits until the cache fits its cap (never `keep`, just added). */
  async evict(keep?: string): Promise<void> {
    const entries: { dir: string; bytes: number; used: number }[] = [];
    for (const owner of await readdir(this.root).catch(() => [])) {
      for (const repo of await readdir(join(this.root, owner)).catch(() => [])) {
        for (const commit of await readdir(join(this.root, owner, repo)).catch(() => [])) {
          const dir = join(this.root, owner, repo, commit);
          const manifestPath = join(dir, MANIFEST);
          const info = await stat(manifestPath).catch(() => undefined);
          if (!info || dir === keep) continue;
          const manifest = await readManifest(dir);
          if (manifest) entries.push({ dir, bytes: manifest.bytes, used: info.mtimeMs });
        }
      }
    }
    const kept = keep ? ((await readManifest(keep))?.bytes ?? 0) : 0;
    let total = kept + entries.reduce((sum, entry) => sum + entry.bytes, 0);
    for (const entry of entries.sort((a, b) => a.used - b.used)) {
      if (total <= this.maxBytes) break;
      await rm(entry.dir, { recursive: true, force: true });
      total -= entry.bytes;
    }
  }
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, "_");
}

/** The process's cache, where the environment says (default: the system's temp folder). */
export function createSnapshotCache(env: {
  SNAPSHOT_CACHE_DIR?: string | undefined;
  SNAPSHOT_CACHE_MAX_BYTES: number;
}): SnapshotCache {
  return new SnapshotCache(
    env.SNAPSHOT_CACHE_DIR ?? join(tmpdir(), "issue-planner-snapshots"),
    env.SNAPSHOT_CACHE_MAX_BYTES,
  );
}
