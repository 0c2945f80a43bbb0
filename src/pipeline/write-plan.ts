// Writes a checked plan: asks the model, reads and grounds its reply, asks for repairs (at most the configured
// rounds), then fixes what is left mechanically so the plan never claims what the repository does not have.
import type { Logger } from "pino";
import { UserFacingError } from "../errors.js";
import {
  type ChatTurn,
  completeChat,
  StructuredOutputUnsupportedError,
  type TokenUsage,
} from "../llm/complete-chat.js";
import type { LlmClient } from "../llm/create-llm-client.js";
import { PLAN_RESPONSE_FORMAT } from "../llm/plan-response-format.js";
import { buildPlanMessages, type PlanInput } from "../plan/build-plan-messages.js";
import { type FixResult, fixPlan } from "../plan/fix-plan.js";
import { groundPlan } from "../plan/ground-plan.js";
import type { Finding } from "../plan/plan-findings.js";
import type { Plan } from "../plan/plan-model.js";
import { type ReplyFormat, readPlanReply } from "../plan/read-plan-reply.js";
import { repairRequest } from "../plan/repair-request.js";
import type { RepoFacts } from "../plan/repo-facts.js";

export interface WritePlanOptions {
  llm: LlmClient;
  input: PlanInput;
  facts: RepoFacts;
  repairRounds: number;
  /** Tokens the plan may use in all; a repair round that would pass it is not started. */
  maxTokens?: number;
  /** Called before each repair round (progress shown to the issue). */
  onRepair?: () => Promise<void>;
  log: Logger;
}

export interface WrittenPlan {
  plan: Plan;
  /** Errors the model left and that were fixed mechanically. */
  fixed: FixResult["fixed"];
  /** Errors still present after every fix (listed in the comment's checks). */
  remaining: Finding[];
  repairRounds: number;
  format: ReplyFormat;
  model: string;
  usage: TokenUsage;
}

interface Attempt {
  plan: Plan | null;
  errors: Finding[];
}

export async function writePlan(options: WritePlanOptions): Promise<WrittenPlan> {
  const { llm, input, facts, log } = options;
  let format: ReplyFormat = chooseFormat(llm);
  let messages: ChatTurn[] = buildPlanMessages(input, format);
  const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  let model = llm.model;
  let best: Attempt | undefined;
  let round = 0;

  for (;;) {
    let reply: Awaited<ReturnType<typeof completeChat>>;
    try {
      reply = await completeChat(
        llm,
        messages,
        format === "json" ? { responseFormat: PLAN_RESPONSE_FORMAT } : {},
      );
    } catch (error) {
      if (!(error instanceof StructuredOutputUnsupportedError)) throw error;
      if (llm.outputMode === "json") {
        throw new UserFacingError(
          "The language model provider does not support structured output; the app's operator can set LLM_OUTPUT_MODE to `auto` or `markdown`.",
          { cause: error },
        );
      }
      // Remembered for later plans of this process: one refused request is enough.
      llm.capabilities.refusedStructuredOutput();
      log.warn({ reason: error.message }, "the provider refused structured output; using Markdown replies");
      format = "markdown";
      messages = buildPlanMessages(input, format);
      continue;
    }
    if (format === "json") llm.capabilities.acceptedStructuredOutput();
    model = reply.model;
    usage.inputTokens += reply.usage?.inputTokens ?? 0;
    usage.outputTokens += reply.usage?.outputTokens ?? 0;

    const parsed = readPlanReply(reply.text, format, input.issue.title);
    const errors = [
      ...parsed.findings.filter((entry) => entry.severity === "error"),
      ...(parsed.plan ? groundPlan(parsed.plan, facts) : []),
    ];
    if (!best || score({ plan: parsed.plan, errors }) <= score(best)) best = { plan: parsed.plan, errors };
    if (errors.length === 0 || round >= options.repairRounds) break;
    // The next round sends everything again plus this answer: stop when that would pass the plan's token limit.
    const spent = usage.inputTokens + usage.outputTokens;
    const nextRound = (reply.usage?.inputTokens ?? 0) + 2 * (reply.usage?.outputTokens ?? 0);
    if (options.maxTokens !== undefined && spent + nextRound > options.maxTokens) {
      log.warn(
        { spent, maxTokens: options.maxTokens },
        "no repair round: it would pass the plan's token limit",
      );
      break;
    }
    round += 1;
    log.info(
      { round, errors: errors.length, rules: [...new Set(errors.map((entry) => entry.rule))] },
      "asking the model to repair the plan",
    );
    await options.onRepair?.();
    messages = [
      ...messages,
      { role: "assistant", content: reply.text },
      { role: "user", content: repairRequest(errors, format) },
    ];
  }

  if (!best?.plan) {
    throw new UserFacingError(
      `The language model's reply could not be read as a plan, even after ${round} repair round${round === 1 ? "" : "s"}.`,
    );
  }
  const { plan, fixed } = fixPlan(best.plan, best.errors, facts);
  const fixedSet = new Set(fixed.map((entry) => entry.finding));
  // Format errors the parser already filled in (a missing phase, a task without steps) count as fixed too.
  const filled = best.errors
    .filter((entry) => !fixedSet.has(entry) && entry.rule.startsWith("format/"))
    .map((entry) => ({ finding: entry, action: "filled in with an assumption or the issue's title" }));
  return {
    plan,
    fixed: [...fixed, ...filled],
    remaining: groundPlan(plan, facts),
    repairRounds: round,
    format,
    model,
    usage,
  };
}

function chooseFormat(llm: LlmClient): ReplyFormat {
  if (llm.outputMode === "markdown") return "markdown";
  if (llm.outputMode === "json") return "json";
  return llm.capabilities.structuredOutput === false ? "markdown" : "json";
}

/** Lower is better: no plan at all is worst, then the number of errors. */
function score(attempt: Attempt): number {
  return attempt.plan ? attempt.errors.length : Number.POSITIVE_INFINITY;
}
