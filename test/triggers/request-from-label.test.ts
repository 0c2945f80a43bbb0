import type { Context } from "probot";
import { describe, expect, it } from "vitest";
import { defaultRepoConfig, type RepoConfig } from "../../src/config/repo-config.js";
import { requestFromLabel } from "../../src/triggers/request-from-label.js";
import { loadPayload } from "../helpers/test-app.js";

type LabeledPayload = Context<"issues.labeled">["payload"];
const labeled = () => loadPayload<LabeledPayload>("issues.labeled");
const read = (change: (config: RepoConfig) => void = () => undefined) => {
  const config = defaultRepoConfig();
  change(config);
  return { config, problems: [] };
};

describe("requestFromLabel", () => {
  it("plans when the default plan label is added, with the issue as the event shows it", () => {
    const decision = requestFromLabel(labeled(), "delivery-1", read());
    expect(decision).toMatchObject({
      kind: "plan",
      request: {
        issue: { title: "Let members export their invoices as CSV", labels: ["needs-plan"], comments: 0 },
        trigger: { kind: "label", actor: "Codertocat", label: "needs-plan" },
      },
    });
  });

  it("ignores another label, naming it", () => {
    const payload = labeled();
    if (payload.label) payload.label.name = "bug";
    expect(requestFromLabel(payload, "d", read())).toEqual({
      kind: "ignore",
      reason: 'label "bug" is not the plan label',
    });
  });

  it("ignores an event without a label", () => {
    const payload = labeled();
    delete (payload as { label?: unknown }).label;
    expect(requestFromLabel(payload, "d", read())).toEqual({
      kind: "ignore",
      reason: 'label "" is not the plan label',
    });
  });

  it("ignores the plan label when the configuration turns label triggers off", () => {
    expect(
      requestFromLabel(
        labeled(),
        "d",
        read((config) => (config.triggers.label = false)),
      ),
    ).toEqual({
      kind: "ignore",
      reason: "label triggers are turned off in the configuration",
    });
  });

  it("ignores the plan label added by a bot", () => {
    const payload = labeled();
    payload.sender = { ...payload.sender, login: "github-actions[bot]", type: "Bot" };
    expect(requestFromLabel(payload, "d", read())).toEqual({
      kind: "ignore",
      reason: "sender github-actions[bot] is a bot",
    });
  });

  it("ignores the plan label on an issue that also has an excluded label", () => {
    expect(
      requestFromLabel(
        labeled(),
        "d",
        read((config) => (config.labels.exclude = ["Needs-Plan"])),
      ),
    ).toEqual({
      kind: "ignore",
      reason: "the issue has the excluded label needs-plan",
    });
  });
});
