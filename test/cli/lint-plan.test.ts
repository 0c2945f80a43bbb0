import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CliError } from "../../src/cli/cli-error.js";
import { lintPlanCommand } from "../../src/cli/lint-plan-command.js";

const fixtures = new URL("../fixtures/", import.meta.url).pathname;
const repo = join(fixtures, "repos/nextjs-prisma");
const plan = (name: string) => join(fixtures, "plans", name);
const temp = mkdtempSync(join(tmpdir(), "issue-planner-cli-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@t",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@t",
    },
  });
}

describe("lint-plan", () => {
  it("exits 0 for a plan that passes every check", async () => {
    const result = await lintPlanCommand(plan("good.md"), { repo });
    expect(result).toEqual({ stdout: `${plan("good.md")}: the plan passes every check.\n`, exitCode: 0 });
  });

  it("exits 1 and lists each finding with its rule id as JSON", async () => {
    const result = await lintPlanCommand(plan("invented-scripts.md"), { repo, json: true });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      findings: { rule: string; subject?: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => [f.rule, f.subject])).toEqual([
      ["ground/script-missing", "db:seed"],
      ["ground/package-missing", "papaparse"],
      ["ground/script-missing", "typecheck"],
      ["ground/script-missing", "deploy"],
    ]);
  });

  it("checks against a commit of a git repository, and of a bare clone, with --ref", async () => {
    const work = join(temp, "work");
    cpSync(repo, work, { recursive: true });
    git(work, "init", "-q", "-b", "main");
    git(work, "add", ".");
    git(work, "commit", "-qm", "base");
    git(work, "tag", "v1");
    // After the tag the route the plan creates exists, and an invented one too.
    writeFileSync(join(work, "src/lib/permissions.ts"), "export {};\n");
    git(work, "add", ".");
    git(work, "commit", "-qm", "add permissions");
    const atTag = await lintPlanCommand(plan("invented-paths.md"), { repo: work, ref: "v1", json: true });
    const atHead = await lintPlanCommand(plan("invented-paths.md"), { repo: work, json: true });
    const subjects = (out: string) =>
      (JSON.parse(out) as { findings: { subject?: string }[] }).findings.map((f) => f.subject);
    expect(subjects(atTag.stdout)).toContain("src/lib/permissions.ts");
    expect(subjects(atHead.stdout)).not.toContain("src/lib/permissions.ts");

    const bare = join(temp, "bare.git");
    git(temp, "clone", "-q", "--bare", work, bare);
    const fromBare = await lintPlanCommand(plan("invented-paths.md"), { repo: bare, ref: "v1", json: true });
    expect(subjects(fromBare.stdout)).toEqual(subjects(atTag.stdout));
  });

  it("exits 1 and names the rule of each finding in its text report", async () => {
    const result = await lintPlanCommand(plan("checked-boxes.md"), { repo });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("format/checked-box");
  });

  it("names a --ref that is not a commit, branch or tag as a usage error (exit code 2)", async () => {
    const badRef = lintPlanCommand(plan("good.md"), { repo, ref: "no-such-ref" });
    // The entry point prints a CliError's message and exits 2 (test/cli/lint-plan.process.test.ts).
    await expect(badRef).rejects.toBeInstanceOf(CliError);
    await expect(badRef).rejects.toThrow(/--ref no-such-ref: not a commit, branch or tag/);
  });
});
