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

/**
 * Builds the plan schema. `checked` adds the length limits enforced on every plan; without them the schema is
 * the one sent as a structured-output format (strict JSON-schema modes reject minLength/minItems).
 */
function makePlanSchema(checked: boolean) {
  const text = checked ? z.string().min(1) : z.string();
  const list = <T extends z.ZodType>(item: T) => (checked ? z.array(item).min(1) : z.array(item));
  const task = z.object({
    title: text.describe("High-level task name, without its number, e.g. 'Add the export route'."),
    steps: list(text).describe(
      `Atomic actions in order, each one sentence of inline Markdown (code spans for paths, names and commands). A step that states an assumption starts with '${ASSUMPTION_PREFIX}'.`,
    ),
  });
  const phase = z.object({
    tasks: list(task).describe(
      "Tasks of this phase, in order; one task saying no change is needed (and why) when there is none.",
    ),
  });
  return z.object({
    title: text.describe("Feature title, without the 'Implementation Plan:' prefix."),
    summary: text.describe("One sentence: what the feature does and how it serves the user story."),
    phases: z.object({
      dataLayer: phase.describe(PHASE_NAMES.dataLayer),
      backend: phase.describe(PHASE_NAMES.backend),
      frontend: phase.describe(PHASE_NAMES.frontend),
      testing: phase.describe(PHASE_NAMES.testing),
    }),
  });
}

export const planSchema = makePlanSchema(true);
/** The same shape without length limits, for providers' structured-output modes. */
export const planResponseSchema = makePlanSchema(false);

export type Plan = z.infer<typeof planSchema>;
export type PlanTask = Plan["phases"]["dataLayer"]["tasks"][number];

export function isAssumption(step: string): boolean {
  return step.trimStart().toUpperCase().startsWith(ASSUMPTION_PREFIX);
}

/** Task number as the spec writes it: phase position and task position, e.g. `2.3`. */
export function taskNumber(phase: PhaseKey, index: number): string {
  return `${PHASE_KEYS.indexOf(phase) + 1}.${index + 1}`;
}
