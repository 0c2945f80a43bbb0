import { describe, expect, it } from "vitest";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { mergeAll, mergeTriggers } from "../../src/jobs/merge-triggers.js";
import type { PlanRequest } from "../../src/jobs/plan-request.js";

function request(trigger: PlanRequest["trigger"], deliveryId: string, body: string): PlanRequest {
  return {
    owner: "Codertocat",
    repo: "Hello-World",
    issueNumber: 1,
    installationId: 2,
    defaultBranch: "main",
    issue: { title: "Export invoices", body, labels: ["needs-plan"] },
    deliveryId,
    trigger,
    config: defaultRepoConfig(),
    configProblems: [],
  };
}

const command = (instructions: string, commentId = 10): PlanRequest["trigger"] => ({
  kind: "command",
  actor: "octocat",
  commentId,
  action: "plan",
  instructions,
});
const label: PlanRequest["trigger"] = { kind: "label", actor: "hubot", label: "needs-plan" };

describe("mergeTriggers", () => {
  it("keeps a /plan command's guidance and delivery when a label comes after it, with the newer issue text", () => {
    const merged = mergeTriggers(
      request(command("use the csv package"), "d-1", "old body"),
      request(label, "d-2", "edited body"),
    );
    expect(merged.trigger).toEqual(command("use the csv package"));
    expect(merged.deliveryId).toBe("d-1");
    expect(merged.issue.body).toBe("edited body");
  });

  it("keeps the command over an issue-opened trigger too", () => {
    const merged = mergeTriggers(
      request(command("keep it small"), "d-1", "a"),
      request({ kind: "opened", actor: "octocat" }, "d-2", "b"),
    );
    expect(merged).toMatchObject({
      trigger: command("keep it small"),
      deliveryId: "d-1",
      issue: { body: "b" },
    });
  });

  it("lets a newer command replace an older one, and a command replace a label", () => {
    const newer = request(command("actually use streams", 11), "d-2", "b");
    expect(mergeTriggers(request(command("use the csv package"), "d-1", "a"), newer)).toBe(newer);
    const afterLabel = request(command("use streams"), "d-2", "b");
    expect(mergeTriggers(request(label, "d-1", "a"), afterLabel)).toBe(afterLabel);
  });

  it("takes the newer of two label triggers whole", () => {
    const newer = request(label, "d-2", "b");
    expect(mergeTriggers(request(label, "d-1", "a"), newer)).toBe(newer);
  });
});

describe("mergeAll", () => {
  it("merges triggers in arrival order into one job", () => {
    const merged = mergeAll([
      request(label, "d-1", "first"),
      request(command("use the csv package"), "d-2", "second"),
      request(label, "d-3", "third"),
      request({ kind: "opened", actor: "octocat" }, "d-4", "fourth"),
    ]);
    expect(merged).toMatchObject({
      trigger: command("use the csv package"),
      deliveryId: "d-2",
      issue: { body: "fourth" },
    });
  });

  it("gives the one request back as it is, and nothing for no requests", () => {
    const only = request(label, "d-1", "a");
    expect(mergeAll([only])).toBe(only);
    expect(mergeAll([])).toBeUndefined();
  });
});
