import { describe, expect, it } from "vitest";
import { actionPolicy } from "../../src/action/action-config.js";
import { readEnv } from "../../src/config/env.js";
import { validateRepoConfig } from "../../src/config/validate-repo-config.js";

const env = readEnv({});

function planOf(file: unknown, inputs: { language?: string; instructions?: string }) {
  const result = validateRepoConfig(file, actionPolicy(env, inputs));
  if (!result.ok) throw new Error(result.problems.join("; "));
  return result.config.plan;
}

describe("the Action's plan settings under the repository's file", () => {
  it("plans in the inputs' language with their instructions when the repository sets neither", () => {
    expect(planOf(undefined, { language: "German", instructions: "Use pnpm." })).toEqual({
      language: "German",
      instructions: "Use pnpm.",
      output: "comment",
    });
    expect(planOf({ plan: { output: "body" } }, { language: "German" })).toMatchObject({
      language: "German",
      output: "body",
    });
  });

  it("lets the repository's file win for each key it sets", () => {
    expect(
      planOf({ plan: { language: "French" } }, { language: "German", instructions: "Use pnpm." }),
    ).toMatchObject({ language: "French", instructions: "Use pnpm." });
  });

  it("keeps the app's defaults without the inputs", () => {
    expect(planOf(undefined, {})).toEqual({ language: "English", instructions: "", output: "comment" });
  });
});
