// The CLI's real entry point (src/cli/main.ts) as a process, as `npx issue-planner` runs it: commander's usage
// errors and the findings' exit code reach the shell. The command's own behaviour is tested in-process
// (lint-plan.test.ts); this file is in the slow suite because it starts processes.
import { spawnSync } from "node:child_process";
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
  it("exits 2 naming a missing argument, and 1 with the findings on stdout", () => {
    const missingFile = cli("lint-plan", "--repo", repo);
    expect(missingFile.status).toBe(2);
    expect(missingFile.stderr).toContain("missing required argument 'file'");
    const findings = cli("lint-plan", plan("checked-boxes.md"), "--repo", repo);
    expect(findings.status).toBe(1);
    expect(findings.stdout).toContain("format/checked-box");
  });
});
