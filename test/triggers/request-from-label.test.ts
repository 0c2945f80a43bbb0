import type { Context } from "probot";
import { describe, expect, it } from "vitest";
import { defaultRepoConfig, type RepoConfig } from "../../src/config/repo-config.js";
import { requestFromLabel } from "../../src/triggers/request-from-label.js";
import { loadPayload } from "../helpers/test-app.js";

type LabeledPayload = Context<"issues.labeled">["payload"];
const labeled = () => loadPayload<LabeledPayload>("issues.labeled");
const configWith = (change: (config: RepoConfig) => void = () => undefined) => {
  const config = defaultRepoConfig();
  change(config);
  return config;
};
/** The configuration a job read lately for the repository. */
const known = (change?: (config: RepoConfig) => void) => ({ config: configWith(change), known: true });
/** The operator's defaults: no job read the repository's configuration lately. */
const unknown = (change?: (config: RepoConfig) => void) => ({ config: configWith(change), known: false });
const withLabel = (name: string) => {
  const payload = labeled();
  if (payload.label) payload.label.name = name;
  return payload;
};

describe("requestFromLabel with the repository's configuration known", () => {
  it("plans when the default plan label is added, with the issue as the event shows it", () => {
    const decision = requestFromLabel(labeled(), "delivery-1", known());
    expect(decision).toMatchObject({
      kind: "plan",
      request: {
        deliveryId: "delivery-1",
        issue: { title: "Let members export their invoices as CSV", labels: ["needs-plan"], comments: 0 },
        trigger: { kind: "label", actor: "Codertocat", label: "needs-plan" },
      },
    });
  });

  it("matches the configured plan label whatever its case", () => {
    const decision = requestFromLabel(
      labeled(),
      "d",
      known((config) => (config.labels.trigger = "Needs-Plan")),
    );
    expect(decision).toMatchObject({ kind: "plan", request: { trigger: { label: "needs-plan" } } });
  });

  it("ignores another label, naming it", () => {
    expect(requestFromLabel(withLabel("bug"), "d", known())).toEqual({
      kind: "ignore",
      reason: 'label "bug" is not the plan label',
    });
  });

  it("ignores the plan label when the configuration turns label triggers off", () => {
    expect(
      requestFromLabel(
        labeled(),
        "d",
        known((config) => (config.triggers.label = false)),
      ),
    ).toEqual({
      kind: "ignore",
      reason: "label triggers are turned off in the configuration",
    });
  });

  it("ignores the plan label on an issue that also has an excluded label", () => {
    expect(
      requestFromLabel(
        labeled(),
        "d",
        known((config) => (config.labels.exclude = ["Needs-Plan"])),
      ),
    ).toEqual({
      kind: "ignore",
      reason: "the issue has the excluded label needs-plan",
    });
  });
});

describe("requestFromLabel with the repository's configuration unknown", () => {
  it("queues another label, since only the job can tell a renamed plan label from any other", () => {
    expect(requestFromLabel(withLabel("bug"), "d", unknown())).toMatchObject({
      kind: "plan",
      request: { trigger: { kind: "label", actor: "Codertocat", label: "bug" }, configProblems: [] },
    });
  });

  it("queues the label even where the defaults would refuse it, carrying the defaults for the job", () => {
    const read = unknown((config) => {
      config.triggers.label = false;
      config.labels.exclude = ["needs-plan"];
    });
    expect(requestFromLabel(labeled(), "d", read)).toMatchObject({
      kind: "plan",
      request: { config: read.config, trigger: { kind: "label", label: "needs-plan" } },
    });
  });
});

describe("requestFromLabel payload checks", () => {
  it("ignores an event without a label, whether the configuration is known or not", () => {
    const payload = labeled();
    delete (payload as { label?: unknown }).label;
    for (const read of [known(), unknown()]) {
      expect(requestFromLabel(payload, "d", read)).toEqual({
        kind: "ignore",
        reason: "the event names no label",
      });
    }
  });

  it("ignores an event whose label has an empty name", () => {
    expect(requestFromLabel(withLabel(""), "d", unknown())).toEqual({
      kind: "ignore",
      reason: "the event names no label",
    });
  });

  it("ignores the plan label added by a bot, whether the configuration is known or not", () => {
    const payload = labeled();
    payload.sender = { ...payload.sender, login: "github-actions[bot]", type: "Bot" };
    for (const read of [known(), unknown()]) {
      expect(requestFromLabel(payload, "d", read)).toEqual({
        kind: "ignore",
        reason: "sender github-actions[bot] is a bot",
      });
    }
  });
});
