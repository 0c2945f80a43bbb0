import type { Context } from "probot";
import { describe, expect, it } from "vitest";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { withBodySection } from "../../src/github/issue-body-section.js";
import {
  baseRequest,
  commonChecks,
  excludingLabels,
  planUnlessExcluded,
} from "../../src/triggers/base-request.js";
import { loadPayload } from "../helpers/test-app.js";

type LabeledPayload = Context<"issues.labeled">["payload"];
const labeled = () => loadPayload<LabeledPayload>("issues.labeled");
const installed = (payload: LabeledPayload) => ({ ...payload, installation: { id: 2 } });
const COMMIT = "0123456789abcdef0123456789abcdef01234567";

describe("baseRequest", () => {
  it("carries the repository, the issue as it was and the configuration read with it", () => {
    const payload = labeled();
    const config = defaultRepoConfig();
    const request = baseRequest(installed(payload), "delivery-1", {
      config,
      problems: ["labels.trigger: expected a label name"],
      commit: COMMIT,
      unread: "GitHub answered 502",
    });
    expect(request).toEqual({
      owner: "Codertocat",
      repo: "Hello-World",
      issueNumber: 1,
      installationId: 2,
      defaultBranch: "master",
      issue: {
        title: "Let members export their invoices as CSV",
        body: payload.issue.body,
        labels: ["needs-plan"],
        comments: 0,
      },
      commit: COMMIT,
      deliveryId: "delivery-1",
      config,
      configProblems: ["labels.trigger: expected a label name"],
      configUnread: "GitHub answered 502",
    });
  });

  it("gives the job the author's text, without the plan section the app wrote into the body", () => {
    const payload = labeled();
    const author = payload.issue.body ?? "";
    payload.issue.body = withBodySection(author, "### Implementation Plan: Export\n\n-   [ ] **1.1. Add**");
    expect(payload.issue.body).not.toBe(author);
    expect(
      baseRequest(installed(payload), "d", { config: defaultRepoConfig(), problems: [] }).issue.body,
    ).toBe(author);
  });

  it("keeps a missing body as null and leaves out what was not read", () => {
    const payload = labeled();
    payload.issue.body = null;
    const request = baseRequest(installed(payload), "d", { config: defaultRepoConfig(), problems: [] });
    expect(request.issue.body).toBeNull();
    expect(request).not.toHaveProperty("commit");
    expect(request).not.toHaveProperty("configUnread");
  });
});

describe("excludingLabels", () => {
  it("finds the excluded labels among the issue's, whatever their case", () => {
    const config = defaultRepoConfig();
    config.labels.exclude = ["WontFix", "blocked"];
    expect(excludingLabels(["bug", "wontfix", "Blocked"], config)).toEqual(["wontfix", "Blocked"]);
    expect(excludingLabels(["bug"], config)).toEqual([]);
  });
});

describe("planUnlessExcluded", () => {
  it("plans the issue with the given trigger", () => {
    const decision = planUnlessExcluded(
      labeled(),
      "d",
      { config: defaultRepoConfig(), problems: [] },
      {
        kind: "opened",
        actor: "Codertocat",
      },
    );
    expect(decision).toMatchObject({
      kind: "plan",
      request: { issueNumber: 1, installationId: 2, trigger: { kind: "opened", actor: "Codertocat" } },
    });
  });

  it("names every excluded label the issue has when it does not plan", () => {
    const payload = labeled();
    payload.issue.labels = [
      ...(payload.issue.labels ?? []),
      {
        id: 1_362_934_390,
        node_id: "MDU6TGFiZWwxMzYyOTM0Mzkw",
        url: "https://api.github.com/repos/Codertocat/Hello-World/labels/WIP",
        name: "WIP",
        color: "ededed",
        default: false,
        description: null,
      },
    ];
    const config = defaultRepoConfig();
    config.labels.exclude = ["wip", "needs-plan"];
    expect(
      planUnlessExcluded(payload, "d", { config, problems: [] }, { kind: "opened", actor: "x" }),
    ).toEqual({
      kind: "ignore",
      reason: "the issue has the excluded label needs-plan, WIP",
    });
  });
});

describe("commonChecks", () => {
  const event = () => ({
    sender: { login: "Codertocat", type: "User" },
    issue: {} as { pull_request?: unknown },
    installation: { id: 2 } as unknown,
  });

  it("lets a person's event on an issue of an installation through", () => {
    expect(commonChecks(event())).toBeUndefined();
  });

  it("ignores bots, then pull requests, then events without an installation", () => {
    const all = {
      ...event(),
      sender: { login: "dependabot[bot]", type: "Bot" },
      issue: { pull_request: {} },
      installation: undefined,
    };
    expect(commonChecks(all)).toEqual({ kind: "ignore", reason: "sender dependabot[bot] is a bot" });
    expect(commonChecks({ ...all, sender: { login: "Codertocat", type: "User" } })).toEqual({
      kind: "ignore",
      reason: "pull requests are not planned",
    });
    expect(commonChecks({ ...event(), installation: undefined })).toEqual({
      kind: "ignore",
      reason: "event has no installation",
    });
  });
});
