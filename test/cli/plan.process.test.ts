// `issue-planner plan` and the help as processes, as `npx issue-planner` runs them: the exit codes the README
// documents reach the shell, and the messages go to stderr. In-process tests cover the rest (plan.test.ts); this
// file is in the slow suite because it starts processes.
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";

const repo = new URL("../fixtures/repos/nextjs-prisma", import.meta.url).pathname;
const entry = new URL("../../src/cli/main.ts", import.meta.url).pathname;

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), entry, ...args], {
    encoding: "utf8",
    // Only what the command needs: no OPENAI_* or GITHUB_* of the machine running the tests.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
}

/** A local port nothing listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no TCP port");
  return address.port;
}

describe("issue-planner plan as a process", () => {
  it("exits 3 naming the model's URL and the reason when the model cannot be reached", async () => {
    const port = await closedPort();
    const run = cli(["plan", "--repo", repo, "--title", "Export invoices as CSV"], {
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      LLM_MAX_RETRIES: "0",
    });
    expect(run.status).toBe(3);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `issue-planner: could not reach the model at http://127.0.0.1:${port}/v1: ECONNREFUSED. Check OPENAI_BASE_URL`,
    );
  });

  it("exits 2 naming the fix when no model is configured, and 0 for the help", () => {
    const unset = cli(["plan", "--repo", repo, "--title", "Export invoices as CSV"]);
    expect(unset.status).toBe(2);
    expect(unset.stderr).toMatch(/^issue-planner: no language model configured: .+\. Set OPENAI_API_KEY/m);
    const help = cli(["plan", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: issue-planner plan \[options\]/);
    expect(help.stdout).toContain("Exit codes:");
  });
});
