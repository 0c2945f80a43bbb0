// `npm start` and `npm run worker` build the app first, but only when a source or a build setting changed since
// the last build: restarting after an edit of .env should not wait for the compiler.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const stamp = join(root, "dist", ".build-stamp");
const inputs = ["src", "tsconfig.json", "tsconfig.build.json", "package.json"];

function newestMtime(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestMtime(join(path, name))),
    stats.mtimeMs,
  );
}

const force = process.argv.includes("--force");
const newestInput = Math.max(...inputs.map((input) => newestMtime(join(root, input))));
const current =
  existsSync(stamp) && existsSync(join(root, "dist", "main.js")) && statSync(stamp).mtimeMs >= newestInput;
if (current && !force) {
  console.log("dist/ is current with src/: no build needed");
} else {
  execFileSync(
    process.execPath,
    [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
