import { describe, expect, it } from "vitest";
import { readEnv } from "../../src/config/env.js";
import { defaultRepoConfig } from "../../src/config/repo-config.js";
import { contextBudget, planSettings } from "../../src/pipeline/plan-settings.js";

const env = readEnv({ CONTEXT_EXCLUDE: "*.log", MAX_TOKENS_PER_PLAN: "90000" });

describe("planSettings", () => {
  it("takes every default from the environment's schema when nothing else is said", () => {
    expect(planSettings(readEnv({}), undefined)).toEqual({
      model: "gpt-4.1",
      budget: 24_000,
      language: "English",
      teamInstructions: "",
      include: [],
      exclude: [],
      maxFileBytes: 512 * 1024,
      repairRounds: 2,
      maxTokens: 200_000,
    });
  });

  it("lets the repository's configuration override the environment, and a flag override both", () => {
    const config = {
      ...defaultRepoConfig(),
      model: "gpt-4.1-mini",
      context: { budget: 40_000, include: ["docs/ARCHITECTURE.md"], exclude: ["vendor/**"] },
      plan: { ...defaultRepoConfig().plan, language: "German", instructions: "Use the repository pattern." },
    };
    const settings = planSettings(env, config, { language: "French", exclude: ["tmp/**"] });
    expect(settings).toMatchObject({
      model: "gpt-4.1-mini",
      language: "French",
      teamInstructions: "Use the repository pattern.",
      include: ["docs/ARCHITECTURE.md"],
      exclude: ["*.log", "vendor/**", "tmp/**"],
    });
    // 40,000 wanted, but at most a third of the plan's 90,000 tokens.
    expect(settings.budget).toBe(30_000);
  });

  it("lets a repository lower the plan's token limit, never raise it", () => {
    const lower = { ...defaultRepoConfig(), limits: { maxTokensPerPlan: 60_000 } };
    const higher = { ...defaultRepoConfig(), limits: { maxTokensPerPlan: 500_000 } };
    expect(planSettings(env, lower).maxTokens).toBe(60_000);
    expect(planSettings(env, higher).maxTokens).toBe(90_000);
  });
});

describe("contextBudget", () => {
  it("keeps a repository's wish within the operator's maximum", () => {
    const limits = { CONTEXT_BUDGET_TOKENS: 24_000, CONTEXT_BUDGET_MAX: 64_000 };
    expect(contextBudget(limits, undefined)).toBe(24_000);
    expect(contextBudget(limits, 100_000)).toBe(64_000);
    expect(contextBudget(limits, 100_000, 120_000)).toBe(40_000);
  });
});
