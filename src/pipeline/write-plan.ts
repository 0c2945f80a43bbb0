// Writes a checked plan: asks the model, reads and grounds its reply, asks for repairs (at most the configured
// rounds), then fixes what is left mechanically so the plan never claims what the repository does not have.
import type { Logger } from "pino";
import { UserFacingError } from "../errors.js";
import {
  type ChatCompletion,
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

/** The exchange with the model so far: the format it answers in, the turns, and what they cost. */
interface Conversation {
  format: ReplyFormat;
  messages: ChatTurn[];
  usage: TokenUsage;
  model: string;
}

export async function writePlan(options: WritePlanOptions): Promise<WrittenPlan> {
  const { llm, input, log } = options;
  const format = chooseFormat(llm);
  const talk: Conversation = {
    format,
    messages: buildPlanMessages(input, format),
    usage: { inputTokens: 0, outputTokens: 0 },
    model: llm.model,
  };
  // Findings the model was told of. Each is sent once: a model that answers the same plan, or leaves only what it
  // was told of, would only be asked the same again (and a false finding would be repeated in every round).
  const told = new Set<string>();
  let best: Attempt | undefined;
  let round = 0;

  for (;;) {
    const reply = await ask(options, talk);
    const attempt = checkReply(reply.text, talk.format, options);
    if (!best || score(attempt) <= score(best)) best = attempt;
    if (attempt.errors.length === 0 || round >= options.repairRounds) break;
    const news = attempt.errors.filter((entry) => !told.has(findingKey(entry)));
    if (news.length === 0) {
      log.info(
        { round, errors: attempt.errors.length },
        "no repair round: the model was told of every problem left",
      );
      break;
    }
    if (passesTokenLimit(reply, talk, options)) break;
    round += 1;
    log.info(
      { round, errors: news.length, rules: [...new Set(news.map((entry) => entry.rule))] },
      "asking the model to repair the plan",
    );
    await options.onRepair?.();
    for (const entry of news) told.add(findingKey(entry));
    talk.messages = [
      ...talk.messages,
      { role: "assistant", content: reply.text },
      { role: "user", content: repairRequest(news, talk.format) },
    ];
  }
  return settle(best, round, talk, options.facts);
}

/** One reply of the model; a provider that refuses structured output is asked again for Markdown. */
async function ask(options: WritePlanOptions, talk: Conversation): Promise<ChatCompletion> {
  const { llm, log } = options;
  for (;;) {
    try {
      const reply = await completeChat(
        llm,
        talk.messages,
        talk.format === "json" ? { responseFormat: PLAN_RESPONSE_FORMAT } : {},
      );
      if (talk.format === "json") llm.capabilities.acceptedStructuredOutput();
      talk.model = reply.model;
      talk.usage.inputTokens += reply.usage?.inputTokens ?? 0;
      talk.usage.outputTokens += reply.usage?.outputTokens ?? 0;
      return reply;
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
      talk.format = "markdown";
      talk.messages = buildPlanMessages(options.input, talk.format);
    }
  }
}

/** The reply read as a plan, with its errors: the format's and the grounding's. */
function checkReply(text: string, format: ReplyFormat, options: WritePlanOptions): Attempt {
  const parsed = readPlanReply(text, format, options.input.issue.title);
  const errors = [
    ...parsed.findings.filter((entry) => entry.severity === "error"),
    ...(parsed.plan ? groundPlan(parsed.plan, options.facts) : []),
  ];
  return { plan: parsed.plan, errors };
}

/** The next round sends everything again plus this answer: true when that would pass the plan's token limit. */
function passesTokenLimit(reply: ChatCompletion, talk: Conversation, options: WritePlanOptions): boolean {
  if (options.maxTokens === undefined) return false;
  const spent = talk.usage.inputTokens + talk.usage.outputTokens;
  const nextRound = (reply.usage?.inputTokens ?? 0) + 2 * (reply.usage?.outputTokens ?? 0);
  if (spent + nextRound <= options.maxTokens) return false;
  options.log.warn(
    { spent, maxTokens: options.maxTokens },
    "no repair round: it would pass the plan's token limit",
  );
  return true;
}

/** The best reply, with what the model left fixed mechanically. */
function settle(best: Attempt | undefined, round: number, talk: Conversation, facts: RepoFacts): WrittenPlan {
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
  // The comment lists what was fixed without places: the same problem in two steps is one line.
  const lines = new Map(
    [...fixed, ...filled].map((entry) => [`${findingKey(entry.finding)}|${entry.action}`, entry]),
  );
  return {
    plan,
    fixed: [...lines.values()],
    remaining: groundPlan(plan, facts),
    repairRounds: round,
    format: talk.format,
    model: talk.model,
    usage: talk.usage,
  };
}

/** A finding without its place: a corrected plan moves steps, so the same problem may stand elsewhere. */
function findingKey(entry: Finding): string {
  return `${entry.rule}|${entry.message}`;
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
