// The one way from a repository and an issue to a checked plan, shared by the app's job, the CLI and the
// benchmarks: the codebase context within the budget, the model's input, then the written and checked plan.
import type { Logger } from "pino";
import { type BuiltContext, buildContext } from "../context/build-context.js";
import type { LlmClient } from "../llm/create-llm-client.js";
import type { PlanInput } from "../plan/build-plan-messages.js";
import { issueKind, type PlanProfile, repositoryTraits } from "../plan/plan-profile.js";
import type { RepoFacts } from "../plan/repo-facts.js";
import type { SafeSnapshot } from "../repo/safe-snapshot.js";
import { loadRepoFacts } from "./load-repo-facts.js";
import type { PlanSettings } from "./plan-settings.js";
import { type WrittenPlan, writePlan } from "./write-plan.js";

export interface DraftSource {
  /** The repository's files, as the model may see them (secrets, ignored paths and binaries held back). */
  files: SafeSnapshot;
  /** `number` 0 for an issue outside GitHub; its labels say its kind where they can. */
  issue: { number: number; title: string; body: string | null; labels?: string[] };
  /** Guidance from a `/plan` command or the CLI; empty when none. */
  instructions: string;
  /** `/plan refine`: the plan now posted and the feedback to apply to it. */
  refine?: { currentPlan: string; feedback: string };
  /** How the context names the repository and commit (absent for a working tree). */
  repository?: string;
  /** False for a repository read file by file (the trees API): only the packed files are read. */
  indexContents: boolean;
  /** Manifests read for scripts and dependencies at most, when each read is a request. */
  manifestRequests?: number;
}

export interface PreparedDraft {
  context: BuiltContext;
  /** What the model is given (`buildPlanMessages` turns it into the messages). */
  input: PlanInput;
  facts: RepoFacts;
}

export interface Draft extends PreparedDraft {
  written: WrittenPlan;
}

export interface DraftModel {
  llm: LlmClient;
  log: Logger;
  /** Called before each repair round. */
  onRepair?: () => Promise<void>;
}

/** The context and the model's input: all but the model call (the CLI's --dry-run stops here). */
export async function prepareDraft(source: DraftSource, settings: PlanSettings): Promise<PreparedDraft> {
  const [context, facts] = await Promise.all([
    buildContext(
      source.files,
      { ...source.issue, instructions: source.instructions },
      {
        budget: settings.budget,
        model: settings.model,
        include: settings.include,
        indexContents: source.indexContents,
        ...(source.repository ? { repository: source.repository } : {}),
      },
    ),
    loadRepoFacts(source.files, source.manifestRequests),
  ]);
  const traits = repositoryTraits(context.stack, context.roles, context.paths);
  const profile: PlanProfile = {
    ...traits,
    repository: settings.repositoryKind ?? traits.repository,
    issue: issueKind(source.issue),
  };
  const input: PlanInput = {
    issue: { number: source.issue.number, title: source.issue.title, body: source.issue.body },
    profile,
    instructions: source.instructions,
    codebaseContext: context.text,
    language: settings.language,
    teamInstructions: settings.teamInstructions,
    // `refine` carries the feedback itself: no separate guidance.
    ...(source.refine ? { refine: source.refine, instructions: "" } : {}),
  };
  return { context, input, facts };
}

/** The checked plan written from a prepared draft. */
export async function writeDraft(
  prepared: PreparedDraft,
  settings: PlanSettings,
  model: DraftModel,
): Promise<Draft> {
  const written = await writePlan({
    llm: { ...model.llm, model: settings.model },
    input: prepared.input,
    facts: prepared.facts,
    repairRounds: settings.repairRounds,
    maxTokens: settings.maxTokens,
    ...(model.onRepair ? { onRepair: model.onRepair } : {}),
    log: model.log,
  });
  return { ...prepared, written };
}
