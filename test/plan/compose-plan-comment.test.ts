import { describe, expect, it } from "vitest";
import { composePlanComment, MAX_COMMENT_CHARS } from "../../src/plan/compose-plan-comment.js";
import { parsePlanMarkdown } from "../../src/plan/parse-plan-markdown.js";
import { finding } from "../../src/plan/plan-findings.js";
import type { Plan } from "../../src/plan/plan-model.js";
import { readPostedPlan } from "../../src/plan/read-posted-plan.js";
import { renderPlanMarkdown } from "../../src/plan/render-plan-markdown.js";
import { samplePlan, task } from "../helpers/sample-plan.js";

const plan = samplePlan();
const base = {
  plan,
  fixed: [],
  remaining: [],
  repairRounds: 0,
  model: "gpt-4.1",
  defaultBranch: "main",
  planLabel: "needs-plan",
};

describe("composePlanComment", () => {
  it("posts the plan between markers, safe, with a footer saying how to regenerate", () => {
    const body = composePlanComment(base);
    expect(body.startsWith("<!-- issue-planner:plan -->\n### Implementation Plan: Export invoices\n")).toBe(
      true,
    );
    expect(body).toContain("<!-- issue-planner:plan-end -->");
    expect(body).toContain("@\u200Boctocat");
    expect(body).not.toContain("evil.example");
    expect(body).toContain("comment `/plan`");
    expect(body).not.toContain("<details>");
  });

  it("carries over ticked boxes of tasks and steps that are still in the new plan", () => {
    const old = renderPlanMarkdown(plan)
      .replace("-   [ ] **2.1. Add the route**", "-   [x] **2.1. Add the route**")
      .replace("    -   [ ] Check the admin role.", "    -   [x] Check the admin role.")
      .replace("    -   [ ] Test the route.", "    -   [x] Test the route.");
    const next: Plan = structuredClone(plan);
    next.phases.testing.tasks[0] = task("Unit Tests (Vitest)", ["Test the route with a non-admin user."]);
    const body = composePlanComment({
      ...base,
      plan: next,
      previous: old,
      ticks: parsePlanMarkdown(old).ticks,
    });
    const current = readPostedPlan(body) ?? "";
    expect(current).toContain("-   [x] **2.1. Add the route**");
    expect(current).toContain("    -   [x] Check the admin role.");
    expect(current).toContain("    -   [ ] Test the route with a non-admin user.");
    expect(body).toContain(
      "<details>\n<summary>Previous plan</summary>\n\n### Implementation Plan: Export invoices",
    );
  });

  it("keeps a tick on a step whose posted copy the sanitiser escaped and defused", () => {
    const next: Plan = structuredClone(plan);
    next.phases.backend.tasks[0] = task("Add the route", ["Render <Export> for a*b admins, ask @octocat."]);
    const first = readPostedPlan(composePlanComment({ ...base, plan: next })) ?? "";
    expect(first).toContain("&#x3C;Export> for a\\*b admins, ask @\u200Boctocat.");
    const ticked = first.replace("-   [ ] Render", "-   [x] Render");
    const again = composePlanComment({ ...base, plan: next, ticks: parsePlanMarkdown(ticked).ticks });
    expect(readPostedPlan(again)).toContain("-   [x] Render &#x3C;Export>");
  });

  it("lists what the checks fixed and left open in a collapsed section", () => {
    const missing = finding(
      "ground/path-missing",
      "error",
      "`src/x.ts` does not exist in the repository and no step creates it.",
    );
    const body = composePlanComment({
      ...base,
      repairRounds: 1,
      fixed: [{ finding: missing, action: "the step is now an assumption" }],
    });
    expect(body).toContain("<summary>Checks: 1 fixed, 0 open</summary>");
    expect(body).toContain("- The first draft failed the checks; the model revised it once.");
    expect(body).toContain(
      "- Fixed: `src/x.ts` does not exist in the repository and no step creates it. Then the step is now an assumption.",
    );
  });

  it("fits GitHub's limit by dropping the previous plan first, then steps from the end, and says so", () => {
    // A limit a tenth of GitHub's keeps the test quick (each round of dropping steps sanitises the whole plan); the
    // corpus's over-long case (plan-corpus.test.ts) is held to GitHub's own limit.
    const maxChars = MAX_COMMENT_CHARS / 10;
    const long: Plan = structuredClone(plan);
    long.phases.testing.tasks = Array.from({ length: 10 }, (_, i) =>
      task(
        `Test group ${i}`,
        Array.from(
          { length: 12 },
          (_, j) => `Check case ${i}.${j} of the export with enough words to weigh.`,
        ),
      ),
    );
    expect(renderPlanMarkdown(long).length).toBeGreaterThan(maxChars);
    const body = composePlanComment({ ...base, plan: long, previous: renderPlanMarkdown(long), maxChars });
    expect(body.length).toBeLessThanOrEqual(maxChars);
    expect(body).not.toContain("Previous plan");
    expect(body).toMatch(/_\d+ steps were left out at the end to fit GitHub's comment size limit\._/);
    const kept = parsePlanMarkdown(readPostedPlan(body) ?? "");
    expect(kept.findings).toEqual([]);
    expect(kept.plan?.phases.testing.tasks[0]?.steps[0]).toBe(
      "Check case 0.0 of the export with enough words to weigh.",
    );
  });

  it("keeps a small previous plan when both fit", () => {
    const body = composePlanComment({ ...base, previous: renderPlanMarkdown(plan), maxChars: 10_000 });
    expect(body).toContain("Previous plan");
  });
});
