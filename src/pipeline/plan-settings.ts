// What shapes one plan, settled in one place: the operator's environment gives the defaults, the repository's
// configuration overrides them within the operator's limits, and a CLI flag overrides both.
import type { AppEnv } from "../config/env.js";
import type { RepoConfig } from "../config/repo-config.js";
import type { RepositoryKind } from "../plan/plan-profile.js";

export interface PlanSettings {
  model: string;
  /** Tokens of repository context. */
  budget: number;
  language: string;
  /** The team's conventions, appended to the model's instructions. */
  teamInstructions: string;
  /** Files always given to the model. */
  include: string[];
  /** gitignore-style patterns of paths never read. */
  exclude: string[];
  /** Larger files are listed but never read. */
  maxFileBytes: number;
  repairRounds: number;
  /** Tokens one plan may use, repair rounds included. */
  maxTokens: number;
  /** The repository's kind as its configuration states it (detected when absent). */
  repositoryKind?: RepositoryKind;
}

export type SettingsEnv = Pick<
  AppEnv,
  | "OPENAI_MODEL"
  | "CONTEXT_BUDGET_TOKENS"
  | "CONTEXT_BUDGET_MAX"
  | "CONTEXT_EXCLUDE"
  | "MAX_FILE_BYTES"
  | "PLAN_REPAIR_ROUNDS"
  | "MAX_TOKENS_PER_PLAN"
>;

export type SettingsOverrides = Partial<
  Pick<PlanSettings, "model" | "budget" | "language" | "teamInstructions" | "maxTokens">
> & { exclude?: string[] };

/** The settings of one plan; `config` absent where no repository configuration applies (a local checkout). */
export function planSettings(
  env: SettingsEnv,
  config: RepoConfig | undefined,
  overrides: SettingsOverrides = {},
): PlanSettings {
  // A repository may lower the operator's token limit, never raise it.
  const maxTokens =
    overrides.maxTokens ??
    Math.min(env.MAX_TOKENS_PER_PLAN, config?.limits.maxTokensPerPlan ?? Number.POSITIVE_INFINITY);
  return {
    model: overrides.model ?? config?.model ?? env.OPENAI_MODEL,
    budget: overrides.budget ?? contextBudget(env, config?.context.budget, maxTokens),
    language: overrides.language ?? config?.plan.language ?? "English",
    teamInstructions: overrides.teamInstructions ?? config?.plan.instructions ?? "",
    include: config?.context.include ?? [],
    exclude: [...env.CONTEXT_EXCLUDE, ...(config?.context.exclude ?? []), ...(overrides.exclude ?? [])],
    maxFileBytes: env.MAX_FILE_BYTES,
    repairRounds: env.PLAN_REPAIR_ROUNDS,
    maxTokens,
    ...(config?.plan.repositoryKind ? { repositoryKind: config.plan.repositoryKind } : {}),
  };
}

/**
 * Tokens of context: the repository's wish or the operator's default, never past the operator's maximum, and
 * (when a plan's token limit is given) at most a third of it, leaving room for the answer and a repair round.
 */
export function contextBudget(
  env: Pick<AppEnv, "CONTEXT_BUDGET_TOKENS" | "CONTEXT_BUDGET_MAX">,
  configured: number | undefined,
  maxTokensPerPlan?: number,
): number {
  const wanted = Math.min(configured ?? env.CONTEXT_BUDGET_TOKENS, env.CONTEXT_BUDGET_MAX);
  return maxTokensPerPlan === undefined ? wanted : Math.min(wanted, Math.floor(maxTokensPerPlan / 3));
}
