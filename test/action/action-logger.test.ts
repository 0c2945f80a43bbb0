import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createActionLogger, renderLogLine } from "../../src/action/action-logger.js";

function logged(env: NodeJS.ProcessEnv, write: (log: ReturnType<typeof createActionLogger>) => void): string {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  write(createActionLogger(env, out));
  return chunks.join("");
}

describe("the Action's log", () => {
  it("writes one line per record, naming the issue", () => {
    const text = logged({}, (log) =>
      log.info({ repo: "octo/app", issue: 7, outcome: "queued" }, "plan job queued"),
    );
    expect(text).toBe("plan job queued (octo/app#7)\n");
  });

  it("keeps an event's payload out and puts the stack trace in a debug line", () => {
    const error = Object.assign(new Error("Not Found"), {
      event: { payload: { issue: { body: "SECRET-BODY" }, sender: { login: "octocat" } } },
    });
    const text = logged({}, (log) => log.error({ err: error, event: { id: "x" } }, "plan failed"));
    expect(text).not.toContain("SECRET-BODY");
    expect(text).not.toContain("octocat");
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe("Error: plan failed");
    expect(lines[1]).toMatch(/^::debug::plan failed: Error: Not Found%0A {4}at /);
    expect(lines).toHaveLength(2);
  });

  it("prints no stack trace for an error the user can fix", () => {
    const error = Object.assign(new Error("check the key"), { userMessage: "check the key" });
    expect(logged({ RUNNER_DEBUG: "1" }, (log) => log.error({ err: error }, "plan failed"))).toBe(
      "Error: plan failed\n",
    );
  });

  it("says why a job was refused or retried, and leaves a failure's reason to the run's error line", () => {
    expect(renderLogLine(JSON.stringify({ level: 40, msg: "retrying", reason: "GitHub 502" }))).toBe(
      "Warning: retrying: GitHub 502\n",
    );
    expect(renderLogLine(JSON.stringify({ level: 50, msg: "plan failed", reason: "the key" }))).toBe(
      "Error: plan failed\n",
    );
  });

  it("shows debug records only with the run's debug logging, as debug lines", () => {
    expect(logged({}, (log) => log.debug("Webhook received"))).toBe("");
    expect(logged({ RUNNER_DEBUG: "1" }, (log) => log.debug({ event: { x: 1 } }, "Webhook received"))).toBe(
      "::debug::Webhook received\n",
    );
  });
});
