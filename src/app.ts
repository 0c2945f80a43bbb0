// The Probot app: wiring only. Webhooks become plan requests, requests go on the queue, the queue runs jobs.
import type { ApplicationFunction, Context, Probot } from "probot";
import type { AppEnv } from "./config/env.js";
import { RepoConfigLoader } from "./config/load-repo-config.js";
import { fallbackConfig, serverPolicy } from "./config/validate-repo-config.js";
import { appBotLogin } from "./github/app-bot-login.js";
import { describeRequestFailure } from "./github/describe-request-failure.js";
import type { OwnAuthor } from "./github/own-author.js";
import type { IssueRecords } from "./jobs/issue-records.js";
import { planJobDeps } from "./jobs/plan-job-deps.js";
import type { ProgressTiming } from "./jobs/plan-progress.js";
import { type PlanQueue, QueueUnavailableError } from "./jobs/plan-queue.js";
import type { PlanRequest } from "./jobs/plan-request.js";
import { type JobOutcome, runPlan } from "./jobs/run-plan.js";
import type { LlmLimiter } from "./limits/llm-limiter.js";
import type { PlanQuota } from "./limits/plan-quota.js";
import type { LlmClient } from "./llm/create-llm-client.js";
import { createHealthHandler } from "./observability/health-handler.js";
import { createMetricsHandler, type Metrics } from "./observability/metrics.js";
import type { SnapshotCache } from "./repo/snapshot-cache.js";
import type { ConfigRead } from "./triggers/base-request.js";
import { isBotSender } from "./triggers/is-bot-sender.js";
import { mayTrigger, PermissionCache } from "./triggers/may-trigger.js";
import { parsePlanCommand } from "./triggers/parse-plan-command.js";
import { requestFromComment } from "./triggers/request-from-comment.js";
import { requestFromLabel } from "./triggers/request-from-label.js";
import { requestFromOpened } from "./triggers/request-from-opened.js";
import type { TriggerDecision } from "./triggers/trigger-decision.js";
import { VERSION } from "./version.js";

export interface AppDeps {
  queue: PlanQueue;
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
  const policy = serverPolicy(env);
  return (app: Probot, { addHandler }) => {
    addHandler(createHealthHandler(queue, VERSION, deps.role));
    // With METRICS_PORT the process entry serves /metrics on that port instead.
    if (env.METRICS_PORT === undefined) addHandler(createMetricsHandler(metrics, env.METRICS_TOKEN));
    if (!llm && deps.runWorker)
      app.log.warn("OPENAI_API_KEY is not set: every plan request will be answered with a setup notice.");

    if (deps.runWorker) {
      const jobDeps = planJobDeps(deps, (installationId) => app.auth(installationId), app.log);
      // The app edits only comments its own bot account wrote; the Action's token has no app to ask.
      const own = deps.ownAuthor
        ? { ownAuthor: deps.ownAuthor }
        : { ownLogin: appBotLogin(() => app.auth()) };
      queue.start(async (request, attempt) => {
        const outcome = await runPlan(request, { ...jobDeps, ...own }, attempt);
        deps.onJobDone?.(request, outcome);
      });
    }

    const configs = new RepoConfigLoader(policy);
    const permissionCache = new PermissionCache();
    // A broken file must not silence the app: triggers fall back to the operator's defaults and the job reports it.
    const readConfig = async (context: Context): Promise<ConfigRead> => {
      context.octokit.hook.before("request", () => metrics.webhookGithubRequests.inc());
      let result: Awaited<ReturnType<RepoConfigLoader["load"]>>;
      try {
        result = await configs.load(context.octokit, context.repo());
      } catch (error) {
        // GitHub refused or failed the read: decide on the defaults and let the job read it again, so the
        // issue hears about it instead of a failed delivery nobody sees.
        if (error instanceof QueueUnavailableError) throw error;
        context.log.warn(
          { err: error, deliveryId: context.id },
          "configuration read failed: the job reads it again",
        );
        return { config: fallbackConfig(policy), problems: [], unread: describeRequestFailure(error) };
      }
      const commit = result.commit ? { commit: result.commit } : {};
      return result.ok
        ? { config: result.config, problems: [], ...commit }
        : { config: fallbackConfig(policy), problems: result.problems, ...commit };
    };

    app.on("issues.labeled", async (context) => {
      // Cheap checks first: most label events are not for us and must not cost a configuration read.
      if (isBotSender(context.payload.sender)) return ignored(context, "the event was caused by a bot");
      await accept(context, async () =>
        enqueue(context, requestFromLabel(context.payload, context.id, await readConfig(context)), {
          login: context.payload.sender.login,
        }),
      );
    });

    app.on("issues.opened", async (context) => {
      if (isBotSender(context.payload.sender)) return ignored(context, "the event was caused by a bot");
      // Opt-in automatic plans cover every new issue, whoever opened it (cost limits bound them).
      await accept(context, async () =>
        enqueue(context, requestFromOpened(context.payload, context.id, await readConfig(context))),
      );
    });

    app.on("issue_comment.created", async (context) => {
      if (!parsePlanCommand(context.payload.comment.body))
        return ignored(context, "the comment is not a /plan command");
      if (isBotSender(context.payload.sender)) return ignored(context, "the comment was written by a bot");
      await accept(context, async () =>
        enqueue(context, requestFromComment(context.payload, context.id, await readConfig(context)), {
          login: context.payload.comment.user?.login ?? context.payload.sender.login,
          association: context.payload.comment.author_association,
        }),
      );
    });

    /**
     * Handles a trigger only when it can be queued, and within a deadline: a webhook the app cannot take is
     * answered 503 (GitHub marks the delivery failed and it can be redelivered), never acknowledged and lost.
     * With Redis down, Probot's throttling (which keeps its state in Redis) would hold GitHub requests until
     * the webhook middleware answered 202 by itself, so the queue is checked first.
     */
    async function accept(context: Context, work: () => Promise<void>): Promise<void> {
      try {
        const health = await queue.health();
        if (!health.ok) throw new QueueUnavailableError(`the job queue is unavailable (${health.detail})`);
        const deadline = deps.handlerDeadlineMs === undefined ? HANDLER_DEADLINE_MS : deps.handlerDeadlineMs;
        await (deadline === null ? work() : withDeadline(work(), deadline));
      } catch (error) {
        if (!(error instanceof QueueUnavailableError)) throw error;
        metrics.webhooks.inc({ event: eventName(context), outcome: "unavailable" });
        context.log.error(
          { err: error, deliveryId: context.id, event: eventName(context) },
          "could not queue the plan job: webhook answered 503, redeliver it once the queue is back",
        );
        throw error;
      }
    }

    function ignored(context: Context, reason: string): void {
      metrics.webhooks.inc({ event: eventName(context), outcome: "ignored" });
      deps.onIgnored?.(reason);
    }

    /** `actor`: who must be allowed to trigger (absent for automatic plans). */
    async function enqueue(
      context: Context,
      decision: TriggerDecision,
      actor?: { login: string; association?: string },
    ): Promise<void> {
      if (decision.kind === "ignore") {
        context.log.debug({ reason: decision.reason }, "event ignored");
        ignored(context, decision.reason);
        return;
      }
      const { request } = decision;
      // Only people the configuration allows (by default: write access and above) may make the app spend money.
      if (
        actor &&
        !(await mayTrigger(
          context.octokit,
          context.repo(),
          actor,
          request.config.permissions,
          permissionCache,
        ))
      ) {
        context.log.info(
          { actor: actor.login, trigger: request.trigger.kind },
          "ignored a trigger from a user who may not ask for plans",
        );
        metrics.webhooks.inc({ event: eventName(context), outcome: "refused" });
        deps.onIgnored?.(
          `${actor.login} may not ask for plans here (the configuration asks for ${request.config.permissions.minimum} permission or above)`,
        );
        return;
      }
      let outcome: Awaited<ReturnType<PlanQueue["enqueue"]>>;
      try {
        outcome = await queue.enqueue(request);
      } catch (error) {
        throw error instanceof QueueUnavailableError
          ? error
          : new QueueUnavailableError(String(error), { cause: error });
      }
      metrics.webhooks.inc({ event: eventName(context), outcome });
      context.log.info(
        {
          repo: `${request.owner}/${request.repo}`,
          issue: request.issueNumber,
          outcome,
          trigger: request.trigger.kind,
        },
        outcome === "queued"
          ? "plan job queued"
          : outcome === "coalesced"
            ? "plan already queued for this issue: trigger merged into it"
            : "webhook delivery already accepted: nothing to do",
      );
    }
  };
}

function eventName(context: Context): string {
  const action = (context.payload as { action?: string }).action;
  return action ? `${context.name}.${action}` : context.name;
}

// Probot's webhook middleware answers 202 by itself after 9 s: a handler still running by then would be
// acknowledged without its job being queued, so it gives up first and the webhook is answered 503.
const HANDLER_DEADLINE_MS = 7_000;

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new QueueUnavailableError(`the trigger could not be queued within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
