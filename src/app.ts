// The Probot app: wiring only. Webhooks become plan requests, requests go on the queue, the queue runs jobs.
import type { ApplicationFunction, Context, Probot } from "probot";
import type { AppEnv } from "./config/env.js";
import type { PlanQueue } from "./jobs/plan-queue.js";
import { runPlan } from "./jobs/run-plan.js";
import type { LlmClient } from "./llm/create-llm-client.js";
import { createHealthHandler } from "./observability/health-handler.js";
import type { SnapshotCache } from "./repo/snapshot-cache.js";
import { hasWriteAccess } from "./triggers/has-write-access.js";
import { requestFromComment } from "./triggers/request-from-comment.js";
import { requestFromLabel } from "./triggers/request-from-label.js";
import type { TriggerDecision } from "./triggers/trigger-decision.js";
import { VERSION } from "./version.js";

export interface AppDeps {
  queue: PlanQueue;
  llm: LlmClient | null;
  env: AppEnv;
  snapshotCache: SnapshotCache;
}

export function createApp(deps: AppDeps): ApplicationFunction {
  const { queue, llm, env, snapshotCache } = deps;
  return (app: Probot, { addHandler }) => {
    addHandler(createHealthHandler(queue, VERSION));
    if (!llm)
      app.log.warn("OPENAI_API_KEY is not set: every plan request will be answered with a setup notice.");

    queue.start((request) =>
      runPlan(request, {
        getOctokit: (installationId) => app.auth(installationId),
        llm,
        log: app.log,
        settings: {
          planLabel: env.PLAN_LABEL,
          removeLabelAfterPlan: env.REMOVE_LABEL_AFTER_PLAN,
          repairRounds: env.PLAN_REPAIR_ROUNDS,
        },
        snapshots: {
          cache: snapshotCache,
          limits: {
            maxTotalBytes: env.SNAPSHOT_MAX_BYTES,
            maxFiles: env.SNAPSHOT_MAX_FILES,
            maxFileBytes: env.MAX_FILE_BYTES,
          },
          exclude: env.CONTEXT_EXCLUDE,
        },
        contextBudget: env.CONTEXT_BUDGET_TOKENS,
      }),
    );

    app.on("issues.labeled", async (context) => {
      await enqueue(context, requestFromLabel(context.payload, context.id, env.PLAN_LABEL));
    });

    app.on("issue_comment.created", async (context) => {
      const decision = requestFromComment(context.payload, context.id);
      if (decision.kind === "plan") {
        const actor = decision.request.trigger.actor;
        // Only people who could write the code themselves may make the app spend money and post.
        if (!(await hasWriteAccess(context.octokit, context.repo(), actor))) {
          context.log.info({ actor }, "ignored /plan from a user without write access");
          return;
        }
      }
      await enqueue(context, decision);
    });

    async function enqueue(context: Context, decision: TriggerDecision): Promise<void> {
      if (decision.kind === "ignore") {
        context.log.debug({ reason: decision.reason }, "event ignored");
        return;
      }
      const { request } = decision;
      // A rejection (queue closing) propagates: the webhook is answered 500 and can be redelivered.
      const outcome = await queue.enqueue(request);
      context.log.info(
        {
          repo: `${request.owner}/${request.repo}`,
          issue: request.issueNumber,
          outcome,
          trigger: request.trigger.kind,
        },
        outcome === "queued" ? "plan job queued" : "plan already queued or running for this issue",
      );
    }
  };
}
