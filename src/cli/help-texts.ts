// What each `--help` shows after the options: the environment it reads, examples, and the exit codes.

const EXIT_CODES = `
Exit codes:
  0  done: the context, the dry run, a clean plan or lint, the plan posted
  1  the plan has findings (lint-plan), or findings stayed open (plan)
  2  bad usage or input: the message names the option, file or variable
  3  not done: the model or GitHub failed or was unreachable, or a crash`;

export const PROGRAM_HELP = `
Run \`issue-planner <command> --help\` for a command's options, their
defaults and examples.

Examples:
  $ issue-planner context --issue-file issue.md
  $ issue-planner plan --issue-file issue.md > plan.md
  $ issue-planner plan --github octo-org/shop#42 --post
  $ issue-planner lint-plan plan.md --format github
${EXIT_CODES}`;

export const CONTEXT_HELP = `
Environment: the app's variables give the defaults (OPENAI_MODEL,
CONTEXT_BUDGET_TOKENS, CONTEXT_EXCLUDE, MAX_FILE_BYTES); a bad value is
named before any work.

Examples:
  $ issue-planner context --issue-file issue.md
  $ issue-planner context --repo ../app --title "Export invoices" --json
  $ issue-planner context --repo ../app.git --ref v2.1 --issue-file issue.md
${EXIT_CODES}`;

export const PLAN_HELP = `
Environment: the model is reached with OPENAI_API_KEY, OPENAI_BASE_URL,
OPENAI_MODEL and the app's LLM_* settings; GitHub with GITHUB_TOKEN (or
GH_TOKEN), and GITHUB_API_URL for GitHub Enterprise Server. Progress lines
and the plan's checks go to stderr, the plan to stdout.

Examples:
  $ issue-planner plan --issue-file issue.md --dry-run
  $ issue-planner plan --repo ../app --issue-file issue.md > plan.md
  $ OPENAI_BASE_URL=http://localhost:11434/v1 issue-planner plan \\
      --title "Export invoices" --model qwen3
  $ GITHUB_TOKEN=$(gh auth token) issue-planner plan --github octo-org/shop#42
  $ issue-planner plan --github https://github.com/octo-org/shop/issues/42 --post
${EXIT_CODES}`;

export const LINT_PLAN_HELP = `
Each finding names its place in the plan file (line and column, 1-based),
its severity, and its rule id:
  plan.md:11:1: warning: A checkbox is already checked. [format/checked-box]
Findings about the whole plan (a missing phase, its length) stand at 1:1.

Examples:
  $ issue-planner lint-plan plan.md
  $ issue-planner lint-plan --repo ../app.git --ref v2.1 plan.md --format json
  $ issue-planner lint-plan docs/plan.md --format github   # in a workflow
${EXIT_CODES}`;
