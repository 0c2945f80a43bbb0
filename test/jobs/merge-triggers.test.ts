import { describe, expect, it } from "vitest";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { mergeAll, mergeTriggers } from "../../src/jobs/merge-triggers.js";
import { MAX_OTHER_TRIGGERS, type PlanRequest, planRequestSchema } from "../../src/jobs/plan-request.js";

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

const command = (instructions: string, commentId = 10, actor = "octocat"): PlanRequest["trigger"] => ({
  kind: "command",
  actor,
  commentId,
  action: "plan",
  instructions,
});
const label: PlanRequest["trigger"] = { kind: "label", actor: "hubot", label: "needs-plan" };
const labelBy = (actor: string, name = "needs-plan"): PlanRequest["trigger"] => ({
  kind: "label",
  actor,
  label: name,
});

describe("mergeTriggers", () => {
  it("keeps a /plan command's guidance and delivery when a label comes after it, with the newer issue text", () => {
    const merged = mergeTriggers(
      request(command("use the csv package"), "d-1", "old body"),
      request(label, "d-2", "edited body"),
    );
    expect(merged.trigger).toEqual(command("use the csv package"));
    expect(merged.deliveryId).toBe("d-1");
    expect(merged.issue.body).toBe("edited body");
    expect(merged.otherTriggers).toEqual([label]);
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
      otherTriggers: [{ kind: "opened", actor: "octocat" }],
    });
  });

  it("lets a newer command replace an older one of the same person, keeping only the newer", () => {
    const newer = request(command("actually use streams", 11), "d-2", "b");
    expect(mergeTriggers(request(command("use the csv package"), "d-1", "a"), newer)).toEqual(newer);
  });

  it("lets a command replace a label, keeping the label as the other trigger", () => {
    const afterLabel = request(command("use streams"), "d-2", "b");
    expect(mergeTriggers(request(label, "d-1", "a"), afterLabel)).toEqual({
      ...afterLabel,
      otherTriggers: [label],
    });
  });

  it("takes the newer of two label triggers whole when the same person added the same label", () => {
    const newer = request(label, "d-2", "b");
    const merged = mergeTriggers(request(label, "d-1", "a"), newer);
    expect(merged).toEqual(newer);
    expect(merged).not.toHaveProperty("otherTriggers");
  });

  it("keeps a newer command from another person next to an older command, so the job can fall back on it", () => {
    const older = command("use the csv package", 10, "maintainer");
    const newer = request(command("post my link", 11, "stranger"), "d-2", "b");
    expect(mergeTriggers(request(older, "d-1", "a"), newer)).toEqual({ ...newer, otherTriggers: [older] });
  });
});

describe("mergeTriggers keeps the triggers not chosen", () => {
  it("lists them newest first", () => {
    const merged = mergeAll([
      request(labelBy("ada"), "d-1", "a"),
      request(labelBy("bob"), "d-2", "b"),
      request(labelBy("cy"), "d-3", "c"),
    ]);
    expect(merged?.trigger).toEqual(labelBy("cy"));
    expect(merged?.otherTriggers).toEqual([labelBy("bob"), labelBy("ada")]);
  });

  it("puts the incoming job's other triggers before the pending job's", () => {
    const pending = { ...request(labelBy("ada"), "d-1", "a"), otherTriggers: [labelBy("amy")] };
    const incoming = { ...request(labelBy("bob"), "d-2", "b"), otherTriggers: [labelBy("ben")] };
    expect(mergeTriggers(pending, incoming).otherTriggers).toEqual([
      labelBy("ada"),
      labelBy("ben"),
      labelBy("amy"),
    ]);
  });

  it("keeps the label that came after a command, before the command's own earlier triggers", () => {
    const pending = { ...request(command("use streams"), "d-2", "a"), otherTriggers: [labelBy("ada")] };
    const merged = mergeTriggers(pending, request(labelBy("bob"), "d-3", "b"));
    expect(merged.trigger).toEqual(command("use streams"));
    expect(merged.otherTriggers).toEqual([labelBy("bob"), labelBy("ada")]);
  });

  it("keeps one entry per kind, actor and label, whatever their case, and never the chosen trigger again", () => {
    const merged = mergeAll([
      request(labelBy("ada", "Needs-Plan"), "d-1", "a"),
      request(labelBy("ADA", "needs-plan"), "d-2", "b"),
      request(labelBy("ada", "plan-me"), "d-3", "c"),
      request({ kind: "opened", actor: "ada" }, "d-4", "d"),
      request(labelBy("Ada", "PLAN-ME"), "d-5", "e"),
    ]);
    expect(merged?.trigger).toEqual(labelBy("Ada", "PLAN-ME"));
    expect(merged?.otherTriggers).toEqual([{ kind: "opened", actor: "ada" }, labelBy("ADA", "needs-plan")]);
  });

  it(`keeps at most ${MAX_OTHER_TRIGGERS}, the newest, so the job still passes the queue's schema`, () => {
    const actors = ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"];
    const merged = mergeAll(actors.map((actor, index) => request(labelBy(actor), `d-${index}`, actor)));
    expect(merged?.trigger).toEqual(labelBy("a8"));
    expect(merged?.otherTriggers).toEqual(["a7", "a6", "a5", "a4", "a3"].map((actor) => labelBy(actor)));
    expect(merged?.otherTriggers).toHaveLength(MAX_OTHER_TRIGGERS);
    expect(planRequestSchema.safeParse(merged).success).toBe(true);
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
      otherTriggers: [{ kind: "opened", actor: "octocat" }, label],
    });
  });

  it("gives the one request back as it is, and nothing for no requests", () => {
    const only = request(label, "d-1", "a");
    expect(mergeAll([only])).toBe(only);
    expect(mergeAll([])).toBeUndefined();
  });
});
