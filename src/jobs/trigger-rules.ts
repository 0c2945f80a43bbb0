// Whether a repository's configuration lets a trigger ask for a plan of an issue: one rule set, used by the webhook
// handler with the last configuration it knows of and by the job with the configuration at the commit it plans.
import type { RepoConfig } from "../config/repo-config.js";
import type { Trigger } from "./plan-request.js";

/** Why the configuration refuses this trigger for an issue with these labels; undefined when it allows it. */
export function configRefusal(
  trigger: Trigger,
  issueLabels: readonly string[],
  config: RepoConfig,
): string | undefined {
  // A CLI plan is asked for by name, by whoever holds the token: exclusions are for the automatic triggers.
  if (trigger.kind === "cli") return undefined;
  const refusal = triggerRefusal(trigger, config);
  if (refusal) return refusal;
  const excluded = excludingLabels(issueLabels, config);
  return excluded.length > 0 ? `the issue has the excluded label ${excluded.join(", ")}` : undefined;
}

function triggerRefusal(trigger: Trigger, config: RepoConfig): string | undefined {
  switch (trigger.kind) {
    case "label":
      if (trigger.label.toLowerCase() !== config.labels.trigger.toLowerCase())
        return `label "${trigger.label}" is not the plan label`;
      return config.triggers.label ? undefined : "label triggers are turned off in the configuration";
    case "command":
      return config.triggers.command ? undefined : "/plan commands are turned off in the configuration";
    case "opened":
      return config.triggers.issueOpened ? undefined : "automatic plans for new issues are off";
    default:
      return undefined;
  }
}

/** The configured labels that keep an issue from being planned, among the issue's labels. */
export function excludingLabels(labels: readonly string[], config: RepoConfig): string[] {
  const excluded = new Set(config.labels.exclude.map((name) => name.toLowerCase()));
  return labels.filter((name) => excluded.has(name.toLowerCase()));
}

/**
 * Who must be allowed to ask: the person who added the label or wrote the command. Automatic plans (cost limits
 * bound them) and the CLI (its token's owner) ask nobody.
 */
export function askingUser(trigger: Trigger): { login: string; association?: string } | undefined {
  if (trigger.kind === "label") return { login: trigger.actor };
  if (trigger.kind === "command")
    return { login: trigger.actor, ...(trigger.association ? { association: trigger.association } : {}) };
  return undefined;
}
