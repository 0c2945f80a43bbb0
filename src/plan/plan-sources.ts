// Where each task and step of a parsed plan starts in its Markdown: what `lint-plan` points at.
import type { SourcePoint } from "./plan-findings.js";
import type { PhaseKey, Plan, PlanTask } from "./plan-model.js";

/** Where a task's item and each of its steps start, in the order of the plan model's steps. */
interface TaskSource {
  title?: SourcePoint;
  /** Missing for a step the reader made up (a phase with no tasks). */
  steps: (SourcePoint | undefined)[];
}

/** The sources of each phase's tasks, by their indexes in the plan model. */
export type PlanSources = Record<PhaseKey, TaskSource[]>;

/** Makes tasks and adds their steps, keeping each one's source at the same index as the step. */
export class TaskSources {
  readonly #sources = new Map<PlanTask, TaskSource>();

  newTask(title: string, at: SourcePoint | undefined): PlanTask {
    const task: PlanTask = { title, steps: [] };
    this.#sources.set(task, at ? { title: at, steps: [] } : { steps: [] });
    return task;
  }

  /** Steps are added here only, so each one's source stays at the same index as the step. */
  addStep(task: PlanTask, text: string, at: SourcePoint | undefined): void {
    task.steps.push(text);
    const source = this.#sources.get(task) ?? { steps: [] };
    source.steps.push(at);
    this.#sources.set(task, source);
  }

  of(plan: Plan | null): PlanSources {
    const of = (key: PhaseKey) =>
      (plan?.phases[key].tasks ?? []).map((task) => this.#sources.get(task) ?? { steps: [] });
    return {
      dataLayer: of("dataLayer"),
      backend: of("backend"),
      frontend: of("frontend"),
      testing: of("testing"),
    };
  }
}
