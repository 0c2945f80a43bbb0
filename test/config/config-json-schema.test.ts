import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { configJsonSchema } from "../../src/config/config-json-schema.js";
import { repoConfigSchema } from "../../src/config/repo-config.js";

const committed = new URL("../../schema/issue-planner.schema.json", import.meta.url);

describe("the configuration's JSON Schema", () => {
  it("is the committed schema/issue-planner.schema.json (run `npm run build:schema` after changing the zod schema)", () => {
    expect(JSON.parse(readFileSync(committed, "utf8"))).toEqual(configJsonSchema());
  });

  it("names every key the app accepts, refuses others as the app does, and allows _extends", () => {
    const schema = configJsonSchema() as {
      properties: Record<string, unknown>;
      additionalProperties: boolean;
    };
    expect(Object.keys(schema.properties).sort()).toEqual(
      ["_extends", ...Object.keys(repoConfigSchema.shape)].sort(),
    );
    expect(schema.additionalProperties).toBe(false);
    const plan = schema.properties.plan as { properties: Record<string, { enum?: string[] }> };
    expect(plan.properties.output?.enum).toEqual(["comment", "body", "sub-issues"]);
  });

  it("is referenced the way the README tells teams to enable it", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const line = /^# yaml-language-server: \$schema=(\S+)$/m.exec(readme);
    expect(line?.[1]).toMatch(/schema\/issue-planner\.schema\.json$/);
    // The README's example configuration is valid for the app.
    const example = /```yaml\n(# yaml-language-server[^\n]*\n[\s\S]*?)```/.exec(readme)?.[1] ?? "";
    expect(repoConfigSchema.safeParse(parse(example)).success).toBe(true);
  });
});
