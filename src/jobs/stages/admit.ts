// Stage 1: whether and how the job goes on. Reads the configuration at the commit it plans, ends quietly when
// nobody allowed asked, learns the app's own identity, answers `/plan help`, acknowledges with 👀, and stops on
// an unreadable or broken configuration, a missing model or a used-up plan quota, each with the notice that
// says what to do.
import { UserFacingError } from "../../errors.js";
import { findAppComments } from "../../github/find-app-comments.js";
import { botAuthor, namedBotAuthor } from "../../github/own-author.js";
import { upsertComment } from "../../github/upsert-comment.js";
import { quotaMessage } from "../../limits/plan-quota.js";
import type { LlmClient } from "../../llm/create-llm-client.js";
import { contextBudget } from "../../pipeline/plan-settings.js";
import { confirmTrigger } from "../confirm-trigger.js";
import { type JobScope, reactionTarget, step } from "../job-scope.js";
import { readJobConfig } from "../read-job-config.js";
import { renderHelpComment } from "../render-help-comment.js";
import { configProblemsMessage } from "../report-failure.js";
import { acknowledge } from "./acknowledge.js";

const NO_LLM_CONFIGURED =
  "The app has no language model configured: its operator needs to set OPENAI_API_KEY (or OPENAI_BASE_URL for a server that needs no key).";

export type Admission =
  | { kind: "help" }
  /** Nobody who may ask for plans asked: the job ends quietly. */
  | { kind: "refused"; reason: string }
  | { kind: "plan"; llm: LlmClient };

/** Help when the job was a `/plan help` and is done; refused when no allowed trigger asked; else the model to use. */
export async function admit(scope: JobScope): Promise<Admission> {
  const unread = await step(scope, "reading the repository's settings", () => readSettings(scope));
  const confirmed = await step(scope, "checking who asked", () =>
    confirmTrigger(scope.request, scope.octokit, scope.deps.permissions),
  );
  if (confirmed.kind === "refused") return refuse(scope, confirmed.reason);
  scope.request = confirmed.request;
  scope.target = reactionTarget(scope.request.trigger);
  await step(scope, "reading the app's own account on GitHub", async () => {
    if (scope.deps.ownAuthor) return;
    scope.own = scope.deps.ownLogin ? namedBotAuthor(await scope.deps.ownLogin()) : botAuthor;
  });
  if (unread) throw unread;
  return admitAllowed(scope);
}

async function admitAllowed(scope: JobScope): Promise<Admission> {
  const { deps, request } = scope;
  scope.log.info({ trigger: request.trigger.kind, actor: request.trigger.actor }, "planning issue");
  if (request.trigger.kind === "command" && request.trigger.action === "help") {
    await step(scope, "answering /plan help", () => postHelp(scope));
    return { kind: "help" };
  }
  scope.acknowledgement = acknowledge(scope);
  if (request.configProblems.length > 0)
    throw new UserFacingError(configProblemsMessage(request.configProblems, deps.env.CONFIG_PATH));
  const { llm } = deps;
  if (!llm) throw new UserFacingError(NO_LLM_CONFIGURED);
  // A retried or taken-over job was counted when it first started.
  if (scope.attempt.number === 1 && !scope.attempt.rerun)
    await step(scope, "checking the plan quota", () => takeQuota(scope));
  return { kind: "plan", llm };
}

/**
 * Reads the configuration and head commit into the request. A read that fails for good is returned, to be
 * reported only once an allowed trigger is found on the configuration the trigger was admitted with.
 */
async function readSettings(scope: JobScope): Promise<UserFacingError | undefined> {
  const { readConfig, env, hints } = scope.deps;
  if (!readConfig) return undefined;
  // The settings are a GraphQL query: read outside the write spacing, or it waits behind other jobs' writes.
  const read = await readJobConfig(scope.request, scope.reader, readConfig, {
    configPath: env.CONFIG_PATH,
    final: scope.attempt.final,
    hints,
  });
  if (read.kind === "unread") return read.notice;
  scope.request = read.request;
  return undefined;
}

/** No reaction, no comment, no model call: counted, and logged at debug level. */
function refuse(scope: JobScope, reason: string): Admission {
  scope.log.debug({ trigger: scope.request.trigger.kind, reason }, "trigger not allowed: nothing to do");
  scope.deps.metrics.jobs.inc({ outcome: "refused" });
  return { kind: "refused", reason };
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
