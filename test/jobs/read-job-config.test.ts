import { describe, expect, it } from "vitest";
import { MemoryConfigHints } from "../../src/config/config-hints.js";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import type { PlanRequest } from "../../src/jobs/plan-request.js";
import { readJobConfig } from "../../src/jobs/read-job-config.js";

const octokit = {} as Parameters<typeof readJobConfig>[1];
const options = { configPath: ".github/issue-planner.yml", final: false };
const repo = { owner: "acme", repo: "web" };

function request(extra: Partial<PlanRequest> = {}): PlanRequest {
  return {
    ...repo,
    issueNumber: 7,
    installationId: 2,
    defaultBranch: "main",
    issue: { title: "t", body: null, labels: ["needs-plan"] },
    deliveryId: "d-1",
    trigger: { kind: "label", actor: "octocat", label: "needs-plan" },
    config: defaultRepoConfig(),
    configProblems: [],
    ...extra,
  };
}

/** As Octokit fails a request (a RequestError is named HttpError). */
const status = (code: number) =>
  Object.assign(new Error(`HTTP ${code}`), { name: "HttpError", status: code });

describe("readJobConfig", () => {
  it("plans with the configuration read now and its commit, and leaves it as the handler's hint", async () => {
    const config = { ...defaultRepoConfig(), model: "gpt-4.1-mini" };
    const commit = "0".repeat(40);
    const hints = new MemoryConfigHints();
    const read = await readJobConfig(
      request({ commit: "1".repeat(40) }),
      octokit,
      async () => ({ ok: true, config, commit }),
      {
        ...options,
        hints,
      },
    );
    expect(read.kind).toBe("read");
    if (read.kind !== "read") return;
    expect(read.request.config.model).toBe("gpt-4.1-mini");
    expect(read.request.commit).toBe(commit);
    expect(await hints.get(repo)).toEqual(config);
  });

  it("reports a broken file, keeps the admitted configuration and forgets the hint", async () => {
    const hints = new MemoryConfigHints();
    await hints.set(repo, defaultRepoConfig());
    const read = await readJobConfig(
      request(),
      octokit,
      async () => ({ ok: false, problems: ["model: bad"] }),
      { ...options, hints },
    );
    expect(read).toMatchObject({
      kind: "read",
      request: { configProblems: ["model: bad"], config: defaultRepoConfig() },
    });
    expect(await hints.get(repo)).toBeUndefined();
  });

  it("lets a passing failure be retried, and names the request once it is the last attempt or will not pass", async () => {
    await expect(
      readJobConfig(request(), octokit, async () => Promise.reject(status(502)), options),
    ).rejects.toThrow("HTTP 502");
    for (const [code, final] of [
      [502, true],
      [403, false],
    ] as const) {
      const read = await readJobConfig(request(), octokit, async () => Promise.reject(status(code)), {
        ...options,
        final,
      });
      expect(read.kind).toBe("unread");
      if (read.kind !== "unread") return;
      expect(read.notice.userMessage).toContain(".github/issue-planner.yml");
      expect(read.notice.userMessage).toContain(`HTTP ${code}`);
    }
  });
});
