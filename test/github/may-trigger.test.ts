import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { defaultRepoConfig, type RepoConfig } from "../../src/config/repo-config.js";
import { mayTrigger, PermissionCache } from "../../src/github/may-trigger.js";

const API = "https://api.github.com";
const REPO = { owner: "Codertocat", repo: "Hello-World" };
const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));
const octokit = new Octokit({ auth: { token: "ghs_test" } });

const permissions = (change: (value: RepoConfig["permissions"]) => void = () => undefined) => {
  const value = defaultRepoConfig().permissions;
  change(value);
  return value;
};
/** GitHub's answer for a collaborator: `permission` folds maintain into write and triage into read. */
const permissionOf = (login: string, permission: string, roleName: string) =>
  nock(API)
    .get(`/repos/Codertocat/Hello-World/collaborators/${login}/permission`)
    .reply(200, { permission, role_name: roleName, user: { login, type: "User" } });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("mayTrigger", () => {
  it("lets a user with write access in under the default minimum, and a reader not", async () => {
    const writer = permissionOf("octocat", "write", "write");
    expect(
      await mayTrigger(octokit, REPO, { login: "octocat", association: "CONTRIBUTOR" }, permissions()),
    ).toBe(true);
    const reader = permissionOf("hubot", "read", "read");
    expect(await mayTrigger(octokit, REPO, { login: "hubot", association: "NONE" }, permissions())).toBe(
      false,
    );
    expect(writer.isDone() && reader.isDone()).toBe(true);
  });

  it("tells maintain from write and triage from read by the role name", async () => {
    permissionOf("maintainer", "write", "maintain");
    const maintain = permissions((value) => (value.minimum = "maintain"));
    expect(await mayTrigger(octokit, REPO, { login: "maintainer" }, maintain)).toBe(true);
    permissionOf("writer", "write", "write");
    expect(await mayTrigger(octokit, REPO, { login: "writer" }, maintain)).toBe(false);
    permissionOf("triager", "read", "triage");
    expect(
      await mayTrigger(
        octokit,
        REPO,
        { login: "triager" },
        permissions((value) => (value.minimum = "triage")),
      ),
    ).toBe(true);
  });

  it("lets configured users and author associations in, and the owner, without asking GitHub", async () => {
    const listed = permissions((value) => {
      value.users = ["Release-Bot-Owner"];
      value.associations = ["MEMBER"];
    });
    expect(await mayTrigger(octokit, REPO, { login: "release-bot-owner", association: "NONE" }, listed)).toBe(
      true,
    );
    expect(await mayTrigger(octokit, REPO, { login: "teammate", association: "MEMBER" }, listed)).toBe(true);
    expect(
      await mayTrigger(octokit, REPO, { login: "Codertocat", association: "OWNER" }, permissions()),
    ).toBe(true);
  });

  it("keeps out someone who is not a collaborator", async () => {
    nock(API)
      .get("/repos/Codertocat/Hello-World/collaborators/stranger/permission")
      .reply(404, { message: "stranger is not a user", status: "404" });
    expect(await mayTrigger(octokit, REPO, { login: "stranger", association: "NONE" }, permissions())).toBe(
      false,
    );
  });

  it("lets any other failure of the lookup through", async () => {
    nock(API)
      .get("/repos/Codertocat/Hello-World/collaborators/octocat/permission")
      .reply(502, { message: "Bad Gateway" });
    await expect(mayTrigger(octokit, REPO, { login: "octocat" }, permissions())).rejects.toMatchObject({
      status: 502,
    });
  });
});

describe("PermissionCache", () => {
  it("looks a user's permission up once per minute and repository, whatever the case of the login", async () => {
    let now = 1_000_000;
    const cache = new PermissionCache(60_000, () => now);
    const first = permissionOf("octocat", "write", "write");
    expect(await mayTrigger(octokit, REPO, { login: "octocat" }, permissions(), cache)).toBe(true);
    now += 59_000;
    expect(await mayTrigger(octokit, REPO, { login: "OctoCat" }, permissions(), cache)).toBe(true);
    expect(first.isDone()).toBe(true);
    // A permission taken away applies once the cached answer is a minute old.
    now += 2_000;
    const second = permissionOf("octocat", "read", "read");
    expect(await mayTrigger(octokit, REPO, { login: "octocat" }, permissions(), cache)).toBe(false);
    expect(second.isDone()).toBe(true);
  });

  it("does not remember a failed lookup", async () => {
    const cache = new PermissionCache(60_000, () => 1_000_000);
    nock(API)
      .get("/repos/Codertocat/Hello-World/collaborators/octocat/permission")
      .reply(500, { message: "oops" });
    await expect(mayTrigger(octokit, REPO, { login: "octocat" }, permissions(), cache)).rejects.toMatchObject(
      {
        status: 500,
      },
    );
    const retried = permissionOf("octocat", "admin", "admin");
    expect(await mayTrigger(octokit, REPO, { login: "octocat" }, permissions(), cache)).toBe(true);
    expect(retried.isDone()).toBe(true);
  });

  it("asks again for the same login on another repository", async () => {
    const cache = new PermissionCache(60_000, () => 1_000_000);
    permissionOf("octocat", "write", "write");
    expect(await mayTrigger(octokit, REPO, { login: "octocat" }, permissions(), cache)).toBe(true);
    const other = nock(API)
      .get("/repos/Codertocat/Spoon-Knife/collaborators/octocat/permission")
      .reply(200, { permission: "read", role_name: "read", user: { login: "octocat" } });
    expect(
      await mayTrigger(
        octokit,
        { owner: "Codertocat", repo: "Spoon-Knife" },
        { login: "octocat" },
        permissions(),
        cache,
      ),
    ).toBe(false);
    expect(other.isDone()).toBe(true);
  });
});
