// Ticked boxes of a plan, keyed by text rather than number so they survive renumbering on regeneration.

export interface PlanTicks {
  tasks: Set<string>;
  steps: Set<string>;
}

export function emptyTicks(): PlanTicks {
  return { tasks: new Set(), steps: new Set() };
}

/** Same task or step despite case, spacing and trailing punctuation. */
export function normalizeForMatch(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/[\s.:;,!]+$/, "")
    .trim();
}

export function taskKey(title: string): string {
  return normalizeForMatch(title);
}

export function stepKey(taskTitle: string, step: string): string {
  return `${normalizeForMatch(taskTitle)}\n${normalizeForMatch(step)}`;
}
