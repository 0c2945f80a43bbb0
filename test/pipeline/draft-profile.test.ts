import { describe, expect, it } from "vitest";
import { readEnv } from "../../src/config/env.js";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { prepareDraft } from "../../src/pipeline/draft-plan.js";
import { planSettings } from "../../src/pipeline/plan-settings.js";
import { composePlanComment } from "../../src/plan/compose-plan-comment.js";
import { safeSnapshot } from "../../src/repo/safe-snapshot.js";
import { memorySnapshot } from "../helpers/memory-snapshot.js";
import { samplePlan } from "../helpers/sample-plan.js";

const library = {
  "package.json": JSON.stringify({ name: "tiny-dates", devDependencies: { vitest: "4.1.12" } }),
  "src/format.ts": "export function format(date: Date): string {\n  return date.toISOString();\n}\n",
  "test/format.test.ts": "import { format } from '../src/format';\n",
};
const files = () => safeSnapshot(memorySnapshot(library), { maxFileBytes: 512 * 1024 });
const source = (labels: string[]) => ({
  files: files(),
  issue: { number: 3, title: "format() drops the milliseconds", body: null, labels },
  instructions: "",
  indexContents: true,
});

describe("prepareDraft's profile", () => {
  it("writes a bug plan for a library: detected from the repository and the issue", async () => {
    const draft = await prepareDraft(source([]), planSettings(readEnv({}), undefined));
    expect(draft.input.profile).toMatchObject({ repository: "library", issue: "bug", ui: false });
    expect(draft.input.issue).toEqual({ number: 3, title: "format() drops the milliseconds", body: null });
  });

  it("follows the kind the repository's configuration states, and the issue's labels", async () => {
    const config = defaultRepoConfig();
    config.plan.repositoryKind = "CLI";
    const draft = await prepareDraft(source(["enhancement"]), planSettings(readEnv({}), config));
    expect(draft.input.profile).toMatchObject({ repository: "CLI", issue: "feature" });
  });

  it("names the kinds in the plan's footer", () => {
    const comment = composePlanComment({
      plan: samplePlan(),
      fixed: [],
      remaining: [],
      repairRounds: 0,
      model: "gpt-4.1",
      defaultBranch: "main",
      planLabel: "needs-plan",
      profile: { issue: "bug", repository: "library" },
    });
    expect(comment).toContain("written for a bug report in a library");
  });
});
