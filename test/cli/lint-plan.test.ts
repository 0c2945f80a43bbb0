import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CliError, EXIT } from "../../src/cli/cli-error.js";
import { lintPlanCommand } from "../../src/cli/lint-plan-command.js";

const fixtures = new URL("../fixtures/", import.meta.url).pathname;
const repo = join(fixtures, "repos/nextjs-prisma");
const plan = (name: string) => join(fixtures, "plans", name);
const temp = mkdtempSync(join(tmpdir(), "issue-planner-cli-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

interface JsonFinding {
  rule: string;
  subject?: string;
  line: number;
  column: number;
}

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

  it("exits 1 and lists each finding with its rule id, line and column as JSON", async () => {
    const result = await lintPlanCommand(plan("invented-scripts.md"), { repo, json: true });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; findings: JsonFinding[] };
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => [f.rule, f.subject, f.line, f.column])).toEqual([
      ["ground/script-missing", "db:seed", 8, 5],
      ["ground/package-missing", "papaparse", 13, 5],
      ["ground/script-missing", "typecheck", 21, 5],
      ["ground/script-missing", "deploy", 22, 5],
    ]);
    // Each position is the step's list item, the one that names the subject.
    const lines = readFileSync(plan("invented-scripts.md"), "utf8").split("\n");
    for (const finding of report.findings) {
      const at = lines[finding.line - 1]?.slice(finding.column - 1) ?? "";
      expect(at, finding.subject).toMatch(/^-\s+\[ \] /);
      expect(at, finding.subject).toContain(finding.subject);
    }
    // --format json is the same report.
    expect((await lintPlanCommand(plan("invented-scripts.md"), { repo, format: "json" })).stdout).toBe(
      result.stdout,
    );
  });

  it("prints each finding as file:line:column, severity, message and rule, the form editors and CI read", async () => {
    const file = plan("checked-boxes.md");
    const result = await lintPlanCommand(file, { repo });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(
      [
        `${file}:1:1: warning: The title is level 3 (###), not 2. [format/heading-level]`,
        `${file}:11:1: warning: A checkbox is already checked. (2 times) [format/checked-box]`,
        `${file}:14:5: warning: A list item has no checkbox. [format/checkbox-missing]`,
        `${file}:32:1: warning: Task "End-to-End Test (Playwright)" is numbered 4.3, expected 4.2. [format/task-numbering]`,
        `${file}: 4 findings (0 errors, 4 warnings).`,
        "",
      ].join("\n"),
    );
  });

  it("counts lines and columns in the file itself when the plan stands in a fence or after a thinking block", async () => {
    const bare = readFileSync(plan("invented-paths.md"), "utf8");
    const fenced = join(temp, "fenced.md");
    writeFileSync(fenced, `Sure! Here is the plan:\n\n\`\`\`markdown\n${bare}\n\`\`\`\n`);
    const positions = async (file: string) =>
      (
        JSON.parse((await lintPlanCommand(file, { repo, json: true })).stdout) as { findings: JsonFinding[] }
      ).findings
        .filter((f) => f.rule === "ground/path-missing")
        .map((f) => [f.subject, f.line, f.column]);
    const inBare = await positions(plan("invented-paths.md"));
    expect(inBare.length).toBeGreaterThan(0);
    expect(await positions(fenced)).toEqual(
      inBare.map(([subject, line, column]) => [subject, Number(line) + 3, column]),
    );
    const thought = join(temp, "thought.md");
    writeFileSync(thought, `<thinking>\nThe issue asks for a CSV export.\n</thinking>\n\n${bare}`);
    expect(await positions(thought)).toEqual(
      inBare.map(([subject, line, column]) => [subject, Number(line) + 4, column]),
    );
  });

  it("annotates the plan's lines in a GitHub workflow with --format github", async () => {
    const file = join(temp, "plans:v1,draft.md");
    cpSync(plan("invented-paths.md"), file);
    const result = await lintPlanCommand(file, { repo, format: "github" });
    expect(result.exitCode).toBe(1);
    const escaped = file.replace(/:/g, "%3A").replace(/,/g, "%2C");
    expect(result.stdout.split("\n")[0]).toBe(
      `::error file=${escaped},line=12,col=5,title=ground/path-missing::\`src/server/services/invoices.ts\` does not exist in the repository and no step creates it.`,
    );
    expect(
      result.stdout
        .trimEnd()
        .split("\n")
        .every((line) => /^::(error|warning) file=/.test(line)),
    ).toBe(true);
  });

  it("names a bad --format, and --json beside another format, as usage errors", async () => {
    await expect(lintPlanCommand(plan("good.md"), { repo, format: "yaml" })).rejects.toThrow(
      new CliError("--format yaml: not a format of lint-plan. Give text, json or github."),
    );
    await expect(lintPlanCommand(plan("good.md"), { repo, format: "github", json: true })).rejects.toThrow(
      new CliError("--json and --format github: two formats asked for. Drop --json (it is --format json)."),
    );
    await expect(lintPlanCommand(join(temp, "nope.md"), { repo })).rejects.toThrow(
      new CliError(`${join(temp, "nope.md")}: cannot read the plan file (ENOENT). Check the path.`),
    );
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
    // The entry point prints a CliError's message and exits with its code (test/cli/lint-plan.process.test.ts).
    await expect(badRef).rejects.toMatchObject({ exitCode: EXIT.usage });
    await expect(badRef).rejects.toThrow(
      `--ref no-such-ref: not a commit, branch or tag of the git repository at ${repo}. Give one it has (git -C ${repo} show-ref lists them), or drop --ref to read the working tree.`,
    );
  });

  it("says that --ref needs git when --repo is a plain folder, and names a missing directory", async () => {
    const folder = join(temp, "plain");
    mkdirSync(folder);
    cpSync(join(repo, "package.json"), join(folder, "package.json"));
    // Without --ref a plain folder is read as it is.
    expect((await lintPlanCommand(plan("good.md"), { repo: folder })).exitCode).toBe(EXIT.findings);
    await expect(lintPlanCommand(plan("good.md"), { repo: folder, ref: "main" })).rejects.toThrow(
      new CliError(
        `--ref needs a git repository: ${folder} is a plain folder. Drop --ref to read the folder as it is, or point --repo at a git checkout.`,
      ),
    );
    await expect(lintPlanCommand(plan("good.md"), { repo: join(temp, "gone") })).rejects.toThrow(
      new CliError(
        `--repo ${join(temp, "gone")}: no such directory. Give a checkout or a git directory, or drop --repo to read the current directory.`,
      ),
    );
  });
});
