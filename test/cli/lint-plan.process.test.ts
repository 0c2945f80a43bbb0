// The CLI's real entry point (src/cli/main.ts) as a process, as `npx issue-planner` runs it: commander's usage
// errors, the findings' formats and their exit codes reach the shell. The command's own behaviour is tested
// in-process (lint-plan.test.ts); this file is in the slow suite because it starts processes.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const fixtures = new URL("../fixtures/", import.meta.url).pathname;
const repo = join(fixtures, "repos/nextjs-prisma");
const plan = (name: string) => join(fixtures, "plans", name);
const entry = new URL("../../src/cli/main.ts", import.meta.url).pathname;

function cli(...args: string[]) {
  return spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), entry, ...args], {
    encoding: "utf8",
  });
}

describe("issue-planner lint-plan as a process", () => {
  it("exits 2 naming a missing argument in the CLI's style, and 1 with file:line:column findings on stdout", () => {
    const missingFile = cli("lint-plan", "--repo", repo);
    expect(missingFile.status).toBe(2);
    expect(missingFile.stderr).toBe(
      "issue-planner: lint-plan: missing required argument 'file'. Run `issue-planner lint-plan --help` for its options and examples.\n",
    );
    const findings = cli("lint-plan", plan("checked-boxes.md"), "--repo", repo);
    expect(findings.status).toBe(1);
    expect(findings.stdout).toContain(
      `${plan("checked-boxes.md")}:14:5: warning: A list item has no checkbox. [format/checkbox-missing]\n`,
    );
  });

  it("prints GitHub workflow annotations with --format github, and exits 1", () => {
    const run = cli("lint-plan", plan("invented-scripts.md"), "--repo", repo, "--format", "github");
    expect(run.status).toBe(1);
    expect(run.stdout.split("\n")[0]).toBe(
      `::error file=${plan("invented-scripts.md")},line=8,col=5,title=ground/script-missing::\`npm run db:seed\` runs the script \`db:seed\`, which the repository does not define.`,
    );
    expect(run.stderr).toBe("");
  });

  it("exits 2 with the plain-folder message for --ref outside a git repository", () => {
    const folder = mkdtempSync(join(tmpdir(), "plain-folder-"));
    const run = cli("lint-plan", plan("good.md"), "--repo", folder, "--ref", "main");
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `issue-planner: --ref needs a git repository: ${folder} is a plain folder. Drop --ref to read the folder as it is, or point --repo at a git checkout.\n`,
    );
  });
});
