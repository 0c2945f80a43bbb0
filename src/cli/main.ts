#!/usr/bin/env node
// The issue-planner CLI: the app's plan engine on a local checkout or git directory.
import { Command, CommanderError } from "commander";
import { VERSION } from "../version.js";
import { CliError, EXIT } from "./cli-error.js";
import { lintPlanCommand } from "./lint-plan-command.js";

export function buildProgram(): Command {
  const program = new Command("issue-planner")
    .description("Implementation plans grounded in a repository: the engine of the issue-planner GitHub App.")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .addHelpText(
      "after",
      "\nExit codes: 0 success, 1 the plan has findings, 2 bad usage or input (the message says what to fix).",
    );

  program
    .command("lint-plan")
    .description(
      "Check a plan in Markdown against the plan format and a local repository's files and manifests.",
    )
    .argument("<file>", "the plan, in Markdown")
    .requiredOption("--repo <dir>", "a checkout, or a git directory (bare clones included)")
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
