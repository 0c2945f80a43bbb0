// The JSON Schema of `.github/issue-planner.yml`, generated from the zod schema the app validates with, so an
// editor (yaml-language-server) checks and completes the file as the app will read it.
import { z } from "zod";
import { repoConfigSchema } from "./repo-config.js";

export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(repoConfigSchema, { io: "input" }) as Record<string, unknown>;
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  return {
    ...schema,
    title: "issue-planner repository configuration (.github/issue-planner.yml)",
    properties: {
      // Read by Probot's config plugin before validation: settings inherited from another repository's file.
      _extends: {
        type: "string",
        description: "a repository whose file this one extends, e.g. .github or owner/repo:path.yml",
      },
      ...properties,
    },
  };
}
