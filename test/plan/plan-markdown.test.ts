import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePlanMarkdown } from "../../src/plan/parse-plan-markdown.js";
import { PHASE_KEYS, type Plan, planSchema } from "../../src/plan/plan-model.js";
import { emptyTicks, stepKey, taskKey } from "../../src/plan/plan-ticks.js";
import { renderPlanMarkdown } from "../../src/plan/render-plan-markdown.js";

const plan: Plan = {
  title: "Export invoices as CSV",
  summary: "Admins download a date range of invoices as CSV for their accounting tool.",
  phases: {
    dataLayer: {
      tasks: [{ title: "No schema change", steps: ["No change is needed: `Invoice` has every field."] }],
    },
    backend: {
      tasks: [
        {
          title: "Add the export route",
          steps: [
            "Create a new file: `src/app/api/invoices/export/route.ts`.",
            "Check the `billing_admin` role.",
          ],
        },
      ],
    },
    frontend: { tasks: [{ title: "Add the button", steps: ["ASSUMPTION: `DateRangePicker` is reused."] }] },
    testing: {
      tasks: [
        { title: "Unit/Integration Tests (Vitest)", steps: ["Test the route."] },
        { title: "End-to-End Test (Playwright)", steps: ["Create `tests/e2e/export.spec.ts`."] },
      ],
    },
  },
};

describe("renderPlanMarkdown", () => {
  it("writes the exact shape of the specification", () => {
    expect(renderPlanMarkdown(plan)).toBe(`### Implementation Plan: Export invoices as CSV

Admins download a date range of invoices as CSV for their accounting tool.

#### Phase 1: Data Layer & Schema
-   [ ] **1.1. No schema change**
    -   [ ] No change is needed: \`Invoice\` has every field.

#### Phase 2: Backend Logic
-   [ ] **2.1. Add the export route**
    -   [ ] Create a new file: \`src/app/api/invoices/export/route.ts\`.
    -   [ ] Check the \`billing_admin\` role.

#### Phase 3: Frontend Implementation
-   [ ] **3.1. Add the button**
    -   [ ] ASSUMPTION: \`DateRangePicker\` is reused.

#### Phase 4: Testing and Validation
-   [ ] **4.1. Unit/Integration Tests (Vitest)**
    -   [ ] Test the route.

-   [ ] **4.2. End-to-End Test (Playwright)**
    -   [ ] Create \`tests/e2e/export.spec.ts\`.
`);
  });

  it("ticks the boxes it is given", () => {
    const ticks = emptyTicks();
    ticks.tasks.add(taskKey("Add the export route"));
    ticks.steps.add(stepKey("Add the export route", "Check the `billing_admin` role."));
    const text = renderPlanMarkdown(plan, ticks);
    expect(text).toContain("-   [x] **2.1. Add the export route**");
    expect(text).toContain("    -   [x] Check the `billing_admin` role.");
    expect(text).toContain("    -   [ ] Create a new file");
  });
});

describe("parsePlanMarkdown", () => {
  it("reads a well-formed plan with no findings", () => {
    expect(parsePlanMarkdown(renderPlanMarkdown(plan))).toEqual({ plan, ticks: emptyTicks(), findings: [] });
  });

  it("reads ticked boxes back", () => {
    const ticks = emptyTicks();
    ticks.steps.add(stepKey("Add the export route", "Check the `billing_admin` role."));
    const parsed = parsePlanMarkdown(renderPlanMarkdown(plan, ticks));
    expect(parsed.ticks.steps).toEqual(ticks.steps);
  });

  it("keeps a multi-line step with a code block", () => {
    const withCode: Plan = structuredClone(plan);
    withCode.phases.dataLayer.tasks[0] = {
      title: "Add the field",
      steps: ["Add to `prisma/schema.prisma`:\n\n```prisma\nmodel Invoice {\n  exportedAt DateTime?\n}\n```"],
    };
    const parsed = parsePlanMarkdown(renderPlanMarkdown(withCode));
    expect(parsed.findings).toEqual([]);
    expect(parsed.plan).toEqual(withCode);
  });

  it("returns no plan, with a finding, for text without phases", () => {
    const parsed = parsePlanMarkdown("I cannot help with that request.");
    expect(parsed.plan).toBeNull();
    expect(parsed.findings.map((f) => f.rule)).toContain("format/unreadable");
  });
});

// Step and title text: words and code spans, the inline Markdown models write in plans.
const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,9}$/);
const codeSpan = fc.stringMatching(/^[a-z][a-zA-Z0-9_/.()-]{0,20}$/).map((s) => `\`${s}\``);
const phrase = fc
  .array(fc.oneof(word, word, codeSpan), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(" "))
  .filter((text) => !/^\d/.test(text));
const task = fc.record({ title: phrase, steps: fc.array(phrase, { minLength: 1, maxLength: 4 }) });
const phase = fc.record({ tasks: fc.array(task, { minLength: 1, maxLength: 3 }) });
const arbitraryPlan = fc.record({
  title: phrase,
  summary: phrase.map((text) => `${text}.`),
  phases: fc.record(
    Object.fromEntries(PHASE_KEYS.map((key) => [key, phase])) as Record<
      (typeof PHASE_KEYS)[number],
      typeof phase
    >,
  ),
});

describe("round trip", () => {
  it("parse(render(plan)) gives back the plan, for any plan", () => {
    fc.assert(
      fc.property(arbitraryPlan, (generated) => {
        expect(planSchema.parse(generated)).toEqual(generated);
        const parsed = parsePlanMarkdown(renderPlanMarkdown(generated));
        expect(parsed.findings).toEqual([]);
        expect(parsed.plan).toEqual(generated);
      }),
      // A correctness property, not a safety one: 100 plans a run keep the fast suite fast, and each run draws
      // new ones (the sanitiser's safety property keeps its 1,000).
      { numRuns: 100 },
    );
  });

  it("rendering is deterministic and stable under a second round", () => {
    fc.assert(
      fc.property(arbitraryPlan, (generated) => {
        const once = renderPlanMarkdown(generated);
        const parsed = parsePlanMarkdown(once).plan;
        expect(parsed && renderPlanMarkdown(parsed)).toBe(once);
      }),
      { numRuns: 100 },
    );
  });
});
