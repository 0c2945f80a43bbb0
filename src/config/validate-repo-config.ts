// Validates a repository's configuration against the schema and the server's policy, turning every problem into
// a sentence that names the key, what is wrong, and the form it expects. Keys come from the repository's file,
// so each is quoted as a code span no key can break out of (the notice is posted on the issue).

import { z } from "zod";
import { codeSpan } from "../markdown-literal.js";
import type { AppEnv } from "./env.js";
import { type RepoConfig, repoConfigSchema } from "./repo-config.js";

export interface ServerPolicy {
  /** Keys a repository may not set (dot paths such as `model` or `context.budget`). */
  forbidden: string[];
  /** The largest context budget a repository may ask for. */
  maxBudget: number;
  /** The repository's settings file (`.github/issue-planner.yml` unless the operator chose another). */
  configPath?: string;
  /** The operator's defaults, under what the repository sets. */
  defaults?: { labels?: { trigger?: string; removeTrigger?: boolean } };
}

/** The operator's policy, from the environment. */
export function serverPolicy(
  env: Pick<
    AppEnv,
    "CONFIG_FORBIDDEN_KEYS" | "CONFIG_PATH" | "CONTEXT_BUDGET_MAX" | "PLAN_LABEL" | "REMOVE_LABEL_AFTER_PLAN"
  >,
): ServerPolicy {
  return {
    forbidden: env.CONFIG_FORBIDDEN_KEYS,
    configPath: env.CONFIG_PATH,
    maxBudget: env.CONTEXT_BUDGET_MAX,
    defaults: { labels: { trigger: env.PLAN_LABEL, removeTrigger: env.REMOVE_LABEL_AFTER_PLAN } },
  };
}

export type ConfigResult = { ok: true; config: RepoConfig } | { ok: false; problems: string[] };

export function validateRepoConfig(raw: unknown, policy: ServerPolicy): ConfigResult {
  const input = raw ?? {};
  const problems: string[] = [];
  const result = repoConfigSchema.safeParse(withDefaults(input, policy.defaults ?? {}));
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          const path = [...issue.path.map(String), key].join(".");
          problems.push(
            `${codeSpan(path)} is not a setting of issue-planner (known here: ${knownKeys(issue.path.map(String))}).`,
          );
        }
        continue;
      }
      const path = issue.path.map(String).join(".") || "(the file)";
      const expected = expectedForm(issue.path.map(String));
      // The expected form says it better than a list of raw options.
      const what =
        issue.code === "invalid_value" && expected
          ? "not an allowed value"
          : issue.message.replace(/^Invalid input: /, "");
      problems.push(`${codeSpan(path)}: ${what}${expected ? `; expected ${expected}` : ""}.`);
    }
    return { ok: false, problems };
  }
  for (const key of policy.forbidden) {
    if (hasPath(input, key))
      problems.push(
        `\`${key}\` is set by the app's operator and cannot be changed by a repository; remove it.`,
      );
  }
  const budget = result.data.context.budget;
  if (budget !== undefined && budget > policy.maxBudget) {
    problems.push(
      `\`context.budget\`: ${budget} is above this server's ceiling; expected at most ${policy.maxBudget}.`,
    );
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: result.data };
}

function hasPath(value: unknown, path: string): boolean {
  let current: unknown = value;
  for (const key of path.split(".")) {
    if (!current || typeof current !== "object" || !(key in current)) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return true;
}

/** The schema at a path, with defaults and optionals unwrapped. */
function schemaAt(path: string[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = repoConfigSchema;
  for (const key of path) {
    const object = unwrap(current);
    if (!(object instanceof z.ZodObject)) return undefined;
    current = (object.shape as Record<string, z.ZodType | undefined>)[key];
    if (!current) return undefined;
  }
  return current;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (
    current instanceof z.ZodDefault ||
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable
  )
    current = current.unwrap() as z.ZodType;
  return current;
}

function expectedForm(path: string[]): string | undefined {
  const schema = schemaAt(path);
  return schema?.description ?? unwrap(schema)?.description;
}

function knownKeys(path: string[]): string {
  const object = unwrap(schemaAt(path));
  return object instanceof z.ZodObject ? Object.keys(object.shape).join(", ") : "";
}

/** The repository's values over the operator's defaults (plain objects merged key by key). */
function withDefaults(value: unknown, defaults: unknown): unknown {
  if (!isPlainObject(value) || !isPlainObject(defaults)) return value === undefined ? defaults : value;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, inner] of Object.entries(value))
    merged[key] = key in defaults ? withDefaults(inner, defaults[key]) : inner;
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The configuration used when a repository's file is broken: the operator's defaults. */
export function fallbackConfig(policy: ServerPolicy): RepoConfig {
  return repoConfigSchema.parse(withDefaults({}, policy.defaults ?? {}));
}
