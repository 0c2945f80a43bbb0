// The issue a CLI command plans for: a Markdown file (`# Title` on the first line, the body after it) or
// --title/--body.
import { readFile } from "node:fs/promises";
import { CliError } from "./cli-error.js";

export interface IssueInput {
  title: string;
  body: string;
}

export async function readIssueInput(options: {
  issueFile?: string;
  title?: string;
  body?: string;
}): Promise<IssueInput> {
  if (options.issueFile && (options.title || options.body)) {
    throw new CliError(
      "--issue-file and --title/--body: both given, and the issue comes from one. Drop --issue-file, or drop --title and --body.",
    );
  }
  if (options.issueFile) return readIssueFile(options.issueFile);
  if (!options.title)
    throw new CliError(
      "no issue given: the command works on an issue's title and body. Give --issue-file FILE (Markdown, `# Title` on its first line), or --title T (with --body B).",
    );
  return { title: options.title, body: options.body ?? "" };
}

async function readIssueFile(file: string): Promise<IssueInput> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `--issue-file ${file}: cannot read it (${error.code ?? error.message}). Check the path.`,
    );
  });
  const [first = "", ...rest] = text.replace(/\r\n?/g, "\n").split("\n");
  const title = /^#\s+(.+)$/.exec(first.trim())?.[1]?.trim();
  if (!title)
    throw new CliError(
      `--issue-file ${file}: its first line is not a title. Start the file with the issue's title as "# Title".`,
    );
  return { title, body: rest.join("\n").trim() };
}
