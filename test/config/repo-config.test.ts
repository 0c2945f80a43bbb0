import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { RepoConfigLoader } from "../../src/config/load-repo-config.js";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { fallbackConfig, validateRepoConfig } from "../../src/config/validate-repo-config.js";
import { mayTrigger } from "../../src/triggers/may-trigger.js";
import { mockConfig, mockNoConfig, mockPermission } from "../helpers/github-mocks.js";

const policy = { forbidden: ["model"], maxBudget: 64_000, defaults: { labels: { trigger: "plan-me" } } };
const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));
const octokit = new Octokit({ auth: { token: "ghs_test" } });
const repo = { owner: "Codertocat", repo: "Hello-World" };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("validateRepoConfig", () => {
  it("fills every default, the operator's under the repository's", () => {
    const result = validateRepoConfig({ plan: { language: "German" } }, policy);
    expect(result).toEqual({
      ok: true,
      config: {
        ...defaultRepoConfig(),
        labels: { ...defaultRepoConfig().labels, trigger: "plan-me" },
        plan: { language: "German", instructions: "", output: "comment" },
      },
    });
    expect(validateRepoConfig({ labels: { trigger: "needs-plan" } }, policy)).toMatchObject({
      ok: true,
      config: { labels: { trigger: "needs-plan" } },
    });
  });

  it("names an unknown key and lists the known ones", () => {
    expect(validateRepoConfig({ plan: { langauge: "de" } }, policy)).toEqual({
      ok: false,
      problems: [
        "`plan.langauge` is not a setting of issue-planner (known here: language, instructions, output).",
      ],
    });
  });

  it("names a key of the wrong form and the form it expects", () => {
    const result = validateRepoConfig(
      { context: { budget: "lots" }, permissions: { minimum: "owner" } },
      policy,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      "`permissions.minimum`: not an allowed value; expected one of triage, write, maintain, admin.",
      "`context.budget`: expected number, received string; expected a whole number of tokens, at least 2000.",
    ]);
  });

  it("refuses what the operator reserved", () => {
    expect(validateRepoConfig({ model: "gpt-5", context: { budget: 100_000 } }, policy)).toEqual({
      ok: false,
      problems: [
        "`model` is set by the app's operator and cannot be changed by a repository; remove it.",
        "`context.budget`: 100000 is above this server's ceiling; expected at most 64000.",
      ],
    });
  });

  it("falls back to the operator's defaults", () => {
    expect(fallbackConfig(policy).labels.trigger).toBe("plan-me");
  });
});

describe("RepoConfigLoader", () => {
  it("reads the file once per repository within its cache time", async () => {
    let now = 0;
    const loader = new RepoConfigLoader(policy, 60_000, () => now);
    const scope = mockConfig("labels:\n  trigger: ready-for-plan\n");
    expect(await loader.load(octokit, repo)).toMatchObject({
      ok: true,
      config: { labels: { trigger: "ready-for-plan" } },
    });
    expect(await loader.load(octokit, repo)).toMatchObject({ ok: true });
    expect(scope.isDone()).toBe(true);
    now = 61_000;
    const again = mockNoConfig();
    expect(await loader.load(octokit, repo)).toMatchObject({
      ok: true,
      config: { labels: { trigger: "plan-me" } },
    });
    expect(again.isDone()).toBe(true);
  });

  it("reports broken YAML as a problem to fix, not an error", async () => {
    mockConfig("labels:\n  trigger: [unclosed\n");
    const result = await new RepoConfigLoader(policy).load(octokit, repo);
    expect(result).toEqual({
      ok: false,
      problems: [
        "`.github/issue-planner.yml` cannot be read: invalid YAML. Check its indentation and quoting.",
      ],
    });
  });
});

describe("mayTrigger (permission matrix)", () => {
  const permissions = defaultRepoConfig().permissions;
  it.each([
    ["admin", "admin", true],
    ["write", "maintain", true],
    ["write", "write", true],
    ["read", "triage", false],
    ["read", "read", false],
    ["none", "none", false],
  ])("permission %s (role %s) with the default minimum: %s", async (permission, role, allowed) => {
    mockPermission(permission, role);
    expect(
      await mayTrigger(octokit, repo, { login: "Codertocat", association: "CONTRIBUTOR" }, permissions),
    ).toBe(allowed);
  });

  it("lets triage ask when the minimum is triage", async () => {
    mockPermission("read", "triage");
    expect(
      await mayTrigger(octokit, repo, { login: "Codertocat" }, { ...permissions, minimum: "triage" }),
    ).toBe(true);
  });

  it("lets listed users and associations ask without a permission lookup", async () => {
    expect(
      await mayTrigger(octokit, repo, { login: "codertocat" }, { ...permissions, users: ["Codertocat"] }),
    ).toBe(true);
    expect(
      await mayTrigger(
        octokit,
        repo,
        { login: "someone", association: "MEMBER" },
        { ...permissions, associations: ["MEMBER"] },
      ),
    ).toBe(true);
  });

  it("refuses users who are not collaborators", async () => {
    nock("https://api.github.com")
      .get("/repos/Codertocat/Hello-World/collaborators/stranger/permission")
      .reply(404, { message: "Not Found" });
    expect(await mayTrigger(octokit, repo, { login: "stranger", association: "NONE" }, permissions)).toBe(
      false,
    );
  });
});
