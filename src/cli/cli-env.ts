// The environment a CLI command runs with, checked by the app's own schema: the same defaults as the app, and a
// bad value named as a usage error before any work.
import { type AppEnv, EnvError, readEnv } from "../config/env.js";
import { CliError } from "./cli-error.js";

export function cliEnv(env: NodeJS.ProcessEnv): AppEnv {
  try {
    return readEnv(env);
  } catch (error) {
    throw error instanceof EnvError ? new CliError(error.message) : error;
  }
}
