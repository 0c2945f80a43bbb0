// The answer to `/plan help` (and to a mistyped subcommand): usage and this repository's current settings. Labels,
// logins, the model and the mistyped word come from the repository or a commenter: each is a code span no value
// can break out of, or defused text.
import { CONFIG_PATH, type RepoConfig } from "../config/repo-config.js";
import { codeSpan } from "../markdown-literal.js";
import { HELP_MARKER } from "../plan/comment-markers.js";
import { inlineText } from "../plan/sanitize-markdown.js";

export function renderHelpComment(
  config: RepoConfig,
  model: string,
  budget: number,
  unknown?: string,
  configPath = CONFIG_PATH,
): string {
  const trigger = config.labels.trigger;
  const lines = [
    HELP_MARKER,
    unknown
      ? `${codeSpan(`/plan ${unknown}`)} is not a command of issue-planner. Here is what it understands:`
      : "**issue-planner** commands:",
    "",
    "| Command | What it does |",
    "| --- | --- |",
    "| `/plan` | Writes the implementation plan, or rewrites it in place (ticked boxes are kept). |",
    "| `/plan <guidance>` | The same, with your guidance for this plan (the rest of the comment). |",
    "| `/plan refine <feedback>` | Changes the current plan as your feedback says, keeping what still applies. |",
    "| `/plan help` | This help. |",
    "",
    `Adding the ${codeSpan(trigger)} label also asks for a plan. Editing the issue does not update the plan by itself.`,
    "",
    `<details><summary>This repository's settings (from \`${configPath}\` and the app's defaults)</summary>`,
    "",
    `- Trigger label: ${codeSpan(trigger)}${config.labels.removeTrigger ? " (removed once the plan is posted)" : ""}; planned label: ${config.labels.planned ? codeSpan(config.labels.planned) : "none"}`,
    `- Triggers: label ${onOff(config.triggers.label)}, \`/plan\` ${onOff(config.triggers.command)}, new issues ${onOff(config.triggers.issueOpened)}`,
    `- Who may ask: ${config.permissions.minimum} permission or above${config.permissions.users.length ? `, and ${config.permissions.users.map((user) => codeSpan(user)).join(", ")}` : ""}${config.permissions.associations.length ? `, and ${config.permissions.associations.join(", ")}` : ""}`,
    `- Excluded labels: ${config.labels.exclude.length ? config.labels.exclude.map((label) => codeSpan(label)).join(", ") : "none"}`,
    `- Model: ${codeSpan(model)}; repository context: ${budget} tokens; plan language: ${inlineText(config.plan.language)}`,
    `- Plan output: ${OUTPUT_DESCRIPTIONS[config.plan.output]}`,
    `- Kind of repository: ${config.plan.repositoryKind ? `${config.plan.repositoryKind} (set by \`plan.repositoryKind\`)` : "detected at each plan from the stack and the folders (each plan's footer names it; `plan.repositoryKind` sets it)"}; kind of issue (feature, bug, refactor or chore, documentation): from its labels, then its title and text`,
    "",
    "</details>",
  ];
  return lines.join("\n");
}

const OUTPUT_DESCRIPTIONS: Record<RepoConfig["plan"]["output"], string> = {
  comment: "a comment of its own",
  body: "a section at the end of the issue body",
  "sub-issues": "a comment, and one sub-issue per phase",
};

function onOff(value: boolean): string {
  return value ? "on" : "off";
}
