// Loads `.env` from the working directory the way Probot's run() does (file values win), so the app's own
// variables are read from the same place as Probot's before the server starts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

export function loadDotenv(path = join(process.cwd(), ".env")): void {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  Object.assign(process.env, parseEnv(text));
}
