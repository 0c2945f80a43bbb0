// The GitHub Action's inputs and runner variables -> the app's settings. Pure: reads only the given environment.
// Each input is checked with the schema of the setting it sets, so a bad value is reported by its input's name.
import { tmpdir } from "node:os";
import { z } from "zod";
import { envSchema } from "../config/env.js";
import { repoConfigSchema } from "../config/repo-config.js";

/** The runner passes input `name` as `INPUT_NAME` (upper case, hyphens kept); an unset input is empty. */
function input(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`]?.trim();
  return value ? value : undefined;
}

/** Inputs that stand for one of the app's environment settings (a workflow's `env:` may set the others). */
export const SETTING_OF_INPUT = {
  "api-key": "OPENAI_API_KEY",
  "base-url": "OPENAI_BASE_URL",
  model: "OPENAI_MODEL",
  "output-mode": "LLM_OUTPUT_MODE",
  label: "PLAN_LABEL",
  "config-path": "CONFIG_PATH",
} as const satisfies Record<string, keyof typeof envSchema.shape>;

const planSchema = repoConfigSchema.shape.plan.unwrap().shape;
const ISSUE_NUMBER = "must be an issue number such as 42";

/** Inputs of the Action's own: the issue of a manual run, and plan settings under the repository's file. */
const ownInputs = {
  "issue-number": z.coerce
    .number({ error: ISSUE_NUMBER })
    .int({ error: ISSUE_NUMBER })
    .positive({ error: ISSUE_NUMBER }),
  language: planSchema.language,
  instructions: planSchema.instructions,
};

const runnerSchema = z.object({
  GITHUB_EVENT_NAME: z.string({
    error: "GITHUB_EVENT_NAME is not set: run this inside a GitHub Actions job",
  }),
  GITHUB_EVENT_PATH: z.string({
    error: "GITHUB_EVENT_PATH is not set: run this inside a GitHub Actions job",
  }),
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  GITHUB_SERVER_URL: z.url().default("https://github.com"),
  GITHUB_RUN_ID: z.string().default("local"),
  GITHUB_RUN_ATTEMPT: z.string().default("1"),
});

/** Plan settings the inputs give, under what the repository's settings file says (`plan.language`...). */
export interface PlanDefaults {
  language?: string;
  instructions?: string;
}

export interface ActionSettings {
  token: string;
  eventName: string;
  eventPath: string;
  apiUrl: string;
  /** The web address of GitHub (or GitHub Enterprise Server), for links to comments. */
  serverUrl: string;
  /** Identifies this run's trigger in logs and failure notices, as a webhook delivery id does for the app. */
  deliveryId: string;
  /** The environment the app reads (`readEnv`), with the inputs applied. */
  appEnv: NodeJS.ProcessEnv;
  planDefaults: PlanDefaults;
  /** The issue a `workflow_dispatch` run plans (input `issue-number`). */
  issueNumber?: number;
}

/** Where the runner reads step outputs and the job summary (absent outside a runner), and a folder for files. */
export interface RunnerFiles {
  output?: string;
  summary?: string;
  temp: string;
}

/** Read apart from the settings: a run whose settings are wrong still reports `result: failed` through them. */
export function runnerFiles(env: NodeJS.ProcessEnv): RunnerFiles {
  return {
    ...(env.GITHUB_OUTPUT ? { output: env.GITHUB_OUTPUT } : {}),
    ...(env.GITHUB_STEP_SUMMARY ? { summary: env.GITHUB_STEP_SUMMARY } : {}),
    temp: env.RUNNER_TEMP || tmpdir(),
  };
}

export class ActionInputError extends Error {
  override name = "ActionInputError";
}

export function readActionSettings(env: NodeJS.ProcessEnv): ActionSettings {
  const runner = runnerSchema.safeParse(env);
  if (!runner.success)
    throw new ActionInputError(runner.error.issues.map((issue) => issue.message).join("; "));
  const inputs = readInputs(env);
  const { data } = runner;
  return {
    token: readToken(env),
    eventName: data.GITHUB_EVENT_NAME,
    eventPath: data.GITHUB_EVENT_PATH,
    apiUrl: data.GITHUB_API_URL.replace(/\/+$/, ""),
    serverUrl: data.GITHUB_SERVER_URL.replace(/\/+$/, ""),
    deliveryId: `actions-run-${data.GITHUB_RUN_ID}-${data.GITHUB_RUN_ATTEMPT}`,
    appEnv: appEnvOf(env, inputs.settings),
    planDefaults: inputs.planDefaults,
    ...(inputs.issueNumber === undefined ? {} : { issueNumber: inputs.issueNumber }),
  };
}

function readToken(env: NodeJS.ProcessEnv): string {
  const token = input(env, "github-token") ?? env.GITHUB_TOKEN;
  if (token) return token;
  throw new ActionInputError(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression the user copies, not a template.
    "no GitHub token: pass `github-token: ${{ github.token }}` (the default) and give the job `issues: write` and `contents: read` permissions.",
  );
}

interface CheckedInputs {
  /** The app's settings the inputs set, by environment variable. */
  settings: NodeJS.ProcessEnv;
  planDefaults: PlanDefaults;
  issueNumber?: number;
}

/** Every input that is set, checked; all problems reported at once, each by its input's name. */
function readInputs(env: NodeJS.ProcessEnv): CheckedInputs {
  const problems: string[] = [];
  const check = <T>(name: string, schema: z.ZodType<T>): T | undefined => {
    const value = input(env, name);
    if (value === undefined) return undefined;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const messages = parsed.error.issues.map((issue) => issue.message).join(", ");
    problems.push(`the \`${name}\` input: ${messages.charAt(0).toLowerCase()}${messages.slice(1)}`);
    return undefined;
  };
  const settings: NodeJS.ProcessEnv = {};
  for (const [name, setting] of Object.entries(SETTING_OF_INPUT))
    if (check(name, envSchema.shape[setting]) !== undefined) settings[setting] = input(env, name);
  const language = check("language", ownInputs.language);
  const instructions = check("instructions", ownInputs.instructions);
  const issueNumber = check("issue-number", ownInputs["issue-number"]);
  if (problems.length > 0) throw new ActionInputError(`${problems.join("; ")}.`);
  return {
    settings,
    planDefaults: { ...(language ? { language } : {}), ...(instructions ? { instructions } : {}) },
    ...(issueNumber === undefined ? {} : { issueNumber }),
  };
}

function appEnvOf(env: NodeJS.ProcessEnv, settings: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    // A workflow's own `env:` may set any other setting of the app; inputs win over it.
    ...settings,
    // One event per run: nothing to merge with, and no Redis to share a queue through.
    PLAN_SETTLE_MS: "0",
    REDIS_URL: "",
    // A run bills by the minute: retries of passing failures wait at most a minute each.
    JOB_BACKOFF_MAX_MS: env.JOB_BACKOFF_MAX_MS || "60000",
  };
}
