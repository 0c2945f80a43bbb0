import { describe, expect, it } from "vitest";
import { EnvError, readEnv } from "../../src/config/env.js";

describe("readEnv", () => {
  it("fills defaults for unset and empty variables", () => {
    const env = readEnv({ OPENAI_API_KEY: "", PLAN_CONCURRENCY: " " });
    expect(env.OPENAI_API_KEY).toBeUndefined();
    expect(env).toMatchObject({
      OPENAI_MODEL: "gpt-4.1",
      PLAN_CONCURRENCY: 2,
      PLAN_LABEL: "needs-plan",
      REMOVE_LABEL_AFTER_PLAN: true,
    });
  });

  it("parses numbers and flags", () => {
    const env = readEnv({
      PLAN_CONCURRENCY: "5",
      REMOVE_LABEL_AFTER_PLAN: "false",
      OPENAI_BASE_URL: "http://127.0.0.1:11434/v1",
    });
    expect(env.PLAN_CONCURRENCY).toBe(5);
    expect(env.REMOVE_LABEL_AFTER_PLAN).toBe(false);
    expect(env.OPENAI_BASE_URL).toBe("http://127.0.0.1:11434/v1");
  });

  it("names the variable and the problem when a value is bad", () => {
    expect(() => readEnv({ PLAN_CONCURRENCY: "zero" })).toThrow(EnvError);
    expect(() => readEnv({ PLAN_CONCURRENCY: "0" })).toThrow(/PLAN_CONCURRENCY/);
    expect(() => readEnv({ OPENAI_BASE_URL: "localhost:11434" })).toThrow(/OPENAI_BASE_URL/);
    // The settings file must stay inside the repository.
    expect(() => readEnv({ CONFIG_PATH: "../secrets.yml" })).toThrow(/CONFIG_PATH: must be a relative path/);
    expect(() => readEnv({ CONFIG_PATH: "/etc/planner.yml" })).toThrow(/CONFIG_PATH/);
    expect(readEnv({ CONFIG_PATH: ".github/planner.yaml" }).CONFIG_PATH).toBe(".github/planner.yaml");
    expect(() => readEnv({ REMOVE_LABEL_AFTER_PLAN: "maybe" })).toThrow(/REMOVE_LABEL_AFTER_PLAN/);
  });
});
