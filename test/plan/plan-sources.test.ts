import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan-model.js";
import { TaskSources } from "../../src/plan/plan-sources.js";

describe("TaskSources", () => {
  it("keeps each step's source at the step's index, and none for a task it did not make", () => {
    const sources = new TaskSources();
    const task = sources.newTask("Add the table", { line: 3, column: 1 });
    sources.addStep(task, "Create `db/schema.sql`", { line: 4, column: 3 });
    sources.addStep(task, "Made up", undefined);
    const stranger = { title: "Review this phase", steps: ["x"] };
    const plan: Plan = {
      title: "t",
      summary: "s",
      phases: {
        dataLayer: { tasks: [task] },
        backend: { tasks: [stranger] },
        frontend: { tasks: [] },
        testing: { tasks: [] },
      },
    };
    expect(task.steps).toEqual(["Create `db/schema.sql`", "Made up"]);
    expect(sources.of(plan)).toEqual({
      dataLayer: [{ title: { line: 3, column: 1 }, steps: [{ line: 4, column: 3 }, undefined] }],
      backend: [{ steps: [] }],
      frontend: [],
      testing: [],
    });
    expect(sources.of(null).dataLayer).toEqual([]);
  });
});
