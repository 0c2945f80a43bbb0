// Reads the model's reply, JSON or Markdown, into the plan model with the findings of its format.

import { type ParsedPlan, parsePlanMarkdown } from "./parse-plan-markdown.js";
import { type Finding, finding } from "./plan-findings.js";
import { planSchema } from "./plan-model.js";
import { emptyTicks } from "./plan-ticks.js";
import { unwrapReply } from "./strip-wrapping-fence.js";

export type ReplyFormat = "json" | "markdown";

export function readPlanReply(reply: string, format: ReplyFormat, fallbackTitle?: string): ParsedPlan {
  if (format === "json") {
    const fromJson = readJson(reply);
    // A model that ignored the JSON format may still have written a good Markdown plan.
    if (fromJson.plan || !/^\s*#/m.test(reply)) return fromJson;
  }
  const unwrapped = unwrapReply(reply);
  const parsed = parsePlanMarkdown(unwrapped.markdown, fallbackTitle ? { fallbackTitle } : {});
  if (unwrapped.droppedChatter) parsed.findings.unshift(droppedChatter());
  return parsed;
}

/** The finding for text around the plan's fence, which unwrapping the reply dropped. */
export function droppedChatter(): Finding {
  return finding(
    "format/text-outside-plan",
    "warning",
    "Text stood around the plan's code fence and was dropped.",
  );
}

function readJson(reply: string): ParsedPlan {
  const text = reply
    .trim()
    .replace(/^```(?:json)?\s*\n/i, "")
    .replace(/\n```\s*$/, "");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return unreadable(`The reply is not valid JSON (${(error as Error).message}).`);
  }
  const result = planSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
      .join("; ");
    return unreadable(`The JSON does not match the plan schema: ${problems}.`);
  }
  return { plan: result.data, ticks: emptyTicks(), findings: [] };
}

function unreadable(message: string): ParsedPlan {
  return { plan: null, ticks: emptyTicks(), findings: [finding("format/unreadable", "error", message)] };
}
