// The GitHub Action's inputs and runner variables -> the app's settings. Pure: reads only the given environment.
import { z } from "zod";

/** The runner passes input `name` as `INPUT_NAME` (upper case, hyphens kept); an unset input is empty. */
function input(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`]?.trim();
  return value ? value : undefined;
}

const runnerSchema = z.object({
  GITHUB_EVENT_NAME: z.string({
    error: "GITHUB_EVENT_NAME is not set: run this inside a GitHub Actions job",
  }),
  GITHUB_EVENT_PATH: z.string({
    error: "GITHUB_EVENT_PATH is not set: run this inside a GitHub Actions job",
  }),
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  GITHUB_RUN_ID: z.string().default("local"),
  GITHUB_RUN_ATTEMPT: z.string().default("1"),
});

export interface ActionSettings {
  token: string;
  eventName: string;
  eventPath: string;
  apiUrl: string;
  /** Identifies this run's trigger in logs and failure notices, as a webhook delivery id does for the app. */
  deliveryId: string;
  /** The environment the app reads (`readEnv`), with the inputs applied. */
  appEnv: NodeJS.ProcessEnv;
}

export class ActionInputError extends Error {
  override name = "ActionInputError";
}

export function readActionSettings(env: NodeJS.ProcessEnv): ActionSettings {
  const runner = runnerSchema.safeParse(env);
  if (!runner.success)
    throw new ActionInputError(runner.error.issues.map((issue) => issue.message).join("; "));
  const token = input(env, "github-token") ?? env.GITHUB_TOKEN;
  if (!token)
    throw new ActionInputError(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression the user copies, not a template.
      "no GitHub token: pass `github-token: ${{ github.token }}` (the default) and give the job `issues: write` and `contents: read` permissions.",
    );
  const apiKey = input(env, "api-key");
  const baseUrl = input(env, "base-url");
  const appEnv: NodeJS.ProcessEnv = {
    ...env,
    // A workflow's own `env:` may set any other setting of the app; inputs win over it.
    ...(apiKey ? { OPENAI_API_KEY: apiKey } : {}),
    ...(baseUrl ? { OPENAI_BASE_URL: baseUrl } : {}),
    ...defined("OPENAI_MODEL", input(env, "model")),
    ...defined("PLAN_LABEL", input(env, "label")),
    ...defined("CONFIG_PATH", input(env, "config-path")),
    ...defined("LLM_OUTPUT_MODE", input(env, "output-mode")),
    // One event per run: nothing to merge with, and no Redis to share a queue through.
    PLAN_SETTLE_MS: "0",
    REDIS_URL: "",
    // A run bills by the minute: retries of passing failures wait at most a minute each.
    JOB_BACKOFF_MAX_MS: env.JOB_BACKOFF_MAX_MS || "60000",
  };
  const { data } = runner;
  return {
    token,
    eventName: data.GITHUB_EVENT_NAME,
    eventPath: data.GITHUB_EVENT_PATH,
    apiUrl: data.GITHUB_API_URL.replace(/\/+$/, ""),
    deliveryId: `actions-run-${data.GITHUB_RUN_ID}-${data.GITHUB_RUN_ATTEMPT}`,
    appEnv,
  };
}

function defined(key: string, value: string | undefined): NodeJS.ProcessEnv {
  return value === undefined ? {} : { [key]: value };
}
