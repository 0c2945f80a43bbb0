import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appendSummary, outputBlock, writeOutputs } from "../../src/action/runner-files.js";

/** Reads a $GITHUB_OUTPUT file as the runner does: `name<<DELIMITER`, lines, `DELIMITER`. */
function readOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const match = /^([\w-]+)<<(.+)$/.exec(lines[index] ?? "");
    if (!match) continue;
    const end = lines.indexOf(match[2] as string, index + 1);
    outputs[match[1] as string] = lines.slice(index + 1, end).join("\n");
    index = end;
  }
  return outputs;
}

describe("the runner's files", () => {
  it("writes outputs of many lines with a delimiter no value holds", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "runner-files-")), "output");
    const plan = "### Plan\n\n- [ ] EOF\nghadelimiter\n";
    await writeOutputs(file, { result: "posted", plan, "comment-id": "" });
    expect(readOutputs(readFileSync(file, "utf8"))).toEqual({ result: "posted", plan, "comment-id": "" });
  });

  it("uses a new delimiter for every value", () => {
    const first = outputBlock("a", "x").split("\n")[0];
    const second = outputBlock("a", "x").split("\n")[0];
    expect(first).not.toBe(second);
  });

  it("appends to the job summary, and writes nothing outside a runner", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "runner-files-")), "summary");
    await appendSummary(file, "## One\n\n");
    await appendSummary(file, "## Two");
    expect(readFileSync(file, "utf8")).toBe("## One\n## Two\n");
    await expect(appendSummary(undefined, "x")).resolves.toBeUndefined();
    await expect(writeOutputs(undefined, { result: "failed" })).resolves.toBeUndefined();
  });
});
