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
    throw new CliError("give either --issue-file or --title/--body, not both.");
  }
  if (options.issueFile) {
    const text = await readFile(options.issueFile, "utf8").catch(() => {
      throw new CliError(`--issue-file ${options.issueFile}: cannot read the file.`);
    });
    const [first = "", ...rest] = text.replace(/\r\n?/g, "\n").split("\n");
    const title = /^#\s+(.+)$/.exec(first.trim())?.[1]?.trim();
    if (!title)
      throw new CliError(
        `--issue-file ${options.issueFile}: the first line must be the title, as "# Title".`,
      );
    return { title, body: rest.join("\n").trim() };
  }
  if (!options.title) throw new CliError("say which issue: --issue-file FILE, or --title T (with --body B).");
  return { title: options.title, body: options.body ?? "" };
}
