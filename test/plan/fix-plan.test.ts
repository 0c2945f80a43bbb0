import { describe, expect, it } from "vitest";
import { fixPlan } from "../../src/plan/fix-plan.js";
import type { Finding } from "../../src/plan/plan-findings.js";
import type { Plan } from "../../src/plan/plan-model.js";
import { samplePlan } from "../helpers/sample-plan.js";

function planWith(steps: string[], title = "Add the export route"): Plan {
  const plan = samplePlan();
  plan.phases.backend.tasks = [{ title, steps }];
  return plan;
}

const missing = (
  rule: "ground/path-missing" | "ground/script-missing" | "ground/package-missing",
  subject: string,
  step: number,
  task = 0,
): Finding => ({
  rule,
  severity: "error",
  message: `${subject} is missing`,
  subject,
  at: { phase: "backend", task, step },
});

describe("fixPlan", () => {
  it("turns a step relying on a missing path, script or package into an assumption saying what to do", () => {
    const plan = planWith([
      "Edit `src/server/export.ts`.",
      "Run `npm run db:seed`.",
      "Parse with `papaparse`.",
    ]);
    const { plan: fixed, fixed: actions } = fixPlan(
      plan,
      [
        missing("ground/path-missing", "src/server/export.ts", 0),
        missing("ground/script-missing", "db:seed", 1),
        missing("ground/package-missing", "papaparse", 2),
      ],
      { packageManager: "yarn" },
    );
    expect(fixed.phases.backend.tasks[0]?.steps).toEqual([
      "ASSUMPTION: Edit `src/server/export.ts`. (`src/server/export.ts` is not in the repository: find the right file or create it first.)",
      "ASSUMPTION: Run `npm run db:seed`. (the repository defines no `db:seed` script or target: add it or use the project's equivalent.)",
      "ASSUMPTION: Parse with `papaparse`. (`papaparse` is not a dependency yet: install it with `yarn add papaparse`.)",
    ]);
    expect(actions.map((entry) => entry.action)).toEqual([
      "the step is now an assumption",
      "the step is now an assumption",
      "the step is now an assumption",
    ]);
  });

  it("names the install command of the repository's package manager", () => {
    const plan = planWith(["Use `zod`."]);
    const steps = (packageManager: "npm" | "pnpm" | "bun") =>
      fixPlan(plan, [missing("ground/package-missing", "zod", 0)], { packageManager }).plan.phases.backend
        .tasks[0]?.steps[0];
    expect(steps("npm")).toContain("`npm install zod`");
    expect(steps("pnpm")).toContain("`pnpm add zod`");
    expect(steps("bun")).toContain("`bun add zod`");
  });

  it("puts an assumption at the top of a task whose title names a missing path", () => {
    const plan = planWith(["Add the handler.", "Check the role."], "Update `src/api/export.ts`");
    const { plan: fixed, fixed: actions } = fixPlan(
      plan,
      [missing("ground/path-missing", "src/api/export.ts", -1)],
      {
        packageManager: "npm",
      },
    );
    expect(fixed.phases.backend.tasks[0]?.steps).toEqual([
      "ASSUMPTION: `src/api/export.ts` is not in the repository: find the right file or create it first.",
      "Add the handler.",
      "Check the role.",
    ]);
    expect(actions[0]?.action).toBe("an assumption was added to the task");
  });

  it("edits the right steps when a title note and step notes fall on the same task", () => {
    const plan = planWith(["Edit `a.ts`.", "Keep this.", "Edit `b.ts`."], "Update `c.ts`");
    const { plan: fixed } = fixPlan(
      plan,
      [
        missing("ground/path-missing", "c.ts", -1),
        missing("ground/path-missing", "a.ts", 0),
        missing("ground/path-missing", "b.ts", 2),
      ],
      { packageManager: "npm" },
    );
    const steps = fixed.phases.backend.tasks[0]?.steps ?? [];
    expect(steps).toHaveLength(4);
    expect(steps[0]).toMatch(/^ASSUMPTION: `c\.ts` is not/);
    expect(steps[1]).toMatch(/^ASSUMPTION: Edit `a\.ts`\. \(`a\.ts` is not/);
    expect(steps[2]).toBe("Keep this.");
    expect(steps[3]).toMatch(/^ASSUMPTION: Edit `b\.ts`\. \(`b\.ts` is not/);
  });

  it("writes one assumption for a step with several problems, and none twice for a step already one", () => {
    const plan = planWith(["Copy `a.ts` to `b.ts`.", "ASSUMPTION: `lib/x.ts` holds the helper."]);
    const { plan: fixed, fixed: actions } = fixPlan(
      plan,
      [
        missing("ground/path-missing", "a.ts", 0),
        missing("ground/path-missing", "b.ts", 0),
        missing("ground/path-missing", "lib/x.ts", 1),
      ],
      { packageManager: "npm" },
    );
    expect(fixed.phases.backend.tasks[0]?.steps).toEqual([
      "ASSUMPTION: Copy `a.ts` to `b.ts`. (`a.ts` is not in the repository: find the right file or create it first. `b.ts` is not in the repository: find the right file or create it first.)",
      "ASSUMPTION: `lib/x.ts` holds the helper. (`lib/x.ts` is not in the repository: find the right file or create it first.)",
    ]);
    expect(actions).toHaveLength(3);
  });

  it("leaves warnings, other rules and findings without a place or subject alone, and the input plan untouched", () => {
    const plan = planWith(["Ask @octocat.", "Edit `src/x.ts`."]);
    const before = structuredClone(plan);
    const findings: Finding[] = [
      {
        rule: "safety/mention",
        severity: "error",
        message: "mention",
        subject: "@octocat",
        at: { phase: "backend", task: 0, step: 0 },
      },
      { ...missing("ground/path-missing", "src/x.ts", 1), severity: "warning" },
      { rule: "ground/path-missing", severity: "error", message: "no place", subject: "src/x.ts" },
      {
        rule: "ground/path-missing",
        severity: "error",
        message: "no subject",
        at: { phase: "backend", task: 0, step: 1 },
      },
    ];
    const result = fixPlan(plan, findings, { packageManager: "npm" });
    expect(result.fixed).toEqual([]);
    expect(result.plan).toEqual(before);
    const fixed = fixPlan(plan, [missing("ground/path-missing", "src/x.ts", 1)], { packageManager: "npm" });
    expect(fixed.plan).not.toEqual(before);
    expect(plan).toEqual(before);
  });
  it("tells to find or create a file only for a file, and adds no note for what is no path", () => {
    const plan = planWith([
      "Style the badge with `.rank-circle`.",
      "Answer with `res.json` on `/api/users/:id`.",
      "Keep the helpers in `src/lib/ranking/`.",
      "Edit `src/lib/ranking.ts`.",
    ]);
    const { plan: fixed, fixed: actions } = fixPlan(
      plan,
      [
        missing("ground/path-missing", ".rank-circle", 0),
        missing("ground/path-missing", "res.json", 1),
        missing("ground/path-missing", "/api/users/:id", 1),
        missing("ground/path-missing", "src/lib/ranking/", 2),
        missing("ground/path-missing", "src/lib/ranking.ts", 3),
      ],
      { packageManager: "npm" },
    );
    expect(fixed.phases.backend.tasks[0]?.steps).toEqual([
      "Style the badge with `.rank-circle`.",
      "Answer with `res.json` on `/api/users/:id`.",
      "ASSUMPTION: Keep the helpers in `src/lib/ranking/`. (`src/lib/ranking/` is not a folder of the repository: find the right folder or create it first.)",
      "ASSUMPTION: Edit `src/lib/ranking.ts`. (`src/lib/ranking.ts` is not in the repository: find the right file or create it first.)",
    ]);
    expect(actions.map((entry) => entry.finding.subject)).toEqual(["src/lib/ranking/", "src/lib/ranking.ts"]);
  });

  it("writes a note once when the same finding comes twice for a step", () => {
    const plan = planWith(["Edit `src/x.ts`."]);
    const twice = [
      missing("ground/path-missing", "src/x.ts", 0),
      missing("ground/path-missing", "src/x.ts", 0),
    ];
    const { plan: fixed } = fixPlan(plan, twice, { packageManager: "npm" });
    expect(fixed.phases.backend.tasks[0]?.steps).toEqual([
      "ASSUMPTION: Edit `src/x.ts`. (`src/x.ts` is not in the repository: find the right file or create it first.)",
    ]);
  });
});
