// Ticked boxes of a plan, keyed by text rather than number so they survive renumbering on regeneration.

export interface PlanTicks {
  tasks: Set<string>;
  steps: Set<string>;
}

export function emptyTicks(): PlanTicks {
  return { tasks: new Set(), steps: new Set() };
}

/**
 * Same task or step despite case, spacing and trailing punctuation, and despite what the sanitiser added to the
 * posted copy (backslash escapes, `&#x3C;`, zero-width spaces): ticks are read back from the posted plan and
 * matched against the model's new text.
 */
function normalizeForMatch(text: string): string {
  return text
    .replace(/\\([!-/:-@[-`{-~])/g, "$1")
    .replace(/&#x([\da-f]{1,5});/gi, (_ref, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replaceAll("\u200B", "")
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
