import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/plan/plan-findings.js";
import { repairRequest } from "../../src/plan/repair-request.js";

const finding = (message: string, at?: Finding["at"]): Finding => ({
  rule: "ground/path-missing",
  severity: "error",
  message,
  ...(at ? { at } : {}),
});

describe("repairRequest", () => {
  it("lists each problem with the task and step it is in, numbered as the plan numbers them", () => {
    const request = repairRequest(
      [
        finding("`src/server/export.ts` is not in the repository.", { phase: "backend", task: 0, step: 2 }),
        finding("`src/api/users.ts` is not in the repository.", { phase: "testing", task: 1, step: -1 }),
        finding("The plan has no Phase 3."),
      ],
      "markdown",
    );
    expect(request.split("\n").slice(0, 4)).toEqual([
      "Your plan failed issue-planner's checks against the repository:",
      "- `src/server/export.ts` is not in the repository. (task 2.1, step 3)",
      "- `src/api/users.ts` is not in the repository. (task 4.2, title)",
      "- The plan has no Phase 3.",
    ]);
  });

  it("asks for the same output format as before", () => {
    expect(repairRequest([finding("x")], "json")).toContain("(one JSON object matching the schema)");
    expect(repairRequest([finding("x")], "markdown")).toContain("(the exact Markdown shape, nothing else)");
  });

  it("tells the model how to settle what the context cannot: create, install, or write an assumption", () => {
    const request = repairRequest([finding("x")], "markdown");
    expect(request).toContain('("Create a new file: `path`.")');
    expect(request).toContain("write an `ASSUMPTION:` step instead of guessing");
  });

  it("lists at most 30 problems and counts the rest", () => {
    const many = Array.from({ length: 45 }, (_, i) => finding(`problem ${i + 1}`));
    const lines = repairRequest(many, "json").split("\n");
    const listed = lines.filter((line) => line.startsWith("- "));
    expect(listed).toHaveLength(31);
    expect(listed[29]).toBe("- problem 30");
    expect(listed[30]).toBe("- ... and 15 more of the same kinds.");
    expect(repairRequest(many.slice(0, 30), "json")).not.toContain("more of the same kinds");
  });
});
