// The issue-planner command line as commander reads it: the commands, each option with its default, examples and
// exit codes in every `--help`, and commander's own usage errors said in the CLI's one style.
import { Command } from "commander";
import { VERSION } from "../version.js";
import type { CliIo, CommandOutput } from "./cli-io.js";
import { contextCommand } from "./context-command.js";
import { CONTEXT_HELP, LINT_PLAN_HELP, PLAN_HELP, PROGRAM_HELP } from "./help-texts.js";
import { lintPlanCommand } from "./lint-plan-command.js";
import { planCommand } from "./plan-command.js";

/** Receives what a command printed and its exit code. */
export type Finish = (output: CommandOutput) => void;

export function buildProgram(io: CliIo, finish: Finish): Command {
  const program = new Command("issue-planner")
    .description("Implementation plans grounded in a repository: the engine of the issue-planner GitHub App.")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: usageError(io, "") })
    .addHelpText("after", PROGRAM_HELP);
  addContextCommand(program, io, finish);
  addPlanCommand(program, io, finish);
  addLintPlanCommand(program, io, finish);
  return program;
}

function addContextCommand(program: Command, io: CliIo, finish: Finish): void {
  const command = program
    .command("context")
    .description("Print the codebase context the app would send to the model for an issue.")
    .configureOutput({ outputError: usageError(io, "context") });
  issueOptions(command);
  repositoryOptions(command, {
    repo: "the current directory",
    ref: "the working tree, or HEAD in a bare clone",
  });
  excludeOption(command)
    .optionsGroup("The context:")
    .option("--budget <tokens>", "tokens of repository context (default: CONTEXT_BUDGET_TOKENS, or 24000)")
    .option(
      "--model <model>",
      "the model whose tokenizer counts the budget (default: OPENAI_MODEL, or gpt-4.1)",
    )
    .optionsGroup("Output:")
    .option(
      "--json",
      "print { stack, roles, files: [{ path, reason, tokens }], tokens } as JSON (default: off: the context's text)",
    )
    .addHelpText("after", CONTEXT_HELP)
    .action(async (options: unknown) => finish(await contextCommand(options, io.env)));
}

function addPlanCommand(program: Command, io: CliIo, finish: Finish): void {
  const command = program
    .command("plan")
    .description(
      "Write the plan for an issue and print it (Markdown, or the plan model with --json): from a local repository, or for an issue on GitHub (--github), optionally posted there (--post).",
    )
    .configureOutput({ outputError: usageError(io, "plan") });
  issueOptions(command).option(
    "--github <issue>",
    "plan this GitHub issue, given as owner/repo#N or its address, read with GITHUB_TOKEN (default: none: the issue comes from --issue-file or --title)",
  );
  repositoryOptions(command, {
    repo: "the current directory; with --github, the repository on GitHub",
    ref: "the working tree; with --github, the repository's default branch",
  });
  excludeOption(command);
  const setting = (fallback: string) => `(default: with --github the repository's setting, else ${fallback})`;
  command
    .optionsGroup("The model and the plan:")
    .option("--model <model>", `the model to ask ${setting("OPENAI_MODEL, or gpt-4.1")}`)
    .option("--budget <tokens>", `tokens of repository context ${setting("CONTEXT_BUDGET_TOKENS, or 24000")}`)
    .option("--language <language>", `the language of the plan's prose ${setting("English")}`)
    .option("--instructions <text>", `team conventions the plan follows ${setting("none")}`)
    .optionsGroup("Output:")
    .option(
      "--dry-run",
      "print the messages the model would get, with their token counts (both prompts, labelled, when LLM_OUTPUT_MODE=auto leaves the reply format to the provider); call no model (default: off)",
    )
    .option("--json", "print the plan model (with --dry-run, the messages) as JSON (default: off: Markdown)")
    .option(
      "--post",
      "post or update the plan on the --github issue, as the app does (default: off: print it)",
    )
    .addHelpText("after", PLAN_HELP)
    .action(async (options: unknown) =>
      finish(await planCommand(options, { progress: (line) => io.stderr(`${line}\n`), env: io.env })),
    );
}

function addLintPlanCommand(program: Command, io: CliIo, finish: Finish): void {
  const command = program
    .command("lint-plan")
    .description(
      "Check a plan in Markdown against the plan format and a local repository's files and manifests.",
    )
    .argument("<file>", "the plan, in Markdown")
    .configureOutput({ outputError: usageError(io, "lint-plan") });
  repositoryOptions(command, {
    repo: "the current directory",
    ref: "the working tree, or HEAD in a bare clone",
  });
  command
    .optionsGroup("Output:")
    .option(
      "--format <format>",
      "text (file:line:column: lines, for editors and CI), json, or github (workflow annotations) (default: text)",
    )
    .option("--json", "the same as --format json (default: off)")
    .addHelpText("after", LINT_PLAN_HELP)
    .action(async (file: string, options: unknown) => finish(await lintPlanCommand(file, options)));
}

/** --issue-file, --title and --body: the issue to plan for, shared by `context` and `plan`. */
function issueOptions(command: Command): Command {
  return command
    .optionsGroup("The issue:")
    .option(
      "--issue-file <file>",
      "the issue as Markdown: `# Title` on the first line, the body below (default: none: give it or --title)",
    )
    .option("--title <title>", "the issue's title, instead of --issue-file (default: none)")
    .option("--body <body>", "the issue's body, with --title (default: empty)");
}

function repositoryOptions(command: Command, defaults: { repo: string; ref: string }): Command {
  return command
    .optionsGroup("The repository:")
    .option(
      "--repo <dir>",
      `a checkout, a plain folder, or a git directory (bare clones included) (default: ${defaults.repo})`,
    )
    .option("--ref <ref>", `read this commit, branch or tag, through git (default: ${defaults.ref})`);
}

function excludeOption(command: Command): Command {
  return command.option(
    "--exclude <glob>",
    "a gitignore-style pattern of paths never read; repeatable (default: CONTEXT_EXCLUDE's patterns only)",
    // No commander default: help would print it as "(default: [])"; the options' schema defaults to none.
    (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
  );
}

/**
 * Commander's own messages ("error: unknown option '--jsn'", "(Did you mean --json?)" on the next line) in the
 * CLI's style: `issue-planner: <command>: <what went wrong>. <where to look>`.
 */
function usageError(io: CliIo, command: string): (text: string) => void {
  return (text) => {
    const why = text
      .replace(/^error: /, "")
      .replace(/\s*\n\s*/g, " ")
      .trim()
      .replace(/\.$/, "");
    const fix = command
      ? `Run \`issue-planner ${command} --help\` for its options and examples.`
      : "Run `issue-planner --help` for the commands.";
    io.stderr(`issue-planner: ${command ? `${command}: ` : ""}${why}. ${fix}\n`);
  };
}
