import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan-model.js";
import { stepKey, taskKey } from "../../src/plan/plan-ticks.js";
import {
  phaseIssueMarker,
  phaseOfIssueBody,
  renderPhaseIssues,
  ticksOfPhaseIssue,
} from "../../src/plan/render-phase-issues.js";
import { samplePlan, task } from "../helpers/sample-plan.js";

const plan: Plan = samplePlan();
plan.title = "Export invoices for @octocat";
plan.phases.backend.tasks.push(task("Stream rows", ["Stream with `ReadableStream`."]));

describe("renderPhaseIssues", () => {
  it("writes one issue per phase, marked with its phase, holding that phase's task list", () => {
    const issues = renderPhaseIssues(plan, new Map(), {});
    expect(issues.map((issue) => issue.phase)).toEqual(["dataLayer", "backend", "frontend", "testing"]);
    const backend = issues[1];
    expect(backend?.title).toBe("Phase 2: Backend Logic · Export invoices for @\u200Boctocat");
    expect(backend?.body.startsWith(`${phaseIssueMarker("backend")}\n#### Phase 2: Backend Logic\n`)).toBe(
      true,
    );
    expect(backend?.body).toContain("-   [ ] **2.1. Add the route**");
    expect(backend?.body).toContain("    -   [ ] Check the admin role.");
    expect(backend?.body).toContain("-   [ ] **2.2. Stream rows**");
    expect(backend?.body).not.toContain("1.1.");
    expect(phaseOfIssueBody(backend?.body)).toBe("backend");
    expect(phaseOfIssueBody("Someone's issue")).toBeUndefined();
  });

  it("defuses mentions and drops links nobody provided, as in the plan comment", () => {
    const frontend = renderPhaseIssues(plan, new Map(), {})[2];
    expect(frontend?.body).not.toMatch(/(^|\s)@octocat/);
    expect(frontend?.body).not.toContain("evil.example");
  });

  it("keeps the boxes ticked in the phase issue when tasks and steps keep their text", () => {
    const before = renderPhaseIssues(plan, new Map(), {})[1]?.body ?? "";
    const ticked = before
      .replace("[ ] **2.1. Add the route**", "[x] **2.1. Add the route**")
      .replace("[ ] Stream with", "[x] Stream with");
    const ticks = ticksOfPhaseIssue(ticked);
    expect(ticks.tasks.has(taskKey("Add the route"))).toBe(true);
    expect(ticks.steps.has(stepKey("Stream rows", "Stream with `ReadableStream`."))).toBe(true);
    const after = renderPhaseIssues(plan, new Map([["backend", ticked]]), {})[1]?.body;
    expect(after).toBe(ticked);
  });
});
