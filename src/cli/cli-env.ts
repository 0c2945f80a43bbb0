// The environment a CLI command runs with, checked by the app's own schema: the same defaults as the app, and a
// bad value named as a usage error before any work.
import { type AppEnv, EnvError, envSchema, readEnv } from "../config/env.js";
import { CliError, EXIT } from "./cli-error.js";

export function cliEnv(env: NodeJS.ProcessEnv): AppEnv {
  try {
    return readEnv(env);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    const problems = variableProblems(env);
    const message = problems.length > 0 ? problems.join("\n") : `${error.message}. ${FIX}`;
    throw new CliError(message, EXIT.usage, { cause: error });
  }
}

const FIX = "Fix the variable, or unset it for the app's default (README, Configuration).";

/** One line per bad variable, naming it but never echoing its value (a token may be among them). */
function variableProblems(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(envSchema.shape).flatMap(([name, schema]) => {
    const value = env[name]?.trim();
    if (!value) return [];
    const parsed = schema.safeParse(value);
    if (parsed.success) return [];
    const why = parsed.error.issues[0]?.message ?? "invalid";
    return [`${name}: ${why.charAt(0).toLowerCase()}${why.slice(1)}. ${FIX}`];
  });
}
