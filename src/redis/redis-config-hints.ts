// Configuration hints shared by the webhook servers and the workers through Redis: a worker's read serves every
// server's handler. Each hint expires with its lifetime (PX); what comes back is validated, never trusted.
import type { Redis } from "ioredis";
import { CONFIG_HINT_TTL_MS, type ConfigHints, hintKey } from "../config/config-hints.js";
import { type RepoConfig, repoConfigSchema } from "../config/repo-config.js";

export class RedisConfigHints implements ConfigHints {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs = CONFIG_HINT_TTL_MS,
  ) {}

  async get(repo: { owner: string; repo: string }): Promise<RepoConfig | undefined> {
    const raw = await this.redis.get(this.#key(repo));
    if (raw === null) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined;
    }
    const parsed = repoConfigSchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  }

  async set(repo: { owner: string; repo: string }, config: RepoConfig | undefined): Promise<void> {
    if (!config) {
      await this.redis.del(this.#key(repo));
      return;
    }
    await this.redis.set(this.#key(repo), JSON.stringify(config), "PX", this.ttlMs);
  }

  #key(repo: { owner: string; repo: string }): string {
    return `${this.prefix}:config-hint:${hintKey(repo)}`;
  }
}
