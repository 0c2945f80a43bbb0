import { describe, expect, it } from "vitest";
import { defaultRepoConfig, type RepoConfig } from "../../src/config/repo-config.js";
import type { Trigger } from "../../src/jobs/plan-request.js";
import { askingUser, configRefusal, excludingLabels } from "../../src/jobs/trigger-rules.js";

const configWith = (change: (config: RepoConfig) => void = () => undefined) => {
  const config = defaultRepoConfig();
  change(config);
  return config;
};
const label = (name = "needs-plan"): Trigger => ({ kind: "label", actor: "octocat", label: name });
const command: Trigger = {
  kind: "command",
  actor: "octocat",
  association: "CONTRIBUTOR",
  commentId: 7,
  action: "plan",
  instructions: "",
};
const opened: Trigger = { kind: "opened", actor: "octocat" };
const cli: Trigger = { kind: "cli", actor: "octocat" };

describe("configRefusal for a label", () => {
  it("allows the configured plan label whatever its case", () => {
    expect(configRefusal(label("Needs-Plan"), [], configWith())).toBeUndefined();
    const renamed = configWith((config) => (config.labels.trigger = "Plan-Me"));
    expect(configRefusal(label("plan-me"), [], renamed)).toBeUndefined();
  });

  it("refuses another label, naming it", () => {
    expect(configRefusal(label("bug"), [], configWith())).toBe('label "bug" is not the plan label');
  });

  it("refuses the plan label when label triggers are turned off", () => {
    expect(
      configRefusal(
        label(),
        [],
        configWith((config) => (config.triggers.label = false)),
      ),
    ).toBe("label triggers are turned off in the configuration");
  });

  it("gives the label's own refusal before an exclusion", () => {
    const config = configWith((config) => (config.labels.exclude = ["wip"]));
    expect(configRefusal(label("bug"), ["wip"], config)).toBe('label "bug" is not the plan label');
  });
});

describe("configRefusal for a /plan command", () => {
  it("allows a command by default", () => {
    expect(configRefusal(command, ["bug"], configWith())).toBeUndefined();
  });

  it("refuses a command when commands are turned off", () => {
    expect(
      configRefusal(
        command,
        [],
        configWith((config) => (config.triggers.command = false)),
      ),
    ).toBe("/plan commands are turned off in the configuration");
  });
});

describe("configRefusal for a new issue", () => {
  it("refuses a new issue by default, automatic plans being off", () => {
    expect(configRefusal(opened, [], configWith())).toBe("automatic plans for new issues are off");
  });

  it("allows a new issue where automatic plans are on", () => {
    expect(
      configRefusal(
        opened,
        [],
        configWith((config) => (config.triggers.issueOpened = true)),
      ),
    ).toBeUndefined();
  });
});

describe("configRefusal and excluded labels", () => {
  it("refuses every automatic trigger on an issue with an excluded label, naming the labels as the issue spells them", () => {
    const config = configWith((config) => {
      config.labels.exclude = ["WIP", "blocked"];
      config.triggers.issueOpened = true;
    });
    const reason = "the issue has the excluded label wip, Blocked";
    expect(configRefusal(label(), ["needs-plan", "wip", "Blocked"], config)).toBe(reason);
    expect(configRefusal(command, ["wip", "Blocked"], config)).toBe(reason);
    expect(configRefusal(opened, ["wip", "Blocked"], config)).toBe(reason);
  });

  it("lets a CLI plan through whatever the configuration says: exclusions and switches are for automatic triggers", () => {
    const config = configWith((config) => {
      config.labels.exclude = ["wip"];
      config.triggers.label = false;
      config.triggers.command = false;
      config.triggers.issueOpened = false;
    });
    expect(configRefusal(cli, ["wip"], config)).toBeUndefined();
  });
});

describe("excludingLabels", () => {
  it("finds the excluded labels among the issue's, whatever their case", () => {
    const config = configWith((config) => (config.labels.exclude = ["WontFix", "blocked"]));
    expect(excludingLabels(["bug", "wontfix", "Blocked"], config)).toEqual(["wontfix", "Blocked"]);
    expect(excludingLabels(["bug"], config)).toEqual([]);
  });

  it("finds nothing when nothing is excluded", () => {
    expect(excludingLabels(["bug", "wip"], configWith())).toEqual([]);
  });
});

describe("askingUser", () => {
  it("asks the person who added the label", () => {
    expect(askingUser(label())).toEqual({ login: "octocat" });
  });

  it("asks the command's author, with the association the webhook gave", () => {
    expect(askingUser(command)).toEqual({ login: "octocat", association: "CONTRIBUTOR" });
  });

  it("leaves the association out when the command carries none", () => {
    const { association: _, ...withoutAssociation } = command as Extract<Trigger, { kind: "command" }>;
    expect(askingUser(withoutAssociation)).toEqual({ login: "octocat" });
  });

  it("asks nobody for automatic plans and CLI plans", () => {
    expect(askingUser(opened)).toBeUndefined();
    expect(askingUser(cli)).toBeUndefined();
  });
});
