// Stage 1: whether and how the job goes on. Learns the app's own identity, reads the configuration again when the
// trigger could not, answers `/plan help`, acknowledges with 👀, and stops on a broken configuration, a missing
// model or a used-up plan quota, each with the notice that says what to do.
import { UserFacingError } from "../../errors.js";
import { addReaction } from "../../github/add-reaction.js";
import { findAppComments } from "../../github/find-app-comments.js";
import { botAuthor, namedBotAuthor } from "../../github/own-author.js";
import { upsertComment } from "../../github/upsert-comment.js";
import { quotaMessage } from "../../limits/plan-quota.js";
import type { LlmClient } from "../../llm/create-llm-client.js";
import { contextBudget } from "../../pipeline/plan-settings.js";
import { type JobScope, step } from "../job-scope.js";
import { renderHelpComment } from "../render-help-comment.js";
import { configProblemsMessage } from "../report-failure.js";
import { rereadConfig } from "../reread-config.js";

const NO_LLM_CONFIGURED =
  "The app has no language model configured: its operator needs to set OPENAI_API_KEY (or OPENAI_BASE_URL for a server that needs no key).";

/** Help when the job was a `/plan help` and is done; otherwise the model to write the plan with. */
export async function admit(scope: JobScope): Promise<{ kind: "help" } | { kind: "plan"; llm: LlmClient }> {
  const { deps } = scope;
  await step(scope, "reading the app's own account on GitHub", async () => {
    if (deps.ownAuthor) return;
    scope.own = deps.ownLogin ? namedBotAuthor(await deps.ownLogin()) : botAuthor;
  });
  const { readConfig } = deps;
  if (readConfig)
    scope.request = await step(scope, "reading the repository's settings", () =>
      rereadConfig(scope.request, scope.octokit, readConfig, {
        configPath: deps.env.CONFIG_PATH,
        final: scope.attempt.final,
      }),
    );
  const { request } = scope;
  scope.log.info({ trigger: request.trigger.kind, actor: request.trigger.actor }, "planning issue");
  if (request.trigger.kind === "command" && request.trigger.action === "help") {
    await step(scope, "answering /plan help", () => postHelp(scope));
    return { kind: "help" };
  }
  await step(scope, "acknowledging the request", () =>
    addReaction(scope.octokit, scope.issue, scope.target, "eyes"),
  );
  if (request.configProblems.length > 0)
    throw new UserFacingError(configProblemsMessage(request.configProblems, deps.env.CONFIG_PATH));
  const { llm } = deps;
  if (!llm) throw new UserFacingError(NO_LLM_CONFIGURED);
  // A retried or taken-over job was counted when it first started.
  if (scope.attempt.number === 1 && !scope.attempt.rerun)
    await step(scope, "checking the plan quota", () => takeQuota(scope));
  return { kind: "plan", llm };
}

async function postHelp(scope: JobScope): Promise<void> {
  const { request, deps } = scope;
  const { config } = request;
  const model = config.model ?? deps.llm?.model ?? "(none configured)";
  const budget = contextBudget(deps.env, config.context.budget);
  const unknown = request.trigger.kind === "command" ? request.trigger.unknown : undefined;
  scope.existing = await findAppComments(scope.octokit, scope.issue, scope.own);
  await upsertComment(
    scope.octokit,
    scope.issue,
    scope.existing.help,
    renderHelpComment(config, model, budget, unknown, deps.env.CONFIG_PATH),
  );
  scope.log.info("help posted");
  deps.metrics.jobs.inc({ outcome: "help" });
}

/** A repository may lower the operator's plan limits, never raise them. */
async function takeQuota(scope: JobScope): Promise<void> {
  const { env } = scope.deps;
  const repo = scope.request.config.limits;
  const quota = await scope.deps.quota.take(scope.request.installationId, {
    perHour: Math.min(env.PLANS_PER_HOUR, repo.plansPerHour ?? Number.POSITIVE_INFINITY),
    perDay: Math.min(env.PLANS_PER_DAY, repo.plansPerDay ?? Number.POSITIVE_INFINITY),
  });
  if (!quota.ok) throw new UserFacingError(quotaMessage(quota));
}
