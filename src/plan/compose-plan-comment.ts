// The plan comment: marker, the rendered plan (with carried-over ticks), what the checks fixed or left, the
// previous plan collapsed, and a footer, all made safe to post and fitted to GitHub's size limit.

import { codeSpan } from "../markdown-literal.js";
import { PLAN_END_MARKER, PLAN_MARKER } from "./comment-markers.js";
import type { Finding } from "./plan-findings.js";
import { PHASE_KEYS, type Plan } from "./plan-model.js";
import { emptyTicks, type PlanTicks } from "./plan-ticks.js";
import { renderPlanMarkdown } from "./render-plan-markdown.js";
import { sanitizeMarkdown } from "./sanitize-markdown.js";

/** GitHub rejects comment bodies above 65,536 characters with a 422. */
export const MAX_COMMENT_CHARS = 65_536;

import { describeProfile, type PlanProfile } from "./plan-profile.js";

export interface PlanCommentInput {
  plan: Plan;
  ticks?: PlanTicks;
  fixed: { finding: Finding; action: string }[];
  remaining: Finding[];
  repairRounds: number;
  /** The previous plan's Markdown, kept collapsed below the new one. */
  previous?: string;
  /** URLs the repository provided; other links from the model are removed. */
  allowedUrls?: ReadonlySet<string>;
  /** URL prefixes links may start with (the repository's own pages). */
  allowedPrefixes?: readonly string[];
  model: string;
  defaultBranch: string;
  /** The commit the plan was checked against. */
  commit?: string;
  planLabel: string;
  maxChars?: number;
  /** A line for readers below the plan, e.g. where else its tasks are tracked. */
  notice?: string;
  /** What the plan was written as: the issue's and the repository's kinds. */
  profile?: Pick<PlanProfile, "issue" | "repository">;
}

export function composePlanComment(input: PlanCommentInput): string {
  const max = input.maxChars ?? MAX_COMMENT_CHARS;
  let plan = input.plan;
  let dropped = 0;
  let withPrevious = input.previous !== undefined;
  for (;;) {
    const body = assemble(input, plan, dropped, withPrevious);
    if (body.length <= max) return body;
    if (withPrevious) {
      withPrevious = false;
      continue;
    }
    const trimmed = dropStepsFromEnd(plan, body.length - max);
    if (trimmed.removed === 0) return `${body.slice(0, max - 20)}\n\n_(cut)_`;
    plan = trimmed.plan;
    dropped += trimmed.removed;
  }
}

function assemble(input: PlanCommentInput, plan: Plan, dropped: number, withPrevious: boolean): string {
  const safe = (markdown: string) =>
    sanitizeMarkdown(markdown, {
      ...(input.allowedUrls ? { allowedUrls: input.allowedUrls } : {}),
      ...(input.allowedPrefixes ? { allowedPrefixes: input.allowedPrefixes } : {}),
    }).markdown;
  const parts = [
    PLAN_MARKER,
    safe(renderPlanMarkdown(plan, input.ticks ?? emptyTicks())).trimEnd(),
    PLAN_END_MARKER,
  ];
  if (dropped > 0) {
    parts.push(
      "",
      `_${dropped} step${dropped === 1 ? " was" : "s were"} left out at the end to fit GitHub's comment size limit._`,
    );
  }
  if (input.notice) parts.push("", `_${input.notice}_`);
  const checks = renderChecks(input);
  if (checks)
    parts.push(
      "",
      "<details>",
      `<summary>${checks.summary}</summary>`,
      "",
      safe(checks.lines),
      "",
      "</details>",
    );
  if (withPrevious && input.previous) {
    parts.push(
      "",
      "<details>",
      "<summary>Previous plan</summary>",
      "",
      safe(input.previous.trim()),
      "",
      "</details>",
    );
  }
  parts.push(
    "",
    "---",
    `<sub>Planned by issue-planner with ${codeSpan(input.model)} from the default branch ${codeSpan(input.defaultBranch)}` +
      `${input.commit ? ` at ${input.commit.slice(0, 7)}` : ""}, checked against the repository's files` +
      `${input.profile ? `; written for ${describeProfile(input.profile)}` : ""}. ` +
      "Editing the issue does not update this plan: comment `/plan` (optionally followed by guidance) " +
      `or add the ${codeSpan(input.planLabel)} label again to regenerate it in place; ticked boxes are kept.</sub>`,
  );
  return parts.join("\n");
}

function renderChecks(input: PlanCommentInput): { summary: string; lines: string } | undefined {
  if (input.fixed.length === 0 && input.remaining.length === 0 && input.repairRounds === 0) return undefined;
  const lines: string[] = [];
  if (input.repairRounds > 0) {
    lines.push(
      `- The first draft failed the checks; the model revised it ${input.repairRounds === 1 ? "once" : `${input.repairRounds} times`}.`,
    );
  }
  for (const { finding, action } of input.fixed) lines.push(`- Fixed: ${finding.message} Then ${action}.`);
  for (const finding of input.remaining) lines.push(`- Open: ${finding.message}`);
  return {
    summary: `Checks: ${input.fixed.length} fixed, ${input.remaining.length} open`,
    lines: lines.join("\n"),
  };
}

/** Removes steps (then whole tasks) from the end until about `chars` characters are gone. */
function dropStepsFromEnd(plan: Plan, chars: number): { plan: Plan; removed: number } {
  const copy: Plan = structuredClone(plan);
  let removed = 0;
  let freed = 0;
  for (const key of [...PHASE_KEYS].reverse()) {
    const tasks = copy.phases[key].tasks;
    for (let t = tasks.length - 1; t >= 0 && freed < chars; t -= 1) {
      const task = tasks[t];
      if (!task) continue;
      while (task.steps.length > 1 && freed < chars) {
        freed += (task.steps.pop()?.length ?? 0) + 13;
        removed += 1;
      }
      if (freed < chars && tasks.length > 1 && t > 0) {
        freed += task.title.length + (task.steps[0]?.length ?? 0) + 40;
        removed += task.steps.length;
        tasks.splice(t, 1);
      }
    }
    if (freed >= chars) break;
  }
  return { plan: copy, removed };
}
