// The GitHub Action: the app function, unchanged, on Probot 14 with the workflow's token, for the one event that
// started the run (a `workflow_dispatch` names its issue instead). The run waits for the plan job and reports how
// it ended and where it wrote, so a failed plan fails the run (Probot's stock Actions adapter acknowledges the
// event and passes whatever the job did).
import type { Logger } from "pino";
import { Probot } from "probot";
import { createApp } from "../app.js";
import { type AppEnv, EnvError, readEnv } from "../config/env.js";
import { fallbackConfig, type ServerPolicy } from "../config/validate-repo-config.js";
import type { IssueRef } from "../github/issue-ref.js";
import type { InProcessQueue } from "../jobs/in-process-queue.js";
import { planJobDeps } from "../jobs/plan-job-deps.js";
import type { RunPlanDeps } from "../jobs/run-plan-deps.js";
import { createLlmClient, type LlmClient } from "../llm/create-llm-client.js";
import { ProviderSettingsError } from "../llm/provider-profile.js";
import { createMemoryRuntime } from "../memory-runtime.js";
import { Metrics } from "../observability/metrics.js";
import { createSnapshotCache, type SnapshotCache } from "../repo/snapshot-cache.js";
import { actionConfigReader, actionPolicy } from "./action-config.js";
import { type ActionEvent, readActionEvent, type WebhookEvent } from "./action-event.js";
import { ActionInputError, type ActionSettings } from "./action-inputs.js";
import { inActionTerms } from "./action-terms.js";
import { type FinishedJob, startActionWorker } from "./action-worker.js";
import { dispatchRequest } from "./dispatch-request.js";
import { findPublished, type Published } from "./find-published.js";

export interface JobReport {
  issue: IssueRef;
  outcome: FinishedJob["outcome"];
  /** Where a plan or help answer was written, when it could be found. */
  published?: Published;
}

export type ActionResult = { kind: "done"; jobs: JobReport[] } | { kind: "nothing-to-do"; reason: string };

/** What one run holds: the app's settings, the runtime and Probot with the workflow's token. */
interface Run {
  settings: ActionSettings;
  env: AppEnv;
  policy: ServerPolicy;
  runtime: ReturnType<typeof createMemoryRuntime>;
  metrics: Metrics;
  snapshotCache: SnapshotCache;
  probot: Probot;
  log: Logger;
}

export async function runAction(settings: ActionSettings, log: Logger): Promise<ActionResult> {
  const event = await readActionEvent(settings.eventName, settings.eventPath);
  const env = readAppEnv(settings.appEnv);
  const llm = createLlm(env);
  const runtime = createMemoryRuntime(env, log);
  const run: Run = {
    settings,
    env,
    policy: actionPolicy(env, settings.planDefaults),
    runtime,
    metrics: new Metrics(runtime.queue),
    snapshotCache: createSnapshotCache(env),
    probot: new Probot({ githubToken: settings.token, baseUrl: settings.apiUrl, log }),
    log,
  };
  const finished: FinishedJob[] = [];
  const ignored: string[] = [];
  await loadApp(run, llm, (reason) => ignored.push(reason));
  startActionWorker(runtime.queue, jobDeps(run, llm), {
    onDone: (job) => finished.push(job),
    onRefused: (reason) => ignored.push(reason),
  });
  try {
    await deliver(run, event);
    await untilIdle(runtime.queue);
  } finally {
    await runtime.queue.close(0);
    await runtime.close();
  }
  if (finished.length === 0)
    return { kind: "nothing-to-do", reason: ignored.join("; ") || "no plan was asked for" };
  return { kind: "done", jobs: await Promise.all(finished.map((job) => reportJob(run, job))) };
}

/** Settings the workflow's `env:` gave (the inputs were checked already): named as the user wrote them. */
function readAppEnv(source: NodeJS.ProcessEnv): AppEnv {
  try {
    return readEnv(source);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    throw new ActionInputError(error.message.replace(/^Invalid environment: /, "invalid `env:` setting: "));
  }
}

function createLlm(env: AppEnv): LlmClient | null {
  try {
    return createLlmClient(env);
  } catch (error) {
    if (!(error instanceof ProviderSettingsError)) throw error;
    throw new ActionInputError(inActionTerms(error.message));
  }
}

/** The app's webhook handlers; its jobs run on the Action's own worker (startActionWorker). */
async function loadApp(run: Run, llm: LlmClient | null, onIgnored: (reason: string) => void): Promise<void> {
  const { runtime, env, metrics, snapshotCache } = run;
  await run.probot.load(
    createApp({
      ...runtime,
      llm,
      env,
      snapshotCache,
      metrics,
      runWorker: false,
      role: "action",
      onIgnored,
      handlerDeadlineMs: null,
    }),
    // No HTTP server in a workflow run: the app's /health and /metrics routes have nowhere to go.
    { addHandler: () => {}, cwd: process.cwd() },
  );
}

function jobDeps(run: Run, llm: LlmClient | null): RunPlanDeps {
  const { runtime, env, metrics, snapshotCache } = run;
  const deps = planJobDeps(
    { ...runtime, env, llm, snapshotCache, metrics },
    (installationId) => run.probot.auth(installationId),
    run.log,
  );
  return { ...deps, readConfig: actionConfigReader(run.policy) };
}

/** Hands the event to the app as a webhook, or queues the dispatched issue's plan directly. */
async function deliver(run: Run, event: ActionEvent): Promise<void> {
  const { settings } = run;
  if (event.kind === "webhook") return receive(run, event);
  const request = await dispatchRequest(await run.probot.auth(), event, settings.issueNumber, {
    deliveryId: settings.deliveryId,
    known: { config: fallbackConfig(run.policy), known: false },
  });
  const outcome = await run.runtime.queue.enqueue(request);
  run.log.info(
    { repo: `${request.owner}/${request.repo}`, issue: request.issueNumber, outcome },
    "plan job queued",
  );
}

async function receive(run: Run, event: WebhookEvent): Promise<void> {
  const { payload } = event;
  const { issueNumber } = run.settings;
  if (issueNumber !== undefined && issueNumber !== payload.issue.number)
    throw new ActionInputError(
      `the \`issue-number\` input (${issueNumber}) is for \`workflow_dispatch\` runs; this \`${event.name}\` run plans its own issue, #${payload.issue.number}.`,
    );
  await run.probot.receive({
    id: run.settings.deliveryId,
    name: event.name,
    // Workflow events carry no installation: the repository stands in for it (quota and limit keys).
    payload: { ...payload, installation: payload.installation ?? { id: payload.repository.id } },
  } as Parameters<Probot["receive"]>[0]);
}

/**
 * Waits for the queue to empty. Its retry timer does not hold a server's process open at shutdown, so the run
 * holds itself open while a retry waits; without this, Node would exit mid-run with an unsettled await.
 */
async function untilIdle(queue: InProcessQueue): Promise<void> {
  const keepAlive = setInterval(() => {}, 60_000);
  try {
    await queue.onIdle();
  } finally {
    clearInterval(keepAlive);
  }
}

/** The job's issue and, for a plan or a help answer, where it was written (one listing of the comments). */
async function reportJob(run: Run, job: FinishedJob): Promise<JobReport> {
  const { request, outcome } = job;
  const issue = { owner: request.owner, repo: request.repo, issueNumber: request.issueNumber };
  if (outcome.kind !== "posted" && outcome.kind !== "help") return { issue, outcome };
  try {
    const octokit = await run.probot.auth(request.installationId);
    const published = await findPublished(octokit, issue, outcome.kind, run.settings.serverUrl);
    return { issue, outcome, ...(published ? { published } : {}) };
  } catch (error) {
    // The plan is posted: a failed look-up costs the outputs their link, not the run its success.
    run.log.warn({ err: error }, "could not find the posted comment for the step's outputs");
    return { issue, outcome };
  }
}
