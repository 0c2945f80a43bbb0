// Writes a plan as the exact Markdown of the plan specification, deterministically.
import { PHASE_KEYS, PHASE_NAMES, type Plan, taskNumber } from "./plan-model.js";
import { emptyTicks, type PlanTicks, stepKey, taskKey } from "./plan-ticks.js";
import { PLAN_HEADING_PREFIX } from "./system-prompt.js";

const TASK_INDENT = "";
const STEP_INDENT = "    ";
// Continuation lines of a multi-line step line up with the step's text ("    -   [ ] " is 12 wide).
const STEP_CONTINUATION = " ".repeat(12);

export function renderPlanMarkdown(plan: Plan, ticks: PlanTicks = emptyTicks()): string {
  const lines = [`${PLAN_HEADING_PREFIX}${oneLine(plan.title)}`, "", oneLine(plan.summary)];
  PHASE_KEYS.forEach((key, phaseIndex) => {
    lines.push("", `#### Phase ${phaseIndex + 1}: ${PHASE_NAMES[key]}`);
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
  });
  return `${lines.join("\n")}\n`;
}

function checkbox(ticked: boolean): string {
  return ticked ? "[x]" : "[ ]";
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
