// The typed plan: what the model produces (as JSON or as Markdown parsed back) and what the renderer writes.
import { z } from "zod";
import { ASSUMPTION_PREFIX } from "./system-prompt.js";

export const PHASE_KEYS = ["dataLayer", "backend", "frontend", "testing"] as const;
export type PhaseKey = (typeof PHASE_KEYS)[number];

export const PHASE_NAMES: Record<PhaseKey, string> = {
  dataLayer: "Data Layer & Schema",
  backend: "Backend Logic",
  frontend: "Frontend Implementation",
  testing: "Testing and Validation",
};

export const taskSchema = z.object({
  title: z.string().min(1).describe("High-level task name, without its number, e.g. 'Add the export route'."),
  steps: z
    .array(z.string().min(1))
    .min(1)
    .describe(
      `Atomic actions in order, each one sentence of inline Markdown (code spans for paths, names and commands). A step that states an assumption starts with '${ASSUMPTION_PREFIX}'.`,
    ),
});

export const phaseSchema = z.object({
  tasks: z
    .array(taskSchema)
    .min(1)
    .describe(
      "Tasks of this phase, in order; one task saying no change is needed (and why) when there is none.",
    ),
});

export const planSchema = z.object({
  title: z.string().min(1).describe("Feature title, without the 'Implementation Plan:' prefix."),
  summary: z
    .string()
    .min(1)
    .describe("One sentence: what the feature does and how it serves the user story."),
  phases: z.object({
    dataLayer: phaseSchema.describe(PHASE_NAMES.dataLayer),
    backend: phaseSchema.describe(PHASE_NAMES.backend),
    frontend: phaseSchema.describe(PHASE_NAMES.frontend),
    testing: phaseSchema.describe(PHASE_NAMES.testing),
  }),
});

export type Plan = z.infer<typeof planSchema>;
export type PlanTask = z.infer<typeof taskSchema>;

/** Every `ASSUMPTION:` step of the plan, in order. */
export function planAssumptions(plan: Plan): string[] {
  return PHASE_KEYS.flatMap((key) =>
    plan.phases[key].tasks.flatMap((task) => task.steps.filter((step) => isAssumption(step))),
  );
}

export function isAssumption(step: string): boolean {
  return step.trimStart().toUpperCase().startsWith(ASSUMPTION_PREFIX);
}

/** Task number as the spec writes it: phase position and task position, e.g. `2.3`. */
export function taskNumber(phase: PhaseKey, index: number): string {
  return `${PHASE_KEYS.indexOf(phase) + 1}.${index + 1}`;
}
