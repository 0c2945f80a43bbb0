// Mechanical repair of what the model could not fix: a step that relies on a path, script or package the
// repository lacks is turned into an explicit assumption, so the posted plan never claims it exists.
import { pathShape } from "./path-shape.js";
import type { Finding } from "./plan-findings.js";
import { isAssumption, type Plan } from "./plan-model.js";
import type { RepoFacts } from "./repo-facts.js";
import { ASSUMPTION_PREFIX } from "./system-prompt.js";

export interface FixResult {
  plan: Plan;
  /** The findings that were fixed, each with what was done. */
  fixed: { finding: Finding; action: string }[];
}

const INSTALL: Record<RepoFacts["packageManager"], string> = {
  npm: "npm install",
  pnpm: "pnpm add",
  yarn: "yarn add",
  bun: "bun add",
};

export function fixPlan(
  plan: Plan,
  findings: Finding[],
  facts: Pick<RepoFacts, "packageManager">,
): FixResult {
  const fixedPlan: Plan = structuredClone(plan);
  const fixed: FixResult["fixed"] = [];
  // Notes per step, applied once per step whatever the number of findings on it.
  const notes = new Map<string, { at: NonNullable<Finding["at"]>; notes: string[] }>();
  for (const entry of findings) {
    if (!entry.at || entry.severity !== "error" || !entry.rule.startsWith("ground/") || !entry.subject)
      continue;
    const note = noteFor(entry, facts);
    if (note === undefined) continue;
    const key = `${entry.at.phase}|${entry.at.task}|${entry.at.step}`;
    const slot = notes.get(key) ?? { at: entry.at, notes: [] };
    if (!slot.notes.includes(note)) slot.notes.push(note);
    notes.set(key, slot);
    fixed.push({
      finding: entry,
      action: entry.at.step < 0 ? "an assumption was added to the task" : "the step is now an assumption",
    });
  }
  // Insert title notes last and from the end so step indexes stay valid while editing.
  const ordered = [...notes.values()].sort((a, b) => b.at.step - a.at.step);
  for (const { at, notes: stepNotes } of ordered) {
    const task = fixedPlan.phases[at.phase].tasks[at.task];
    if (!task) continue;
    const note = stepNotes.join(" ");
    if (at.step < 0) {
      task.steps.unshift(`${ASSUMPTION_PREFIX} ${note}`);
      continue;
    }
    const step = task.steps[at.step];
    if (step === undefined) continue;
    task.steps[at.step] = isAssumption(step) ? `${step} (${note})` : `${ASSUMPTION_PREFIX} ${step} (${note})`;
  }
  return { plan: fixedPlan, fixed };
}

/** What the developer should do about the finding, or undefined when no mechanical note fits it. */
function noteFor(entry: Finding, facts: Pick<RepoFacts, "packageManager">): string | undefined {
  const subject = entry.subject ?? "";
  switch (entry.rule) {
    case "ground/path-missing":
      return pathNote(subject);
    case "ground/script-missing":
      return `the repository defines no \`${subject}\` script or target: add it or use the project's equivalent.`;
    case "ground/package-missing":
      return `\`${subject}\` is not a dependency yet: install it with \`${INSTALL[facts.packageManager]} ${subject}\`.`;
    default:
      return undefined;
  }
}

/** A file's note only for a path: a folder (`src/lib/`) gets its own, and what is no path (a CSS class) none. */
function pathNote(subject: string): string | undefined {
  if (!pathShape(subject)) return undefined;
  // Without a trailing slash, `src/lib/invoices` may well be a module written without its extension.
  if (subject.endsWith("/"))
    return `\`${subject}\` is not a folder of the repository: find the right folder or create it first.`;
  return `\`${subject}\` is not in the repository: find the right file or create it first.`;
}
