// Who may make the app spend money and post: by default people with write access or more; the configuration can
// lower the bar or name users and author associations.

import type { ProbotOctokit } from "probot";
import type { RepoConfig } from "../config/repo-config.js";
import { httpStatusOf } from "../errors.js";

const LEVELS = ["none", "read", "triage", "write", "maintain", "admin"] as const;

export async function mayTrigger(
  octokit: ProbotOctokit,
  repo: { owner: string; repo: string },
  user: { login: string; association?: string | undefined },
  permissions: RepoConfig["permissions"],
  cache?: PermissionCache,
): Promise<boolean> {
  if (permissions.users.some((login) => login.toLowerCase() === user.login.toLowerCase())) return true;
  if (user.association && (permissions.associations as string[]).includes(user.association)) return true;
  // The repository's owner (or the organisation's owner) has admin rights: no lookup needed.
  if (user.association === "OWNER") return true;
  const level = await (cache
    ? cache.level(repo, user.login, () => permissionLevel(octokit, repo, user.login))
    : permissionLevel(octokit, repo, user.login));
  return level >= rank(permissions.minimum);
}

/** The user's permission on the repository as a rank; 0 for someone who is not a collaborator. */
async function permissionLevel(
  octokit: ProbotOctokit,
  repo: { owner: string; repo: string },
  login: string,
): Promise<number> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login });
    // `permission` folds maintain into write and triage into read; `role_name` keeps them apart.
    return Math.max(rank(data.permission), rank(data.role_name));
  } catch (error) {
    // GitHub answers 404 for users who are not collaborators at all.
    if (httpStatusOf(error) === 404) return 0;
    throw error;
  }
}

/**
 * Permission levels looked up in the last minute, per repository and user: a burst of labels from one
 * maintainer costs one lookup. A permission taken away applies within the cache time.
 */
export class PermissionCache {
  readonly #entries = new Map<string, { at: number; level: Promise<number> }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  level(
    repo: { owner: string; repo: string },
    login: string,
    lookup: () => Promise<number>,
  ): Promise<number> {
    const key = `${repo.owner}/${repo.repo}:${login}`.toLowerCase();
    const cached = this.#entries.get(key);
    if (cached && this.now() - cached.at < this.ttlMs) return cached.level;
    const level = lookup();
    this.#entries.set(key, { at: this.now(), level });
    // A failed lookup (GitHub down) is not remembered.
    level.catch(() => this.#entries.delete(key));
    if (this.#entries.size > 10_000) this.#entries.delete(this.#entries.keys().next().value as string);
    return level;
  }
}

function rank(level: string | undefined): number {
  return Math.max(0, LEVELS.indexOf((level ?? "none") as (typeof LEVELS)[number]));
}
