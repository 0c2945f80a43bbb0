// Writes a plan as the exact Markdown of the plan specification, deterministically.
import { PHASE_KEYS, PHASE_NAMES, type PhaseKey, type Plan, taskNumber } from "./plan-model.js";
import { emptyTicks, type PlanTicks, stepKey, taskKey } from "./plan-ticks.js";
import { PLAN_HEADING_PREFIX } from "./system-prompt.js";

const TASK_INDENT = "";
const STEP_INDENT = "    ";
// Continuation lines of a multi-line step line up with the step's text ("    -   [ ] " is 12 wide).
const STEP_CONTINUATION = " ".repeat(12);

export function renderPlanMarkdown(plan: Plan, ticks: PlanTicks = emptyTicks()): string {
  const lines = [`${PLAN_HEADING_PREFIX}${oneLine(plan.title)}`, "", oneLine(plan.summary)];
  for (const key of PHASE_KEYS) lines.push("", ...phaseLines(plan, key, ticks));
  return `${lines.join("\n")}\n`;
}

/** One phase as the plan writes it: its heading and its task list. */
export function renderPhaseMarkdown(plan: Plan, key: PhaseKey, ticks: PlanTicks = emptyTicks()): string {
  return `${phaseLines(plan, key, ticks).join("\n")}\n`;
}

/** The heading the plan gives a phase, e.g. `Phase 2: Backend Logic`. */
export function phaseHeading(key: PhaseKey): string {
  return `Phase ${PHASE_KEYS.indexOf(key) + 1}: ${PHASE_NAMES[key]}`;
}

function phaseLines(plan: Plan, key: PhaseKey, ticks: PlanTicks): string[] {
  const lines = [`#### ${phaseHeading(key)}`];
  plan.phases[key].tasks.forEach((task, taskIndex) => {
    if (taskIndex > 0) lines.push("");
    const box = checkbox(ticks.tasks.has(taskKey(task.title)));
    lines.push(`${TASK_INDENT}-   ${box} **${taskNumber(key, taskIndex)}. ${oneLine(task.title)}**`);
    for (const step of task.steps) {
      const [first = "", ...rest] = step.trim().split("\n");
      lines.push(`${STEP_INDENT}-   ${checkbox(ticks.steps.has(stepKey(task.title, step)))} ${first}`);
      for (const line of rest) lines.push(line.trim() === "" ? "" : `${STEP_CONTINUATION}${line}`);
    }
  });
  return lines;
}

function checkbox(ticked: boolean): string {
  return ticked ? "[x]" : "[ ]";
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
