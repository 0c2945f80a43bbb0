import type { Context } from "probot";
import { describe, expect, it } from "vitest";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { requestFromOpened } from "../../src/triggers/request-from-opened.js";
import { loadPayload } from "../helpers/test-app.js";

type OpenedPayload = Context<"issues.opened">["payload"];
const opened = () => loadPayload<OpenedPayload>("issues.opened");
const read = (issueOpened: boolean, exclude: string[] = []) => {
  const config = defaultRepoConfig();
  config.triggers.issueOpened = issueOpened;
  config.labels.exclude = exclude;
  return { config, problems: [] };
};

describe("requestFromOpened", () => {
  it("plans nothing for new issues unless the configuration asks for it", () => {
    expect(requestFromOpened(opened(), "d", { config: defaultRepoConfig(), problems: [] })).toEqual({
      kind: "ignore",
      reason: "automatic plans for new issues are off",
    });
  });

  it("plans a new issue where automatic plans are on, with its author as the actor", () => {
    const decision = requestFromOpened(opened(), "delivery-3", read(true));
    expect(decision).toMatchObject({
      kind: "plan",
      request: {
        owner: "Codertocat",
        repo: "Hello-World",
        issueNumber: 1,
        deliveryId: "delivery-3",
        issue: { title: "Let members export their invoices as CSV", labels: [] },
        trigger: { kind: "opened", actor: "Codertocat" },
      },
    });
  });

  it("does not plan an issue a bot opened", () => {
    const payload = opened();
    payload.sender = { ...payload.sender, login: "dependabot[bot]", type: "Bot" };
    expect(requestFromOpened(payload, "d", read(true))).toEqual({
      kind: "ignore",
      reason: "sender dependabot[bot] is a bot",
    });
  });

  it("does not plan an issue opened with an excluded label", () => {
    const payload = opened();
    payload.issue.labels = [
      {
        id: 1_362_934_391,
        node_id: "MDU6TGFiZWwxMzYyOTM0Mzkx",
        url: "https://api.github.com/repos/Codertocat/Hello-World/labels/question",
        name: "question",
        color: "d876e3",
        default: true,
        description: null,
      },
    ];
    expect(requestFromOpened(payload, "d", read(true, ["Question"]))).toEqual({
      kind: "ignore",
      reason: "the issue has the excluded label question",
    });
  });
});
