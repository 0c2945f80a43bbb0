// Stage 3: the checked plan, through the pipeline the CLI and the benchmarks share, with the job's own parts:
// the model's calls gated by the shared LLM limits, the status line kept current, and the stages timed.
import type { LlmClient } from "../../llm/create-llm-client.js";
import { type Draft, prepareDraft, writeDraft } from "../../pipeline/draft-plan.js";
import type { PlanSettings } from "../../pipeline/plan-settings.js";
import { type JobScope, step } from "../job-scope.js";
import type { RepositoryRead } from "./read-repository.js";

// Through the trees API every manifest read is a request: past this many, scripts and dependencies stay unknown.
const MAX_MANIFEST_REQUESTS = 10;

export async function draft(
  scope: JobScope,
  read: RepositoryRead,
  settings: PlanSettings,
  llm: LlmClient,
): Promise<Draft> {
  const { request } = scope;
  const instructions = request.trigger.kind === "command" ? request.trigger.instructions : "";
  // `refine` changes the current plan; without one it is a plan with the feedback as guidance.
  const refine =
    request.trigger.kind === "command" && request.trigger.action === "refine" && read.previous !== undefined
      ? { currentPlan: read.previous, feedback: instructions }
      : undefined;
  const trees = read.snapshot.source === "trees";
  const prepared = await step(
    scope,
    "choosing the files the plan needs",
    () =>
      prepareDraft(
        {
          files: read.files,
          issue: {
            number: request.issueNumber,
            title: request.issue.title,
            body: request.issue.body,
            labels: request.issue.labels,
          },
          instructions,
          ...(refine ? { refine } : {}),
          repository: `${request.owner}/${request.repo} at commit ${read.snapshot.commit.slice(0, 7)} of the default branch \`${request.defaultBranch}\``,
          indexContents: !trees,
          ...(trees ? { manifestRequests: MAX_MANIFEST_REQUESTS } : {}),
        },
        settings,
      ),
    "context",
  );
  if (read.background?.failure)
    scope.log.warn(
      { err: read.background.failure },
      "the worker thread's term index or import graph could not be used: built on the main thread",
    );
  if (read.files.redactions.size > 0)
    scope.log.warn(
      { paths: [...read.files.redactions.keys()] },
      "credential-like text redacted from the context",
    );
  await scope.progress?.stage("Writing the plan...");
  return step(scope, "writing the plan with the language model", () =>
    writeTimed(scope, prepared, settings, llm),
  );
}

/** Writes the plan with the model's calls gated by the shared limits, recording model and checking time apart. */
async function writeTimed(
  scope: JobScope,
  prepared: Awaited<ReturnType<typeof prepareDraft>>,
  settings: PlanSettings,
  llm: LlmClient,
): Promise<Draft> {
  const { metrics, llmLimiter } = scope.deps;
  let llmSeconds = 0;
  const gated: LlmClient = {
    ...llm,
    gate: async <T>(call: () => Promise<T>) => {
      const start = performance.now();
      try {
        return await llmLimiter.run(scope.request.installationId, call);
      } finally {
        llmSeconds += (performance.now() - start) / 1000;
      }
    },
  };
  const start = performance.now();
  const drafted = await writeDraft(prepared, settings, {
    llm: gated,
    log: scope.log,
    onRepair: () => scope.progress?.stage("Checking the plan...") ?? Promise.resolve(),
  });
  const { written } = drafted;
  metrics.stageSeconds.observe({ stage: "llm" }, llmSeconds);
  metrics.stageSeconds.observe(
    { stage: "validation" },
    Math.max(0, (performance.now() - start) / 1000 - llmSeconds),
  );
  metrics.llmTokens.inc({ direction: "in" }, written.usage.inputTokens);
  metrics.llmTokens.inc({ direction: "out" }, written.usage.outputTokens);
  metrics.repairRounds.observe(written.repairRounds);
  return drafted;
}
