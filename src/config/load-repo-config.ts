// Reads `.github/issue-planner.yml` (with the owner's `.github` repository as fallback and `_extends`, through
// Probot's config plugin) and validates it. Results are cached briefly per repository: every label event would
// otherwise cost one or two requests.
import type { ProbotOctokit } from "probot";
import { CONFIG_PATH } from "./repo-config.js";
import { type ConfigResult, type ServerPolicy, validateRepoConfig } from "./validate-repo-config.js";

export class RepoConfigLoader {
  readonly #cache = new Map<string, { at: number; result: Promise<ConfigResult> }>();

  constructor(
    private readonly policy: ServerPolicy,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  load(octokit: ProbotOctokit, repo: { owner: string; repo: string }): Promise<ConfigResult> {
    const key = `${repo.owner}/${repo.repo}`.toLowerCase();
    const cached = this.#cache.get(key);
    if (cached && this.now() - cached.at < this.ttlMs) return cached.result;
    const result = this.#read(octokit, repo);
    this.#cache.set(key, { at: this.now(), result });
    // A failed read (GitHub down) must not be remembered.
    result.catch(() => this.#cache.delete(key));
    if (this.#cache.size > 5_000) this.#cache.delete(this.#cache.keys().next().value as string);
    return result;
  }

  async #read(octokit: ProbotOctokit, repo: { owner: string; repo: string }): Promise<ConfigResult> {
    let raw: unknown;
    try {
      const { config } = await octokit.config.get({ ...repo, path: CONFIG_PATH });
      raw = config;
    } catch (error) {
      const message = (error as Error).message;
      if (/could not be parsed/.test(message)) {
        const detail = /\(([^)]+)\)$/.exec(message)?.[1] ?? "invalid YAML";
        return {
          ok: false,
          problems: [`\`${CONFIG_PATH}\` cannot be read: ${detail}. Check its indentation and quoting.`],
        };
      }
      throw error;
    }
    return validateRepoConfig(raw, this.policy);
  }
}
