import { describe, expect, it } from "vitest";
import { dryRunOutput, dryRunPrompts } from "../../src/cli/dry-run.js";
import type { PlanInput } from "../../src/plan/build-plan-messages.js";

const input: PlanInput = {
  issue: { number: 0, title: "Export invoices as CSV", body: "A button on /invoices." },
  instructions: "",
  codebaseContext: "## Tech stack\n- Next.js 14",
};

describe("dryRunPrompts", () => {
  it("gives the one prompt a fixed output mode sends", () => {
    expect(dryRunPrompts(input, "gpt-4.1", "json").map((prompt) => prompt.format)).toEqual(["json"]);
    expect(dryRunPrompts(input, "gpt-4.1", "markdown").map((prompt) => prompt.format)).toEqual(["markdown"]);
  });

  it("gives both in auto mode, the JSON one first, each with its own system message and token counts", () => {
    const [json, markdown] = dryRunPrompts(input, "gpt-4.1", "auto");
    expect(json?.sentWhen).toMatch(/^first/);
    expect(markdown?.sentWhen).toMatch(/refuses structured output/);
    expect(json?.messages[0]?.content).not.toBe(markdown?.messages[0]?.content);
    expect(json?.messages[1]?.content).toContain("Export invoices as CSV");
    for (const prompt of [json, markdown])
      expect(prompt?.totalTokens).toBe(prompt?.messages.reduce((sum, message) => sum + message.tokens, 0));
  });
});

describe("dryRunOutput", () => {
  it("labels each prompt and prints a message the second prompt repeats only once", () => {
    const prompts = dryRunPrompts(input, "gpt-4.1", "auto");
    const { stdout } = dryRunOutput(prompts, "gpt-4.1", false);
    // Each distinct message is printed once; one the second prompt repeats is named instead.
    const contents = new Set(prompts.flatMap((prompt) => prompt.messages.map((message) => message.content)));
    for (const content of contents) expect(stdout.split(content).length - 1).toBe(1);
    const repeated = prompts[1]?.messages.filter(
      (message, index) => message.content === prompts[0]?.messages[index]?.content,
    );
    expect(stdout.split("(the same as the ").length - 1).toBe(repeated?.length);
    expect(stdout.match(/^##### prompt \d of 2: /gm)).toHaveLength(2);
  });

  it("prints every message in full as JSON", () => {
    const prompts = dryRunPrompts(input, "gpt-4.1", "auto");
    const report = JSON.parse(dryRunOutput(prompts, "gpt-4.1", true).stdout) as {
      model: string;
      prompts: unknown[];
    };
    expect(report).toEqual({ model: "gpt-4.1", prompts });
  });
});
