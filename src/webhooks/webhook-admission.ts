// Turns a webhook into a queued plan job, or into nothing, without a GitHub request: the event, its sender and the
// configuration a job read lately decide what is surely not for us; the job checks the rest (the configuration
// at its commit, the sender's permission). A webhook the queue cannot take is answered 503 (redeliverable).
import type { Context } from "probot";
import type { ConfigHints } from "../config/config-hints.js";
import { fallbackConfig, type ServerPolicy } from "../config/validate-repo-config.js";
import { type PlanQueue, QueueUnavailableError } from "../jobs/plan-queue.js";
import type { Metrics } from "../observability/metrics.js";
import { isWarmUpDelivery } from "../observability/warm-up-id.js";
import type { KnownConfig } from "../triggers/base-request.js";
import type { TriggerDecision } from "../triggers/trigger-decision.js";
import { withDeadline } from "./with-deadline.js";

// Probot's webhook middleware answers 202 by itself after 9 s: a handler still running by then would be
// acknowledged without its job being queued, so it gives up first and the webhook is answered 503.
const HANDLER_DEADLINE_MS = 7_000;
/** A configuration hint is an optimisation: a store slower than this is treated as knowing nothing. */
const HINT_DEADLINE_MS = 250;

export interface AdmissionDeps {
  queue: PlanQueue;
  /**
   * Where the starting server's own warm-up deliveries go (src/webhooks/warm-up.ts): a queue no worker reads.
   * Without it they go nowhere.
   */
  warmUpQueue?: PlanQueue | undefined;
  /** The configurations jobs read lately: which label events of a repository can be for us. */
  hints?: ConfigHints | undefined;
  metrics: Metrics;
  policy: ServerPolicy;
  /** Told why an event started no job (the GitHub Action says so in its run). */
  onIgnored?: ((reason: string) => void) | undefined;
  /** null: no deadline (the GitHub Action handles its one event for as long as it takes). */
  handlerDeadlineMs?: number | null | undefined;
}

export class WebhookAdmission {
  /** The operator's defaults, validated once: a webhook costs no schema parse. */
  readonly #fallback: KnownConfig;
  /** The handlers' clients whose requests are counted. */
  readonly #counted = new WeakSet<object>();

  constructor(private readonly deps: AdmissionDeps) {
    this.#fallback = { config: fallbackConfig(deps.policy), known: false };
  }

  /**
   * Handles a trigger within a deadline. The handler makes no GitHub request, so a queue that cannot take the
   * job (Redis down) fails the enqueue at once and the webhook is answered 503 for GitHub to redeliver.
   */
  async accept(context: Context, work: () => Promise<void>): Promise<void> {
    this.#countRequests(context);
    try {
      const deadline =
        this.deps.handlerDeadlineMs === undefined ? HANDLER_DEADLINE_MS : this.deps.handlerDeadlineMs;
      await (deadline === null ? work() : withDeadline(work(), deadline));
    } catch (error) {
      if (!(error instanceof QueueUnavailableError) || isWarmUpDelivery(context.id)) throw error;
      this.deps.metrics.webhooks.inc({ event: eventName(context), outcome: "unavailable" });
      context.log.error(
        { err: error, deliveryId: context.id, event: eventName(context) },
        "could not queue the plan job: webhook answered 503, redeliver it once the queue is back",
      );
      throw error;
    }
  }

  /**
   * Counts the GitHub requests made with the handler's client, for /metrics and the benchmark: the handler makes
   * none (the app's server gives every event one shared client that refuses them: handler-client.ts), so the hook
   * is added once per client, not once per event.
   */
  #countRequests(context: Context): void {
    const client = context.octokit;
    if (this.#counted.has(client)) return;
    this.#counted.add(client);
    client.hook.before("request", () => this.deps.metrics.webhookGithubRequests.inc());
  }

  /**
   * The configuration a job read for the repository lately, if any, else the operator's defaults: no GitHub
   * request is made before the webhook is answered. A hint store that does not answer at once counts as empty.
   */
  async knownConfig(context: Context): Promise<KnownConfig> {
    const fallback = this.#fallback;
    const { hints } = this.deps;
    if (!hints) return fallback;
    try {
      const config = await withDeadline(hints.get(context.repo()), HINT_DEADLINE_MS);
      return config ? { config, known: true } : fallback;
    } catch (error) {
      context.log.debug({ err: error }, "configuration hint unavailable: the job decides");
      return fallback;
    }
  }

  ignored(context: Context, reason: string): void {
    // The server's own warm-up (warm-up.ts) is neither counted nor reported.
    if (isWarmUpDelivery(context.id)) return;
    this.deps.metrics.webhooks.inc({ event: eventName(context), outcome: "ignored" });
    this.deps.onIgnored?.(reason);
  }

  /** Queues the decided request: the job checks the configuration at the commit and who asked. */
  async enqueue(context: Context, decision: TriggerDecision): Promise<void> {
    if (decision.kind === "ignore") {
      context.log.debug({ reason: decision.reason }, "event ignored");
      return this.ignored(context, decision.reason);
    }
    const { request } = decision;
    // The server's warm-up runs the enqueue too, into its own queue; it is neither counted nor logged at info.
    const warmUp = isWarmUpDelivery(context.id);
    const queue = warmUp ? this.deps.warmUpQueue : this.deps.queue;
    if (!queue) return;
    const outcome = await queue.enqueue(request).catch((error: unknown) => {
      throw error instanceof QueueUnavailableError
        ? error
        : new QueueUnavailableError(String(error), { cause: error });
    });
    if (warmUp) return context.log.debug({ outcome }, "warm-up delivery queued on the warm-up queue");
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
