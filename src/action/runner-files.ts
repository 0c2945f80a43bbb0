// The runner's file protocol: step outputs appended to $GITHUB_OUTPUT, Markdown to $GITHUB_STEP_SUMMARY.
import { randomUUID } from "node:crypto";
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * `name<<DELIMITER`, the value, `DELIMITER`: the runner's form for values of any number of lines. The delimiter
 * is random (as @actions/core makes it) so no value, a plan's text included, can end it early.
 */
export function outputBlock(name: string, value: string): string {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error(`the value of output ${name} contains its delimiter`);
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/** Appends the outputs; nothing happens outside a runner (no $GITHUB_OUTPUT). */
export async function writeOutputs(file: string | undefined, outputs: Record<string, string>): Promise<void> {
  if (!file) return;
  const blocks = Object.entries(outputs).map(([name, value]) => outputBlock(name, value));
  await appendFile(file, blocks.join(""), "utf8");
}

/** Appends Markdown to the job's summary page; nothing happens outside a runner (no $GITHUB_STEP_SUMMARY). */
export async function appendSummary(file: string | undefined, markdown: string): Promise<void> {
  if (!file) return;
  await appendFile(file, `${markdown.trimEnd()}\n`, "utf8");
}

/** Writes a file (and its folder) for a later step to read. */
export async function writeTextFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, "utf8");
}
