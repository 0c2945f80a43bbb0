// Command-line options checked at the edge: each problem becomes one `<what>: <why>. <fix>` line of a CliError.
import { z } from "zod";
import { CliError } from "./cli-error.js";

export function parseOptions<Schema extends z.ZodType>(schema: Schema, raw: unknown): z.output<Schema> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new CliError(parsed.error.issues.map((issue) => issue.message).join("\n"));
}

/** A text option that needs a value (commander passes `--repo ""` through as an empty string). */
export function textOption(option: string, fix: string) {
  const message = `${option}: no value given. ${fix}`;
  return z.string({ error: message }).min(1, message);
}

/** `--budget`: tokens of repository context, a whole number of at least 1000 (commander passes the text). */
export const budgetOption = z.union([z.string(), z.number()]).transform((value, context) => {
  const tokens = typeof value === "string" && value.trim() === "" ? Number.NaN : Number(value);
  const problem = Number.isNaN(tokens)
    ? "not a number"
    : !Number.isInteger(tokens)
      ? "not a whole number"
      : tokens < 1_000
        ? "below 1000 tokens"
        : undefined;
  if (problem === undefined) return tokens;
  context.addIssue({
    code: "custom",
    message: `--budget ${value === "" ? `""` : value}: ${problem}. ${BUDGET_FIX}`,
  });
  return z.NEVER;
});

const BUDGET_FIX =
  "Give the tokens of repository context as a whole number of at least 1000, e.g. --budget 24000.";

export const repoFix = "Give a checkout or a git directory, or drop --repo to read the current directory.";
