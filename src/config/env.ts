// Reads the operator's environment into typed settings; a bad value names the variable and the expected form.
import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const envSchema = z.object({
  /** API key of the OpenAI-compatible provider; optional only when OPENAI_BASE_URL points at a server that needs none. */
  OPENAI_API_KEY: z.string().min(1).optional(),
  /** Base URL of any OpenAI-compatible server (Azure, Ollama, vLLM...); the OpenAI API when unset. */
  OPENAI_BASE_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://127.0.0.1:11434/v1" })
    .optional(),
  /** Azure OpenAI's deployments API only: the `api-version` (the v1 API at `/openai/v1` needs none). */
  OPENAI_API_VERSION: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, { error: "must be an api-version such as 2024-10-21" })
    .optional(),
  /** Model name sent with every request (for Azure OpenAI, the deployment name). */
  OPENAI_MODEL: z.string().min(1).default("gpt-4.1"),
  /** Time allowed for one LLM request, in milliseconds. */
  LLM_TIMEOUT_MS: positiveInt(180_000),
  /** Retries of one LLM request on 408/409/429/5xx and network errors, honouring retry-after. */
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  /** `json`: structured output by JSON schema; `markdown`: plain Markdown replies; `auto`: JSON, falling back to Markdown when the provider refuses it. */
  LLM_OUTPUT_MODE: z.enum(["auto", "json", "markdown"]).default("auto"),
  /** Rounds in which the model is asked to correct a plan that failed its checks (0 to 2). */
  PLAN_REPAIR_ROUNDS: z.coerce.number().int().min(0).max(2).default(2),
  /** Where a repository keeps its settings (the owner's `.github` repository is read at the same path as a fallback). */
  CONFIG_PATH: z
    .string()
    .regex(/^(?!\/)(?!.*\.\.)[\w./-]+\.ya?ml$/, {
      error: "must be a relative path to a .yml or .yaml file, such as .github/issue-planner.yml",
    })
    .default(".github/issue-planner.yml"),
  /** Settings repositories may not override in their configuration file, comma-separated (e.g. `model,context.budget`). */
  CONFIG_FORBIDDEN_KEYS: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((key) => key.trim())
        .filter(Boolean),
    )
    .default([]),
  /** The largest `context.budget` a repository may ask for. */
  CONTEXT_BUDGET_MAX: positiveInt(64_000),
  /** Tokens of repository context sent with each plan (counted with the model family's tokenizer). */
  CONTEXT_BUDGET_TOKENS: z.coerce.number().int().min(2_000).max(400_000).default(24_000),
  /**
   * Whether a downloaded commit's term index is built on a worker thread as the tarball streams (faster, the more
   * so the larger the repository and the more cores; the thread reads the texts in shared memory, but holds its own
   * index's parts while it runs).
   */
  INDEX_THREAD: booleanFlag.default(true),
  /** gitignore-style patterns, comma-separated, for paths the context never reads. */
  CONTEXT_EXCLUDE: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((pattern) => pattern.trim())
        .filter(Boolean),
    )
    .default([]),
  /** Where extracted repository snapshots are cached, one folder per commit (default: the system's temp folder). */
  SNAPSHOT_CACHE_DIR: z.string().min(1).optional(),
  /** Size cap of the snapshot cache; least recently used commits are removed above it. */
  SNAPSHOT_CACHE_MAX_BYTES: positiveInt(2 * 1024 ** 3),
  /** Above this many bytes of files, or SNAPSHOT_MAX_FILES files, a repository is read through the trees API instead of a tarball. */
  SNAPSHOT_MAX_BYTES: positiveInt(1024 ** 3),
  SNAPSHOT_MAX_FILES: positiveInt(100_000),
  /** Files above this size are listed but never read. */
  MAX_FILE_BYTES: positiveInt(512 * 1024),
  /** Plans one installation may start per hour and per day; repositories may set lower limits. */
  PLANS_PER_HOUR: positiveInt(30),
  PLANS_PER_DAY: positiveInt(200),
  /** Tokens (prompt + answer, all repair rounds) one plan may use; repair rounds stop before passing it. */
  MAX_TOKENS_PER_PLAN: positiveInt(200_000),
  /** Plans generated at the same time by this process. */
  PLAN_CONCURRENCY: positiveInt(2),
  /** Triggers for one issue arriving within this many milliseconds (a label and a `/plan`) make one plan. */
  PLAN_SETTLE_MS: z.coerce.number().int().min(0).max(60_000).default(1_500),
  /** The label that asks for a plan, unless a repository's configuration names another. */
  PLAN_LABEL: z.string().min(1).max(50).default("needs-plan"),
  /** Remove the trigger label once the plan is posted, unless a repository's configuration says otherwise. */
  REMOVE_LABEL_AFTER_PLAN: booleanFlag.default(true),
  /** How long a shutdown waits for queued and running plans before exiting. */
  SHUTDOWN_TIMEOUT_MS: positiveInt(120_000),
  /** Redis for the durable job queue, shared limits and Probot's throttling; without it jobs run in-process. */
  REDIS_URL: z
    .url({
      protocol: /^rediss?$/,
      error: "must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379",
    })
    .optional(),
  /** With REDIS_URL: whether `npm start` also runs a worker (false for webhook-only servers). */
  WORKER: booleanFlag.default(true),
  /** Name of the job queue in Redis (several deployments can share one Redis under different names). */
  QUEUE_NAME: z
    .string()
    .regex(/^[\w-]+$/, "letters, digits, - and _ only")
    .default("issue-planner"),
  /** Port of a worker-only process's /health and /metrics routes. */
  WORKER_PORT: positiveInt(3001),
  /**
   * The longest a worker that stopped answering keeps what it holds in Redis (its job, the issue, its model
   * slots) before another worker takes the job over.
   */
  JOB_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
  /**
   * Deliveries a starting webhook server sends itself once it listens, before /health says it is ready, into a
   * queue of their own, so that V8 has compiled the webhook path when GitHub's first burst arrives
   * (src/webhooks/warm-up.ts); 0: none.
   */
  WEBHOOK_WARM_UP: z.coerce.number().int().min(0).max(20_000).default(2_000),
  /** Serve /metrics on this port (on HOST) instead of the webhook port or WORKER_PORT. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  /** When set, /metrics answers only requests with `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  /** Attempts of a plan job that fails for a passing reason (GitHub 5xx or rate limits, LLM 429/5xx/timeouts). */
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** First retry delay; doubled each attempt (with jitter) up to JOB_BACKOFF_MAX_MS, or longer when retry-after says so. */
  JOB_BACKOFF_MS: positiveInt(10_000),
  JOB_BACKOFF_MAX_MS: positiveInt(600_000),
  /** LLM requests running at once, across all workers, and per installation. */
  LLM_CONCURRENCY: positiveInt(8),
  LLM_CONCURRENCY_PER_INSTALLATION: positiveInt(2),
  /** LLM requests started per minute, across all workers, and per installation. */
  LLM_REQUESTS_PER_MINUTE: positiveInt(120),
  LLM_REQUESTS_PER_MINUTE_PER_INSTALLATION: positiveInt(30),
});

export type AppEnv = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses the environment; unset and empty variables take their defaults. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): AppEnv {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape)
      .map((key) => [key, source[key]?.trim()])
      .filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment: ${problems.join("; ")}`);
  }
  return result.data;
}
