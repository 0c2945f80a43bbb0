// The plan job as four named stages: admit, read the repository, draft, publish. A failure that may pass is
// handed back for a retry unless this is the last attempt; every other one ends in a notice on the issue and an
// error log line carrying the delivery id.
import { UserFacingError } from "../errors.js";
import { writesFirst } from "../github/write-order.js";
import { planSettings } from "../pipeline/plan-settings.js";
import { classifyFailure } from "./classify-failure.js";
import { type JobScope, openJobScope } from "./job-scope.js";
import { type JobAttempt, RetryLaterError } from "./plan-queue.js";
import type { PlanRequest } from "./plan-request.js";
import { reportFailure } from "./report-failure.js";
import type { RunPlanDeps } from "./run-plan-deps.js";
import { admit } from "./stages/admit.js";
import { draft } from "./stages/draft.js";
import { JobHandedBackError, publish } from "./stages/publish.js";
import { readRepository } from "./stages/read-repository.js";

export type { RunPlanDeps } from "./run-plan-deps.js";

/** How a job ended (a retry is a `RetryLaterError` instead). `failed` carries the reason shown on the issue. */
export type JobOutcome =
  | { kind: "posted" }
  | { kind: "help" }
  /** No allowed trigger: nothing was posted (`reason` says why, for the log and the Action's run). */
  | { kind: "refused"; reason: string }
  | { kind: "failed"; reason: string }
  | { kind: "handed-back" };

const FIRST_ATTEMPT: JobAttempt = { number: 1, final: true, rerun: false };

/**
 * Plans one issue. A job run again (taken over from a dead worker, or retried) has waited once already: its GitHub
 * writes go ahead of those its process's other jobs queued.
 */
export function runPlan(
  request: PlanRequest,
  deps: RunPlanDeps,
  attempt: JobAttempt = FIRST_ATTEMPT,
): Promise<JobOutcome> {
  const run = () => runAttempt(request, deps, attempt);
  return attempt.rerun ? writesFirst(run) : run();
}

async function runAttempt(request: PlanRequest, deps: RunPlanDeps, attempt: JobAttempt): Promise<JobOutcome> {
  const scope = await openJobScope(request, deps, attempt);
  try {
    const admitted = await admit(scope);
    if (admitted.kind !== "plan") return admitted;
    if (attempt.stoppedTimes) throw workersStopped(attempt.stoppedTimes);
    const settings = planSettings(deps.env, scope.request.config);
    const read = await readRepository(scope, settings.exclude);
    const drafted = await draft(scope, read, settings, admitted.llm);
    await publish(scope, read, drafted);
    return { kind: "posted" };
  } catch (error) {
    return failed(scope, error);
  }
}

/** A handed-back job ends quietly; a passing failure is retried; anything else is reported on the issue. */
async function failed(scope: JobScope, error: unknown): Promise<JobOutcome> {
  const { log, deps, attempt } = scope;
  // The 👀 lands before anything this job still writes, and no write of this job outlives it.
  await scope.acknowledgement;
  if (error instanceof JobHandedBackError) {
    log.info("job handed back to the queue at shutdown: another worker plans this issue");
    return { kind: "handed-back" };
  }
  await scope.progress
    ?.abandon()
    .catch((cleanup: unknown) => log.error({ err: cleanup }, "could not clear the progress line"));
  const kind = classifyFailure(error);
  if (kind.transient && !attempt.final) {
    log.warn(
      { err: error, cause: kind.cause, retryAfterMs: kind.retryAfterMs },
      "plan attempt failed; retrying",
    );
    deps.metrics.jobs.inc({ outcome: "retried" });
    throw new RetryLaterError(kind.retryAfterMs, kind.cause, { cause: error });
  }
  deps.metrics.jobs.inc({ outcome: "failed" });
  const reason = await reportFailure(error, {
    octokit: scope.octokit,
    issue: scope.issue,
    target: scope.target,
    request: scope.request,
    log,
    existing: scope.existing,
    records: deps.records,
    ownAuthor: scope.own,
    step: scope.step,
  });
  return { kind: "failed", reason };
}

/** A job whose workers kept stopping: reported, not planned again (it may be what ends them). */
function workersStopped(times: number): UserFacingError {
  return new UserFacingError(
    `The plan was started ${times} times and each time the worker writing it stopped before the end (a crash or a restart, or running out of memory on this repository), so it was not tried again.`,
  );
}
