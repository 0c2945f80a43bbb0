// The run's worker: the app's plan job for each queued request, as the app's own worker runs it, with the run's
// configuration defaults and each job's end reported back. A job that throws (its failure notice could not be
// posted either) ends as a failure of the run instead of waiting out the queue's retries for a 403 that stays.
import { describeRequestFailure } from "../github/describe-request-failure.js";
import { botAuthor } from "../github/own-author.js";
import { classifyFailure } from "../jobs/classify-failure.js";
import { type JobAttempt, type PlanQueue, RetryLaterError } from "../jobs/plan-queue.js";
import type { PlanRequest } from "../jobs/plan-request.js";
import { type JobOutcome, runPlan } from "../jobs/run-plan.js";
import type { RunPlanDeps } from "../jobs/run-plan-deps.js";

export interface FinishedJob {
  request: PlanRequest;
  outcome: Exclude<JobOutcome, { kind: "refused" }>;
}

export interface WorkerReports {
  onDone: (job: FinishedJob) => void;
  /** Nobody allowed asked: why, for the run's notice. */
  onRefused: (reason: string) => void;
}

export function startActionWorker(queue: PlanQueue, deps: RunPlanDeps, reports: WorkerReports): void {
  // A workflow token cannot read GET /app or /user: any bot's marked comment counts (SECURITY.md says so).
  const jobDeps: RunPlanDeps = { ...deps, ownAuthor: botAuthor };
  queue.start(async (request, attempt) => {
    const outcome = await planOnce(request, jobDeps, attempt);
    if (outcome.kind === "refused") reports.onRefused(outcome.reason);
    else reports.onDone({ request, outcome });
  });
}

async function planOnce(request: PlanRequest, deps: RunPlanDeps, attempt: JobAttempt): Promise<JobOutcome> {
  try {
    return await runPlan(request, deps, attempt);
  } catch (error) {
    const passing = error instanceof RetryLaterError || classifyFailure(error).transient;
    if (passing && !attempt.final) throw error;
    deps.log.debug({ err: error }, "plan job stopped without a plan or failure notice");
    return {
      kind: "failed",
      reason: `the job stopped before it could post a plan or a failure notice on the issue: ${describeRequestFailure(error)}`,
    };
  }
}
