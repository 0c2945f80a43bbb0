// Runs one model output of the corpus through the checks and the mechanical repair, as the app does when the
// model's repair rounds are used up.
import { composePlanComment } from "../../src/plan/compose-plan-comment.js";
import { fixPlan } from "../../src/plan/fix-plan.js";
import { groundPlan } from "../../src/plan/ground-plan.js";
import { lintPlan } from "../../src/plan/lint-plan.js";
import { readPlanReply } from "../../src/plan/read-plan-reply.js";
import { readPostedPlan } from "../../src/plan/read-posted-plan.js";
import type { RepoFacts } from "../../src/plan/repo-facts.js";

export interface CorpusResult {
  /** `rule severity` per finding, sorted. */
  findings: string[];
  /** The posted comment, or null when there is no plan to post. */
  body: string | null;
  /** The plan part of the posted comment. */
  repaired: string | null;
}

export function runCorpusCase(markdown: string, facts: RepoFacts): CorpusResult {
  const findings = lintPlan(markdown, facts)
    .findings.map((entry) => `${entry.rule} ${entry.severity}`)
    .sort();
  const parsed = readPlanReply(markdown, "markdown", "Export invoices as CSV");
  if (!parsed.plan) return { findings, body: null, repaired: null };
  const errors = [
    ...parsed.findings.filter((entry) => entry.severity === "error"),
    ...groundPlan(parsed.plan, facts),
  ];
  const { plan, fixed } = fixPlan(parsed.plan, errors, facts);
  const body = composePlanComment({
    plan,
    fixed,
    remaining: groundPlan(plan, facts),
    repairRounds: 0,
    model: "gpt-4.1",
    defaultBranch: "main",
    planLabel: "needs-plan",
  });
  return { findings, body, repaired: `${readPostedPlan(body) ?? ""}\n` };
}
