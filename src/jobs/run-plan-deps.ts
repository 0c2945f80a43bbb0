// What a plan job needs from its process: clients, shared stores and limits, and the operator's settings.
import type { Logger } from "pino";
import type { ProbotOctokit } from "probot";
import type { ConfigHints } from "../config/config-hints.js";
import type { AppEnv } from "../config/env.js";
import type { PermissionCache } from "../github/may-trigger.js";
import type { OwnAuthor } from "../github/own-author.js";
import type { LlmLimiter } from "../limits/llm-limiter.js";
import type { PlanQuota } from "../limits/plan-quota.js";
import type { LlmClient } from "../llm/create-llm-client.js";
import type { Metrics } from "../observability/metrics.js";
import type { SettingsEnv } from "../pipeline/plan-settings.js";
import type { SnapshotCache } from "../repo/snapshot-cache.js";
import type { WarmSnapshots } from "../repo/warm-snapshots.js";
import type { IssueRecords } from "./issue-records.js";
import type { ProgressTiming } from "./plan-progress.js";
import type { ReadConfig } from "./read-job-config.js";

/** The operator's settings a job reads: defaults come from the environment's schema, nowhere else. */
type JobEnv = SettingsEnv &
  Pick<
    AppEnv,
    "SNAPSHOT_MAX_BYTES" | "SNAPSHOT_MAX_FILES" | "PLANS_PER_HOUR" | "PLANS_PER_DAY" | "CONFIG_PATH"
  >;

export interface RunPlanDeps {
  getOctokit: (installationId: number) => Promise<ProbotOctokit>;
  /** null when the operator configured no provider: every job then says so on the issue. */
  llm: LlmClient | null;
  log: Logger;
  env: JobEnv;
  snapshotCache: SnapshotCache;
  /** The last commits' readable files and what the context derived from them, for the next plan on them. */
  warmSnapshots?: WarmSnapshots;
  /** Index a downloaded commit's files on a worker thread as the tarball streams (background-index.ts). */
  indexThreads?: boolean;
  quota: PlanQuota;
  records: IssueRecords;
  llmLimiter: LlmLimiter;
  metrics: Metrics;
  /** A stage that ends sooner than this after the last status update gets no update of its own. */
  progress?: ProgressTiming;
  /** Whose comments are the app's own (a bot's unless the CLI posts with a personal token). */
  ownAuthor?: OwnAuthor;
  /** Reads the repository's configuration and head commit; absent, the job plans with the request's. */
  readConfig?: ReadConfig;
  /** Where a configuration read is left for the webhook handler to admit the repository's triggers with. */
  hints?: ConfigHints;
  /** Permission levels looked up lately, shared by the process's jobs. */
  permissions?: PermissionCache;
  /** The app's bot login, read when a job first needs it; used when `ownAuthor` is not given. */
  ownLogin?: () => Promise<string>;
}
