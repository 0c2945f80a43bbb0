// The 👀 that tells the user the app heard them, sent at admission and waited for only before the plan is posted.
import { addReaction } from "../../github/add-reaction.js";
import type { JobScope } from "../job-scope.js";

/**
 * Sends 👀 without waiting for it: under a burst of plans each write waits its turn in the installation's write
 * spacing (seconds), and the repository, the context and the model call need not wait behind it. The plan is
 * posted only once the 👀 is there (`acknowledged`), so it still comes first, and a 👀 that fails still fails the job.
 */
export function acknowledge(scope: JobScope): Promise<unknown> {
  return addReaction(scope.octokit, scope.issue, scope.target, "eyes").then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** Waits for the 👀 sent at admission; throws what stopped it. */
export async function acknowledged(scope: JobScope): Promise<void> {
  const error = await scope.acknowledgement;
  if (error !== undefined) throw error;
}
