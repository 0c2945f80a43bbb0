import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { RepoConfigLoader } from "../../src/config/load-repo-config.js";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { fallbackConfig, validateRepoConfig } from "../../src/config/validate-repo-config.js";
import { mayTrigger, PermissionCache } from "../../src/github/may-trigger.js";
import { COMMIT, mockConfig, mockNoConfig, mockPermission, mockSetupQuery } from "../helpers/github-mocks.js";
import { API } from "../helpers/test-app.js";

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
        "`plan.langauge` is not a setting of issue-planner (known here: language, instructions, output, repositoryKind).",
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
  it("reads the file and the head commit in one request, then serves the file from its cache for a while", async () => {
    let now = 0;
    const loader = new RepoConfigLoader(policy, 60_000, () => now);
    const scope = mockConfig("labels:\n  trigger: ready-for-plan\n");
    expect(await loader.load(octokit, repo)).toEqual({
      ok: true,
      config: expect.objectContaining({ labels: expect.objectContaining({ trigger: "ready-for-plan" }) }),
      commit: COMMIT,
    });
    // From the cache: no request, and no commit (the job asks for the current one).
    const cached = await loader.load(octokit, repo);
    expect(cached).toMatchObject({ ok: true });
    expect(cached).not.toHaveProperty("commit");
    expect(scope.isDone()).toBe(true);
    now = 61_000;
    const again = mockNoConfig();
    expect(await loader.load(octokit, repo)).toMatchObject({
      ok: true,
      config: { labels: { trigger: "plan-me" } },
    });
    expect(again.isDone()).toBe(true);
  });

  it("falls back to the owner's .github repository when the repository has no file", async () => {
    mockSetupQuery({ owner: "plan:\n  language: German\n" });
    expect(await new RepoConfigLoader(policy).load(octokit, repo)).toMatchObject({
      ok: true,
      config: { plan: { language: "German" } },
    });
  });

  it("follows `_extends` through Probot's config plugin, the repository's keys winning", async () => {
    mockConfig("_extends: shared-settings\nplan:\n  language: French\n");
    nock(API)
      .get("/repos/Codertocat/shared-settings/contents/.github%2Fissue-planner.yml")
      .reply(200, "plan:\n  language: German\nlabels:\n  trigger: plan-this\n", {
        "content-type": "application/vnd.github.raw; charset=utf-8",
      });
    expect(await new RepoConfigLoader(policy).load(octokit, repo)).toMatchObject({
      ok: true,
      config: { plan: { language: "French" }, labels: { trigger: "plan-this" } },
    });
    mockConfig("_extends: 'not a repo!'\n");
    const broken = await new RepoConfigLoader(policy).load(octokit, repo);
    expect(broken).toMatchObject({ ok: false });
    expect(!broken.ok && broken.problems[0]).toContain("`_extends` must name a repository");
  });

  it("reads the settings from the path the operator chose, for the repository, its owner and `_extends`", async () => {
    const expressions: string[] = [];
    nock(API)
      .post("/graphql", (body: { variables: { expression: string } }) => {
        expressions.push(body.variables.expression);
        return true;
      })
      .reply(200, {
        data: {
          repository: { defaultBranchRef: { target: { oid: COMMIT } }, file: null },
          ownerDefaults: {
            file: {
              __typename: "Blob",
              text: "_extends: shared\nplan:\n  language: Dutch\n",
              isBinary: false,
            },
          },
        },
      });
    nock(API)
      .get("/repos/Codertocat/shared/contents/config%2Fplanner.yaml")
      .reply(200, "labels:\n  trigger: plan-this\n", {
        "content-type": "application/vnd.github.raw; charset=utf-8",
      });
    const loader = new RepoConfigLoader({ ...policy, configPath: "config/planner.yaml" });
    expect(await loader.load(octokit, repo)).toMatchObject({
      ok: true,
      config: { plan: { language: "Dutch" }, labels: { trigger: "plan-this" } },
    });
    expect(expressions).toEqual(["HEAD:config/planner.yaml"]);
  });

  it("reports broken YAML as a problem to fix, not an error", async () => {
    mockConfig("labels:\n  trigger: [unclosed\n");
    const result = await new RepoConfigLoader(policy).load(octokit, repo);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatch(
      /^`\.github\/issue-planner\.yml` cannot be read: invalid YAML \(.+\)\. Check its indentation and quoting\.$/,
    );
  });
});

describe("hostile configuration files", () => {
  it("refuses an alias bomb as invalid YAML, at once", async () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 10; level += 1) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array.from({ length: 10 }, () => `*${previous}`).join(", ")}]`);
    }
    mockConfig(`${levels.join("\n")}\n`);
    const started = Date.now();
    const result = await new RepoConfigLoader(policy).load(octokit, repo);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatch(/invalid YAML \(.*alias/i);
  });

  it("refuses a huge file before parsing it, and huge values by key", async () => {
    mockConfig(`plan:\n  instructions: "${"x".repeat(70_000)}"\n`);
    const huge = await new RepoConfigLoader(policy).load(octokit, repo);
    expect(!huge.ok && huge.problems[0]).toContain("settings files may hold 65536");
    const values = validateRepoConfig(
      {
        model: "m".repeat(101),
        context: { exclude: Array.from({ length: 201 }, () => "*.log") },
        permissions: { users: Array.from({ length: 501 }, (_, index) => `user${index}`) },
      },
      { forbidden: [], maxBudget: 64_000, defaults: {} },
    );
    expect(values.ok).toBe(false);
    const problems = values.ok ? "" : values.problems.join("\n");
    for (const key of ["model", "context.exclude", "permissions.users"]) expect(problems).toContain(key);
  });

  it("reports an `_extends` chain that comes back to itself instead of following it forever", async () => {
    mockConfig("_extends: loop-a\n");
    const raw = { "content-type": "application/vnd.github.raw; charset=utf-8" };
    nock(API)
      .get("/repos/Codertocat/loop-a/contents/.github%2Fissue-planner.yml")
      .times(5)
      .reply(200, "_extends: loop-b\n", raw)
      .get("/repos/Codertocat/loop-b/contents/.github%2Fissue-planner.yml")
      .times(5)
      .reply(200, "_extends: loop-a\n", raw);
    const result = await new RepoConfigLoader(policy).load(octokit, repo);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toContain("`_extends: loop-a` could not be read");
  });

  it("reads `_extends` only from GitHub, never a path outside a repository", async () => {
    mockConfig("_extends: other:../../../etc/passwd.yml\n");
    const scope = nock(API)
      .get(/\/repos\/Codertocat\/other\/contents\/.*/)
      .reply(404, { message: "Not Found" });
    const result = await new RepoConfigLoader(policy).load(octokit, repo);
    expect(result.ok).toBe(false);
    expect(scope.isDone()).toBe(true);
  });
});

describe("PermissionCache", () => {
  it("looks a user's permission up once a minute per repository, and forgets failed lookups", async () => {
    let now = 0;
    const cache = new PermissionCache(60_000, () => now);
    let lookups = 0;
    const lookup = async () => {
      lookups += 1;
      return 3;
    };
    expect(await cache.level(repo, "Codertocat", lookup)).toBe(3);
    expect(await cache.level(repo, "codertocat", lookup)).toBe(3);
    expect(await cache.level({ ...repo, repo: "other" }, "Codertocat", lookup)).toBe(3);
    expect(lookups).toBe(2);
    now = 60_001;
    await cache.level(repo, "Codertocat", lookup);
    expect(lookups).toBe(3);
    await expect(cache.level(repo, "octocat", () => Promise.reject(new Error("502")))).rejects.toThrow();
    expect(await cache.level(repo, "octocat", lookup)).toBe(3);
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
