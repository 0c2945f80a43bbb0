import type { Context } from "probot";
import { describe, expect, it } from "vitest";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { withBodySection } from "../../src/github/issue-body-section.js";
import { admitTrigger, baseRequest, commonChecks } from "../../src/triggers/base-request.js";
import { loadPayload } from "../helpers/test-app.js";

type LabeledPayload = Context<"issues.labeled">["payload"];
const labeled = () => loadPayload<LabeledPayload>("issues.labeled");
const installed = (payload: LabeledPayload) => ({ ...payload, installation: { id: 2 } });
const known = (config = defaultRepoConfig()) => ({ config, known: true });
const unknown = (config = defaultRepoConfig()) => ({ config, known: false });

/** The labeled payload with a WIP label next to needs-plan. */
const withWipLabel = (): LabeledPayload => {
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
  return payload;
};

describe("baseRequest", () => {
  it("carries the repository, the issue as it was and the configuration it was admitted with", () => {
    const payload = labeled();
    const config = defaultRepoConfig();
    const request = baseRequest(installed(payload), "delivery-1", known(config));
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
      deliveryId: "delivery-1",
      config,
      configProblems: [],
    });
  });

  it("leaves the commit and the configuration's problems to the job, whether the configuration is known or not", () => {
    for (const read of [known(), unknown()]) {
      const request = baseRequest(installed(labeled()), "d", read);
      expect(request).not.toHaveProperty("commit");
      expect(request).not.toHaveProperty("configUnread");
      expect(request.configProblems).toEqual([]);
      expect(request.config).toBe(read.config);
    }
  });

  it("gives the job the author's text, without the plan section the app wrote into the body", () => {
    const payload = labeled();
    const author = payload.issue.body ?? "";
    payload.issue.body = withBodySection(author, "### Implementation Plan: Export\n\n-   [ ] **1.1. Add**");
    expect(payload.issue.body).not.toBe(author);
    expect(baseRequest(installed(payload), "d", known()).issue.body).toBe(author);
  });

  it("keeps a missing body as null", () => {
    const payload = labeled();
    payload.issue.body = null;
    expect(baseRequest(installed(payload), "d", known()).issue.body).toBeNull();
  });
});

describe("admitTrigger", () => {
  it("plans the issue with the given trigger when the known configuration allows it", () => {
    const decision = admitTrigger(labeled(), "d", known(), {
      kind: "label",
      actor: "Codertocat",
      label: "needs-plan",
    });
    expect(decision).toMatchObject({
      kind: "plan",
      request: {
        issueNumber: 1,
        installationId: 2,
        trigger: { kind: "label", actor: "Codertocat", label: "needs-plan" },
      },
    });
  });

  it("names every excluded label the issue has when the known configuration excludes it", () => {
    const config = defaultRepoConfig();
    config.labels.exclude = ["wip", "needs-plan"];
    config.triggers.issueOpened = true;
    expect(admitTrigger(withWipLabel(), "d", known(config), { kind: "opened", actor: "x" })).toEqual({
      kind: "ignore",
      reason: "the issue has the excluded label needs-plan, WIP",
    });
  });

  it("ignores a trigger the known configuration turns off, with the configuration's reason", () => {
    expect(
      admitTrigger(labeled(), "d", known(), { kind: "label", actor: "Codertocat", label: "bug" }),
    ).toEqual({ kind: "ignore", reason: 'label "bug" is not the plan label' });
    expect(admitTrigger(labeled(), "d", known(), { kind: "opened", actor: "Codertocat" })).toEqual({
      kind: "ignore",
      reason: "automatic plans for new issues are off",
    });
  });

  it("queues every trigger when the configuration is not known, leaving the refusals to the job", () => {
    const config = defaultRepoConfig();
    config.labels.exclude = ["wip"];
    const triggers = [
      { kind: "label", actor: "Codertocat", label: "bug" },
      { kind: "opened", actor: "Codertocat" },
    ] as const;
    for (const trigger of triggers) {
      expect(admitTrigger(withWipLabel(), "d", unknown(config), trigger)).toMatchObject({
        kind: "plan",
        request: { trigger, config, configProblems: [] },
      });
    }
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
