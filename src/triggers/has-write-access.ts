// Asks GitHub whether a user may make the app spend money and post: write, maintain or admin.
import type { ProbotOctokit } from "probot";

const WRITE_ROLES = new Set(["admin", "maintain", "write"]);

export async function hasWriteAccess(
  octokit: ProbotOctokit,
  repo: { owner: string; repo: string },
  username: string,
): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
    // `permission` folds maintain into write; `role_name` keeps custom and fine-grained roles visible.
    return WRITE_ROLES.has(data.permission) || WRITE_ROLES.has(data.role_name);
  } catch (error) {
    // GitHub answers 404 for users who are not collaborators at all.
    if ((error as { status?: number }).status === 404) return false;
    throw error;
  }
}
