// Who may make the app spend money and post: by default people with write access or more; the configuration can
// lower the bar or name users and author associations.
import type { ProbotOctokit } from "probot";
import type { RepoConfig } from "../config/repo-config.js";

const LEVELS = ["none", "read", "triage", "write", "maintain", "admin"] as const;

export async function mayTrigger(
  octokit: ProbotOctokit,
  repo: { owner: string; repo: string },
  user: { login: string; association?: string | undefined },
  permissions: RepoConfig["permissions"],
): Promise<boolean> {
  if (permissions.users.some((login) => login.toLowerCase() === user.login.toLowerCase())) return true;
  if (user.association && (permissions.associations as string[]).includes(user.association)) return true;
  // The repository's owner (or the organisation's owner) has admin rights: no lookup needed.
  if (user.association === "OWNER") return true;
  let level: number;
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
      ...repo,
      username: user.login,
    });
    // `permission` folds maintain into write and triage into read; `role_name` keeps them apart.
    level = Math.max(rank(data.permission), rank(data.role_name));
  } catch (error) {
    // GitHub answers 404 for users who are not collaborators at all.
    if ((error as { status?: number }).status === 404) return false;
    throw error;
  }
  return level >= rank(permissions.minimum);
}

function rank(level: string | undefined): number {
  return Math.max(0, LEVELS.indexOf((level ?? "none") as (typeof LEVELS)[number]));
}
