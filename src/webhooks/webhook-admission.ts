// Turns a webhook into a queued plan job, or into nothing, within GitHub's patience: the configuration and the
// sender's permission decide; a webhook the queue cannot take is answered 503 (redeliverable), never lost.
import type { Context } from "probot";
import { RepoConfigLoader } from "../config/load-repo-config.js";
import { fallbackConfig, type ServerPolicy } from "../config/validate-repo-config.js";
import { describeRequestFailure } from "../github/describe-request-failure.js";
import { type PlanQueue, QueueUnavailableError } from "../jobs/plan-queue.js";
import type { Metrics } from "../observability/metrics.js";
import type { ConfigRead } from "../triggers/base-request.js";
import { mayTrigger, PermissionCache } from "../triggers/may-trigger.js";
import type { TriggerDecision } from "../triggers/trigger-decision.js";
import { withDeadline } from "./with-deadline.js";

// Probot's webhook middleware answers 202 by itself after 9 s: a handler still running by then would be
// acknowledged without its job being queued, so it gives up first and the webhook is answered 503.
const HANDLER_DEADLINE_MS = 7_000;

export interface AdmissionDeps {
  queue: PlanQueue;
  metrics: Metrics;
  policy: ServerPolicy;
  /** Told why an event started no job (the GitHub Action says so in its run). */
  onIgnored?: ((reason: string) => void) | undefined;
  /** null: no deadline (the GitHub Action handles its one event for as long as it takes). */
  handlerDeadlineMs?: number | null | undefined;
}

/** Who must be allowed to trigger (absent for automatic plans). */
export interface TriggerActor {
  login: string;
  association?: string;
}

export class WebhookAdmission {
  readonly #configs: RepoConfigLoader;
  readonly #permissions = new PermissionCache();

  constructor(private readonly deps: AdmissionDeps) {
    this.#configs = new RepoConfigLoader(deps.policy);
  }

  /**
   * Handles a trigger only when it can be queued, and within a deadline. With Redis down, Probot's throttling
   * (which keeps its state in Redis) would hold GitHub requests until the middleware answered 202 by itself, so
   * the queue is checked first.
   */
  async accept(context: Context, work: () => Promise<void>): Promise<void> {
    const { queue, metrics } = this.deps;
    try {
      const health = await queue.health();
      if (!health.ok) throw new QueueUnavailableError(`the job queue is unavailable (${health.detail})`);
      const deadline =
        this.deps.handlerDeadlineMs === undefined ? HANDLER_DEADLINE_MS : this.deps.handlerDeadlineMs;
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

  /**
   * The repository's configuration. A broken file must not silence the app: triggers fall back to the operator's
   * defaults and the job reports it; a read GitHub refuses or fails is made again by the job.
   */
  async readConfig(context: Context): Promise<ConfigRead> {
    context.octokit.hook.before("request", () => this.deps.metrics.webhookGithubRequests.inc());
    let result: Awaited<ReturnType<RepoConfigLoader["load"]>>;
    try {
      result = await this.#configs.load(context.octokit, context.repo());
    } catch (error) {
      if (error instanceof QueueUnavailableError) throw error;
      context.log.warn(
        { err: error, deliveryId: context.id },
        "configuration read failed: the job reads it again",
      );
      return {
        config: fallbackConfig(this.deps.policy),
        problems: [],
        unread: describeRequestFailure(error),
      };
    }
    const commit = result.commit ? { commit: result.commit } : {};
    return result.ok
      ? { config: result.config, problems: [], ...commit }
      : { config: fallbackConfig(this.deps.policy), problems: result.problems, ...commit };
  }

  ignored(context: Context, reason: string): void {
    this.deps.metrics.webhooks.inc({ event: eventName(context), outcome: "ignored" });
    this.deps.onIgnored?.(reason);
  }

  /** Queues the decided request, when the actor may ask for plans. */
  async enqueue(context: Context, decision: TriggerDecision, actor?: TriggerActor): Promise<void> {
    if (decision.kind === "ignore") {
      context.log.debug({ reason: decision.reason }, "event ignored");
      return this.ignored(context, decision.reason);
    }
    const { request } = decision;
    // Only people the configuration allows (by default: write access and above) may make the app spend money.
    const { permissions } = request.config;
    if (
      actor &&
      !(await mayTrigger(context.octokit, context.repo(), actor, permissions, this.#permissions))
    ) {
      context.log.info(
        { actor: actor.login, trigger: request.trigger.kind },
        "ignored a trigger from a user who may not ask for plans",
      );
      this.deps.metrics.webhooks.inc({ event: eventName(context), outcome: "refused" });
      this.deps.onIgnored?.(
        `${actor.login} may not ask for plans here (the configuration asks for ${permissions.minimum} permission or above)`,
      );
      return;
    }
    const outcome = await this.deps.queue.enqueue(request).catch((error: unknown) => {
      throw error instanceof QueueUnavailableError
        ? error
        : new QueueUnavailableError(String(error), { cause: error });
    });
    this.deps.metrics.webhooks.inc({ event: eventName(context), outcome });
    context.log.info(
      {
        repo: `${request.owner}/${request.repo}`,
        issue: request.issueNumber,
        outcome,
        trigger: request.trigger.kind,
      },
      OUTCOME_MESSAGES[outcome],
    );
  }
}

const OUTCOME_MESSAGES = {
  queued: "plan job queued",
  coalesced: "plan already queued for this issue: trigger merged into it",
  duplicate: "webhook delivery already accepted: nothing to do",
} as const;

function eventName(context: Context): string {
  const action = (context.payload as { action?: string }).action;
  return action ? `${context.name}.${action}` : context.name;
}
