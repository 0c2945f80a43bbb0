// The configuration last read for each repository, as a hint for the webhook handler: it answers a webhook without
// asking GitHub, so it can only tell apart triggers that are surely not for a repository it read lately (another
// label). The job decides with the configuration at the commit it plans; a hint older than its lifetime is not
// used, so a renamed trigger label takes effect within that time even before a job reads it.
import type { RepoConfig } from "./repo-config.js";

/** How long a repository's last read configuration decides which of its label events start a job. */
export const CONFIG_HINT_TTL_MS = 10 * 60_000;

export interface ConfigHints {
  /** The configuration read for the repository within the hint's lifetime, if any. */
  get(repo: { owner: string; repo: string }): Promise<RepoConfig | undefined>;
  /** Remembers the configuration a job read (a broken file is forgotten: every trigger then reaches a job). */
  set(repo: { owner: string; repo: string }, config: RepoConfig | undefined): Promise<void>;
}

export function hintKey(repo: { owner: string; repo: string }): string {
  return `${repo.owner}/${repo.repo}`.toLowerCase();
}

/** Hints of this process (no REDIS_URL, the GitHub Action): bounded, oldest forgotten first. */
export class MemoryConfigHints implements ConfigHints {
  readonly #entries = new Map<string, { at: number; config: RepoConfig }>();

  constructor(
    private readonly ttlMs = CONFIG_HINT_TTL_MS,
    private readonly now: () => number = Date.now,
    private readonly capacity = 10_000,
  ) {}

  async get(repo: { owner: string; repo: string }): Promise<RepoConfig | undefined> {
    const entry = this.#entries.get(hintKey(repo));
    return entry && this.now() - entry.at < this.ttlMs ? entry.config : undefined;
  }

  async set(repo: { owner: string; repo: string }, config: RepoConfig | undefined): Promise<void> {
    const key = hintKey(repo);
    this.#entries.delete(key);
    if (!config) return;
    this.#entries.set(key, { at: this.now(), config });
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}

/**
 * A shared store's hints kept briefly in this process, found or not: a burst of webhooks for one repository asks
 * the store once. What this process's jobs write is seen at once; other processes' writes within `ttlMs`.
 */
export class NearConfigHints implements ConfigHints {
  readonly #near: Map<string, { at: number; config: RepoConfig | undefined }> = new Map();

  constructor(
    private readonly far: ConfigHints,
    private readonly ttlMs = 5_000,
    private readonly now: () => number = Date.now,
    private readonly capacity = 10_000,
  ) {}

  async get(repo: { owner: string; repo: string }): Promise<RepoConfig | undefined> {
    const key = hintKey(repo);
    const near = this.#near.get(key);
    if (near && this.now() - near.at < this.ttlMs) return near.config;
    const config = await this.far.get(repo);
    this.#remember(key, config);
    return config;
  }

  async set(repo: { owner: string; repo: string }, config: RepoConfig | undefined): Promise<void> {
    await this.far.set(repo, config);
    this.#remember(hintKey(repo), config);
  }

  #remember(key: string, config: RepoConfig | undefined): void {
    this.#near.delete(key);
    this.#near.set(key, { at: this.now(), config });
    if (this.#near.size > this.capacity) this.#near.delete(this.#near.keys().next().value as string);
  }
}
