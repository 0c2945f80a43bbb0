import { describe, expect, it } from "vitest";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { UserFacingError } from "../../src/errors.js";
import type { PlanRequest } from "../../src/jobs/plan-request.js";
import { rereadConfig } from "../../src/jobs/reread-config.js";

const octokit = {} as Parameters<typeof rereadConfig>[1];
const options = { configPath: ".github/issue-planner.yml", final: false };

function request(extra: Partial<PlanRequest> = {}): PlanRequest {
  return {
    owner: "acme",
    repo: "web",
    issueNumber: 7,
    installationId: 2,
    defaultBranch: "main",
    issue: { title: "t", body: null, labels: ["needs-plan"] },
    deliveryId: "d-1",
    trigger: { kind: "label", actor: "octocat", label: "needs-plan" },
    config: defaultRepoConfig(),
    configProblems: [],
    configUnread: "POST /api/graphql answered 403: Resource not accessible by integration",
    ...extra,
  };
}

const status = (code: number) => Object.assign(new Error(`HTTP ${code}`), { status: code });

describe("rereadConfig", () => {
  it("leaves a request whose configuration was read as it is, reading nothing", async () => {
    const read = async () => {
      throw new Error("not called");
    };
    const { configUnread: _, ...readAlready } = request();
    expect(await rereadConfig({ ...readAlready }, octokit, read, options)).toEqual(readAlready);
  });

  it("plans with the configuration read now, and its commit", async () => {
    const config = { ...defaultRepoConfig(), model: "gpt-4.1-mini" };
    const commit = "0".repeat(40);
    const next = await rereadConfig(request(), octokit, async () => ({ ok: true, config, commit }), options);
    expect(next.config.model).toBe("gpt-4.1-mini");
    expect(next.commit).toBe(commit);
    expect(next.configUnread).toBeUndefined();
  });

  it("reports a broken file as the trigger would have", async () => {
    const next = await rereadConfig(
      request(),
      octokit,
      async () => ({ ok: false, problems: ["model: bad"] }),
      options,
    );
    expect(next.configProblems).toEqual(["model: bad"]);
  });

  it("lets a passing failure be retried, and names the request once it is the last attempt or will not pass", async () => {
    await expect(
      rereadConfig(request(), octokit, async () => Promise.reject(status(502)), options),
    ).rejects.toThrow("HTTP 502");
    for (const [code, final] of [
      [502, true],
      [403, false],
    ] as const) {
      const error = await rereadConfig(request(), octokit, async () => Promise.reject(status(code)), {
        ...options,
        final,
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UserFacingError);
      expect((error as UserFacingError).userMessage).toContain(".github/issue-planner.yml");
      expect((error as UserFacingError).userMessage).toContain(`HTTP ${code}`);
    }
  });
});
