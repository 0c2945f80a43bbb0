// The Probot app: wiring only. Webhooks become plan requests, requests go on the queue, the queue runs jobs.
import type { ApplicationFunction, Probot } from "probot";
import type { ConfigHints } from "./config/config-hints.js";
import type { AppEnv } from "./config/env.js";
import { serverPolicy } from "./config/validate-repo-config.js";
import { appBotLogin } from "./github/app-bot-login.js";
import type { OwnAuthor } from "./github/own-author.js";
import type { IssueRecords } from "./jobs/issue-records.js";
import { planJobDeps } from "./jobs/plan-job-deps.js";
import type { ProgressTiming } from "./jobs/plan-progress.js";
import type { PlanQueue } from "./jobs/plan-queue.js";
import type { PlanRequest } from "./jobs/plan-request.js";
import type { JobOutcome } from "./jobs/run-plan.js";
import type { LlmLimiter } from "./limits/llm-limiter.js";
import type { PlanQuota } from "./limits/plan-quota.js";
import type { LlmClient } from "./llm/create-llm-client.js";
import { createHealthHandler } from "./observability/health-handler.js";
import { createMetricsHandler, type Metrics } from "./observability/metrics.js";
import type { SnapshotCache } from "./repo/snapshot-cache.js";
import { isBotSender } from "./triggers/is-bot-sender.js";
import { parsePlanCommand } from "./triggers/parse-plan-command.js";
import { requestFromComment } from "./triggers/request-from-comment.js";
import { requestFromLabel } from "./triggers/request-from-label.js";
import { requestFromOpened } from "./triggers/request-from-opened.js";
import { VERSION } from "./version.js";
import { WebhookAdmission } from "./webhooks/webhook-admission.js";

export interface AppDeps {
  queue: PlanQueue;
  /** The configurations jobs read lately, shared by the handlers and the workers. */
  hints: ConfigHints;
  llm: LlmClient | null;
  env: AppEnv;
  snapshotCache: SnapshotCache;
  quota: PlanQuota;
  records: IssueRecords;
  llmLimiter: LlmLimiter;
  metrics: Metrics;
  /** Run plan jobs in this process (false on a webhook-only server). */
  runWorker: boolean;
  /** For /health: `server`, `server+worker` or `worker`. */
  role: string;
  /** The queue of the server's warm-up deliveries, while it warms up (webhooks/warm-up.ts). */
  warmUpQueue?: PlanQueue;
  /** While true, /health answers 503 "starting" (the server warms its webhook path up: webhooks/warm-up.ts). */
  starting?: () => boolean;
  /** Tests pin this to make progress writes deterministic. */
  progress?: ProgressTiming;
  /** Told how each job of this process ended (the GitHub Action fails its run on a failed plan). */
  onJobDone?: (request: PlanRequest, outcome: JobOutcome) => void;
  /** Whose comments are the app's own; by default its bot account, from GET /app (the Action says otherwise). */
  ownAuthor?: OwnAuthor;
  /** Told why an event started no job (the GitHub Action says so in its run). */
  onIgnored?: (reason: string) => void;
  /**
   * How long a webhook handler may take to queue its job before the delivery is answered 503; null where no
   * webhook waits for an answer (the GitHub Action handles its one event for as long as it takes).
   */
  handlerDeadlineMs?: number | null;
}

export function createApp(deps: AppDeps): ApplicationFunction {
  const { queue, llm, env, metrics } = deps;
  return (app: Probot, { addHandler }) => {
    addHandler(createHealthHandler(queue, VERSION, deps.role, deps.starting));
    // With METRICS_PORT the process entry serves /metrics on that port instead.
    if (env.METRICS_PORT === undefined) addHandler(createMetricsHandler(metrics, env.METRICS_TOKEN));
    if (!llm && deps.runWorker)
      app.log.warn("OPENAI_API_KEY is not set: every plan request will be answered with a setup notice.");
    if (deps.runWorker) startWorker(app, deps);

    const admission = new WebhookAdmission({
      queue,
      warmUpQueue: deps.warmUpQueue,
      hints: deps.hints,
      metrics,
      policy: serverPolicy(env),
      onIgnored: deps.onIgnored,
      handlerDeadlineMs: deps.handlerDeadlineMs,
    });

    // No GitHub request before the answer: the job reads the configuration and the sender's permission.
    app.on("issues.labeled", async (context) => {
      // Cheap checks first: most label events are not for us.
      if (isBotSender(context.payload.sender))
        return admission.ignored(context, "the event was caused by a bot");
      await admission.accept(context, async () =>
        admission.enqueue(
          context,
          requestFromLabel(context.payload, context.id, await admission.knownConfig(context)),
        ),
      );
    });

    app.on("issues.opened", async (context) => {
      if (isBotSender(context.payload.sender))
        return admission.ignored(context, "the event was caused by a bot");
      // Opt-in automatic plans cover every new issue, whoever opened it (cost limits bound them).
      await admission.accept(context, async () =>
        admission.enqueue(
          context,
          requestFromOpened(context.payload, context.id, await admission.knownConfig(context)),
        ),
      );
    });

    app.on("issue_comment.created", async (context) => {
      const { comment, sender } = context.payload;
      if (!parsePlanCommand(comment.body))
        return admission.ignored(context, "the comment is not a /plan command");
      if (isBotSender(sender)) return admission.ignored(context, "the comment was written by a bot");
      await admission.accept(context, async () =>
        admission.enqueue(
          context,
          requestFromComment(context.payload, context.id, await admission.knownConfig(context)),
        ),
      );
    });
  };
}

/**
 * Runs this process's plan jobs; the app edits only comments its own bot account wrote (the Action says whose).
 * The plan pipeline (tokenizers, stack rules, parsers: about 45 MB of heap) is loaded here, as the worker starts,
 * and never by a webhook-only server: its heap stays small, and so do its garbage collections' pauses.
 */
function startWorker(app: Probot, deps: AppDeps): void {
  const jobDeps = planJobDeps(deps, (installationId) => app.auth(installationId), app.log);
  const own = deps.ownAuthor ? { ownAuthor: deps.ownAuthor } : { ownLogin: appBotLogin(() => app.auth()) };
  const pipeline = import("./jobs/run-plan.js");
  // A pipeline that cannot load fails each job, which the queue reports or retries; not an unhandled rejection.
  pipeline.catch(() => undefined);
  deps.queue.start(async (request, attempt) => {
    const { runPlan } = await pipeline;
    const outcome = await runPlan(request, { ...jobDeps, ...own }, attempt);
    if (outcome.kind === "refused") deps.onIgnored?.(outcome.reason);
    else deps.onJobDone?.(request, outcome);
  });
}
