import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CliError } from "../../src/cli/cli-error.js";
import { contextCommand } from "../../src/cli/context-command.js";

const repo = new URL("../fixtures/repos/nextjs-prisma", import.meta.url).pathname;

describe("issue-planner context", () => {
  it("prints the stack, roles and chosen files with their reasons and tokens as JSON", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "issue-")), "issue.md");
    writeFileSync(
      file,
      "# Export invoices as CSV\n\nBilling admins download invoices shown by `InvoiceTable`.\n",
    );
    const { stdout, exitCode } = await contextCommand({ repo, issueFile: file, budget: "6000", json: true });
    expect(exitCode).toBe(0);
    const report = JSON.parse(stdout) as {
      stack: { packageManager: string };
      roles: { role: string; paths: string[] }[];
      files: { path: string; reason: string; tokens: number }[];
      tokens: number;
    };
    expect(report.stack.packageManager).toBe("npm");
    expect(report.roles).toContainEqual({ role: "server actions", paths: ["src/app/actions/"] });
    expect(report.files[0]).toMatchObject({
      path: "src/components/InvoiceTable.tsx",
      reason: expect.stringContaining("InvoiceTable"),
    });
    expect(report.files.every((entry) => entry.tokens > 0)).toBe(true);
    expect(report.tokens).toBeLessThanOrEqual(6000);
  });

  it("prints the context text the model would get", async () => {
    const { stdout } = await contextCommand({
      repo,
      title: "Mark invoices paid",
      body: "Use `markInvoicePaid`.",
    });
    expect(stdout).toContain("Tech Stack:");
    expect(stdout).toContain("`src/app/actions/invoices.ts` (");
  });

  it("reads the current directory when --repo is not given, as git does", async () => {
    const before = process.cwd();
    process.chdir(repo);
    try {
      const { stdout } = await contextCommand({
        title: "Mark invoices paid",
        body: "Use `markInvoicePaid`.",
      });
      expect(stdout).toContain("`src/app/actions/invoices.ts` (");
    } finally {
      process.chdir(before);
    }
  });

  it("says what is wrong, why and the fix, naming the option", async () => {
    await expect(contextCommand({ repo })).rejects.toThrow(
      new CliError(
        "no issue given: the command works on an issue's title and body. Give --issue-file FILE (Markdown, `# Title` on its first line), or --title T (with --body B).",
      ),
    );
    await expect(contextCommand({ repo, title: "x", budget: "lots" })).rejects.toThrow(
      new CliError(
        "--budget lots: not a number. Give the tokens of repository context as a whole number of at least 1000, e.g. --budget 24000.",
      ),
    );
    await expect(contextCommand({ repo, issueFile: "/nope.md" })).rejects.toThrow(
      new CliError("--issue-file /nope.md: cannot read it (ENOENT). Check the path."),
    );
    // Every problem with the options, one line each (the entry point prints each after "issue-planner: ").
    await expect(contextCommand({ repo: "", title: "x", budget: "500" })).rejects.toThrow(
      new CliError(
        [
          "--repo: no value given. Give a checkout or a git directory, or drop --repo to read the current directory.",
          "--budget 500: below 1000 tokens. Give the tokens of repository context as a whole number of at least 1000, e.g. --budget 24000.",
        ].join("\n"),
      ),
    );
    // A bad environment value is named without echoing it (it may be a secret).
    await expect(contextCommand({ repo, title: "x" }, { CONTEXT_BUDGET_TOKENS: "lots" })).rejects.toThrow(
      /^CONTEXT_BUDGET_TOKENS: invalid input: expected number, received NaN\. Fix the variable, or unset it for the app's default/,
    );
  });
});

describe("issue-planner context on a checkout with symbolic links", () => {
  it("lists a committed link but never follows it out of the repository", async () => {
    const outside = mkdtempSync(join(tmpdir(), "outside-"));
    writeFileSync(join(outside, "secret.txt"), "OUTSIDE-THE-REPOSITORY users table\n");
    const checkout = mkdtempSync(join(tmpdir(), "linked-repo-"));
    mkdirSync(join(checkout, "src"));
    writeFileSync(join(checkout, "src/app.ts"), "export const users = [];\n");
    symlinkSync(join(outside, "secret.txt"), join(checkout, "src/users.ts"));
    symlinkSync(outside, join(checkout, "vendor"));
    symlinkSync("app.ts", join(checkout, "src/alias.ts"));
    const git = (...args: string[]) => execFileSync("git", ["-C", checkout, ...args], { stdio: "pipe" });
    git("init", "--quiet");
    git("add", "-A");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "links");

    for (const ref of [undefined, "HEAD"]) {
      const { stdout } = await contextCommand({
        repo: checkout,
        ...(ref ? { ref } : {}),
        title: "Users table",
        body: "Fix `src/users.ts`, `src/alias.ts` and `vendor/secret.txt`: the users table.",
        budget: "8000",
        json: true,
      });
      expect(stdout, `ref ${ref}`).not.toContain("OUTSIDE-THE-REPOSITORY");
      const report = JSON.parse(stdout) as { files: { path: string }[]; tree?: string };
      expect(report.files.map((file) => file.path)).toContain("src/app.ts");
      // A link inside the repository is not read through either: its target is read under its own name.
      expect(report.files.map((file) => file.path)).not.toContain("src/alias.ts");
    }
  });
});
