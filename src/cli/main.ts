#!/usr/bin/env node
// The issue-planner CLI: the app's plan engine on a local checkout or git directory.
import { Command, CommanderError } from "commander";
import { VERSION } from "../version.js";
import { CliError, EXIT } from "./cli-error.js";
import { contextCommand } from "./context-command.js";
import { lintPlanCommand } from "./lint-plan-command.js";
import { planCommand } from "./plan-command.js";

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The repository, the issue and the context settings, shared by `context` and `plan`. */
function withIssueContextOptions(command: Command, modelHelp: string): Command {
  return command
    .option(
      "--repo <dir>",
      "a checkout, or a git directory (bare clones included); default: the current directory",
    )
    .option("--ref <ref>", "read this commit, branch or tag (through git) instead of the working tree")
    .option("--issue-file <file>", "the issue as Markdown: `# Title` on the first line, the body below")
    .option("--title <title>", "the issue's title (instead of --issue-file)")
    .option("--body <body>", "the issue's body (with --title)")
    .option("--budget <tokens>", "tokens of repository context (default: 24000)")
    .option("--model <model>", `${modelHelp} (default: OPENAI_MODEL, or gpt-4.1)`)
    .option("--exclude <glob>", "a gitignore-style pattern of paths never read (repeatable)", collect, []);
}

export function buildProgram(): Command {
  const program = new Command("issue-planner")
    .description("Implementation plans grounded in a repository: the engine of the issue-planner GitHub App.")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .addHelpText(
      "after",
      "\nExit codes: 0 success, 1 the plan has findings, 2 bad usage or input (the message says what to fix), 3 the plan could not be written (the reason is printed).",
    );

  withIssueContextOptions(
    program
      .command("context")
      .description("Print the codebase context the app would send to the model for an issue."),
    "the model whose tokenizer counts the budget",
  )
    .option("--json", "print { stack, roles, files: [{ path, reason, tokens }], tokens } as JSON", false)
    .action(async (options: unknown) => {
      const { stdout, exitCode } = await contextCommand(options);
      process.stdout.write(stdout);
      process.exitCode = exitCode;
    });

  withIssueContextOptions(
    program
      .command("plan")
      .description(
        "Write the plan for an issue and print it (Markdown, or the plan model with --json): from a local repository, or for an issue on GitHub (--github), optionally posted there (--post).",
      ),
    "the model to ask",
  )
    .option(
      "--github <owner/repo#N or issue URL>",
      "plan this GitHub issue, read with GITHUB_TOKEN (the code too, unless --repo is given; at --ref if given)",
    )
    .option("--post", "post or update the plan on the issue as the app does (with --github)", false)
    .option(
      "--language <language>",
      "language of the plan's prose (default: the repository's setting, or English)",
    )
    .option("--instructions <text>", "team conventions to follow (default: the repository's setting)")
    .option(
      "--dry-run",
      "print the messages that would be sent to the model, with their token counts, and call no model",
      false,
    )
    .option("--json", "print the plan model (or, with --dry-run, the messages) as JSON", false)
    .addHelpText(
      "after",
      "\nThe model is reached with OPENAI_API_KEY, OPENAI_BASE_URL and the other LLM_* settings of the app; GitHub with GITHUB_TOKEN (GITHUB_API_URL for GitHub Enterprise Server). Progress goes to stderr.",
    )
    .action(async (options: unknown) => {
      const { stdout, stderr, exitCode } = await planCommand(options, {
        progress: (line) => process.stderr.write(`${line}\n`),
        env: process.env,
      });
      process.stdout.write(stdout);
      if (stderr) process.stderr.write(stderr);
      process.exitCode = exitCode;
    });

  program
    .command("lint-plan")
    .description(
      "Check a plan in Markdown against the plan format and a local repository's files and manifests.",
    )
    .argument("<file>", "the plan, in Markdown")
    .option(
      "--repo <dir>",
      "a checkout, or a git directory (bare clones included); default: the current directory",
    )
    .option(
      "--ref <ref>",
      "check against this commit, branch or tag (read through git) instead of the working tree",
    )
    .option("--json", "print the findings as JSON, each with its rule id", false)
    .action(async (file: string, options: unknown) => {
      const { stdout, exitCode } = await lintPlanCommand(file, options);
      process.stdout.write(stdout);
      process.exitCode = exitCode;
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return Number(process.exitCode ?? EXIT.ok);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; a missing or unknown option exits 2 with commander's message already printed.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`issue-planner: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `issue-planner: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 3;
  },
);
