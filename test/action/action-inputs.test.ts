import { describe, expect, it } from "vitest";
import { ActionInputError, readActionSettings, runnerFiles } from "../../src/action/action-inputs.js";

const runner = { GITHUB_EVENT_NAME: "issues", GITHUB_EVENT_PATH: "/tmp/event.json", GITHUB_RUN_ID: "7" };

describe("readActionSettings", () => {
  it("maps the action's inputs onto the app's settings, inputs winning over the workflow's env", () => {
    const settings = readActionSettings({
      ...runner,
      OPENAI_MODEL: "from-env",
      CONTEXT_BUDGET_TOKENS: "12000",
      "INPUT_GITHUB-TOKEN": "ghs_x",
      "INPUT_API-KEY": " sk-1 ",
      "INPUT_BASE-URL": "https://openrouter.ai/api/v1",
      INPUT_MODEL: "openai/gpt-4.1",
      INPUT_LABEL: "plan-me",
      "INPUT_CONFIG-PATH": ".github/planner.yaml",
      "INPUT_OUTPUT-MODE": "markdown",
    });
    expect(settings).toMatchObject({
      token: "ghs_x",
      eventName: "issues",
      apiUrl: "https://api.github.com",
      deliveryId: "actions-run-7-1",
    });
    expect(settings.appEnv).toMatchObject({
      OPENAI_API_KEY: "sk-1",
      OPENAI_BASE_URL: "https://openrouter.ai/api/v1",
      OPENAI_MODEL: "openai/gpt-4.1",
      PLAN_LABEL: "plan-me",
      CONFIG_PATH: ".github/planner.yaml",
      LLM_OUTPUT_MODE: "markdown",
      CONTEXT_BUDGET_TOKENS: "12000",
      PLAN_SETTLE_MS: "0",
      REDIS_URL: "",
    });
  });

  it("leaves unset inputs to the workflow's env and the app's defaults", () => {
    const settings = readActionSettings({
      ...runner,
      GITHUB_TOKEN: "ghs_env",
      OPENAI_MODEL: "from-env",
      INPUT_MODEL: "",
    });
    expect(settings.token).toBe("ghs_env");
    expect(settings.appEnv.OPENAI_MODEL).toBe("from-env");
    expect(settings.appEnv.OPENAI_API_KEY).toBeUndefined();
  });

  it("names what is missing outside a workflow run", () => {
    expect(() => readActionSettings({ GITHUB_TOKEN: "x" })).toThrow(/GITHUB_EVENT_NAME is not set/);
    expect(() => readActionSettings(runner)).toThrow(ActionInputError);
    expect(() => readActionSettings(runner)).toThrow(/issues: write/);
  });

  it("talks to GitHub Enterprise Server through the runner's API URL", () => {
    const settings = readActionSettings({
      ...runner,
      GITHUB_TOKEN: "t",
      GITHUB_API_URL: "https://ghe.example.com/api/v3/",
    });
    expect(settings.apiUrl).toBe("https://ghe.example.com/api/v3");
  });
});

describe("the Action's own inputs", () => {
  const withToken = { ...runner, GITHUB_TOKEN: "t" };

  it("reads the dispatched issue and the plan settings the inputs give", () => {
    const settings = readActionSettings({
      ...withToken,
      "INPUT_ISSUE-NUMBER": "42",
      INPUT_LANGUAGE: "German",
      INPUT_INSTRUCTIONS: "Use pnpm, never npm.",
    });
    expect(settings.issueNumber).toBe(42);
    expect(settings.planDefaults).toEqual({ language: "German", instructions: "Use pnpm, never npm." });
  });

  it("leaves the plan settings to the repository when the inputs are empty", () => {
    const settings = readActionSettings({ ...withToken, INPUT_LANGUAGE: "", "INPUT_ISSUE-NUMBER": "" });
    expect(settings.planDefaults).toEqual({});
    expect(settings.issueNumber).toBeUndefined();
  });

  it("names every invalid input by its input name, never by the app's environment variable", () => {
    const read = () =>
      readActionSettings({
        ...withToken,
        "INPUT_OUTPUT-MODE": "yaml",
        "INPUT_BASE-URL": "ftp://models.example.com",
        "INPUT_CONFIG-PATH": "/etc/planner.yml",
        "INPUT_ISSUE-NUMBER": "#12",
        INPUT_LANGUAGE: "x",
      });
    expect(read).toThrow(ActionInputError);
    const message = thrownMessage(read);
    for (const name of ["output-mode", "base-url", "config-path", "issue-number", "language"])
      expect(message).toContain(`the \`${name}\` input: `);
    expect(message).toContain('expected one of "auto"|"json"|"markdown"');
    expect(message).toContain("the `issue-number` input: must be an issue number such as 42");
    expect(message).not.toMatch(/LLM_OUTPUT_MODE|OPENAI_BASE_URL|CONFIG_PATH/);
  });

  it("finds the runner's files, and a temporary folder outside a runner", () => {
    expect(
      runnerFiles({ GITHUB_OUTPUT: "/r/out", GITHUB_STEP_SUMMARY: "/r/summary", RUNNER_TEMP: "/r/tmp" }),
    ).toEqual({ output: "/r/out", summary: "/r/summary", temp: "/r/tmp" });
    expect(runnerFiles({}).output).toBeUndefined();
    expect(runnerFiles({}).temp.length).toBeGreaterThan(0);
  });
});

function thrownMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
}
