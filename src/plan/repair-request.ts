// The message that sends a plan's problems back to the model for a corrected plan.
import type { Finding } from "./plan-findings.js";
import { ASSUMPTION_PREFIX } from "./system-prompt.js";

export function repairRequest(errors: Finding[], format: "json" | "markdown"): string {
  const problems = errors
    .slice(0, 30)
    .map((entry) => `- ${entry.message}${entry.at ? ` (${describe(entry.at)})` : ""}`);
  if (errors.length > 30) problems.push(`- ... and ${errors.length - 30} more of the same kinds.`);
  return [
    "Your plan failed issue-planner's checks against the repository:",
    ...problems,
    "",
    "Correct every problem and reply with the complete corrected plan, in the same output format as before " +
      `(${format === "json" ? "one JSON object matching the schema" : "the exact Markdown shape, nothing else"}). ` +
      "Use only paths from the file tree of [CODEBASE CONTEXT]; for a new file, add a step that creates it " +
      '("Create a new file: `path`."); for a script or package the repository lacks, add the step that adds or installs it; ' +
      `and where the context cannot settle it, write an \`${ASSUMPTION_PREFIX}\` step instead of guessing.`,
  ].join("\n");
}

function describe(at: NonNullable<Finding["at"]>): string {
  const phase = { dataLayer: 1, backend: 2, frontend: 3, testing: 4 }[at.phase];
  return `task ${phase}.${at.task + 1}${at.step >= 0 ? `, step ${at.step + 1}` : ", title"}`;
}
