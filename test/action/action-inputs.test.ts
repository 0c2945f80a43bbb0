import { describe, expect, it } from "vitest";
import { ActionInputError, readActionSettings } from "../../src/action/action-inputs.js";

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
