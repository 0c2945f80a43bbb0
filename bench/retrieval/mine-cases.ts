// Mines benchmark cases from a git repository's history: squash-merged commits whose message references an
// issue and that change 1-10 non-test source files. request = subject + body (without the conventional-commit
// prefix, which names the package), base = parent, gold = the source files changed that exist at the base
// (modified or deleted: a file the commit adds cannot be retrieved). Cases whose text names a gold file are dropped
// (they would test string matching, not retrieval).
//
//   npx tsx bench/retrieval/mine-cases.ts --git-dir /path/to/repo.git --limit 60 > bench/retrieval/cases/NAME.json
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { isGoldSource } from "./gold-source.js";

export interface BenchCase {
  commit: string;
  base: string;
  title: string;
  body: string;
  gold: string[];
}

const { values } = parseArgs({
  options: {
    "git-dir": { type: "string" },
    limit: { type: "string", default: "60" },
    scan: { type: "string", default: "6000" },
  },
});
const gitDir = values["git-dir"];
if (!gitDir) throw new Error("--git-dir is required");
const limit = Number(values.limit);

const log = execFileSync(
  "git",
  [
    "--git-dir",
    gitDir,
    "log",
    "--first-parent",
    "--no-merges",
    "--no-renames",
    "--diff-filter=MD",
    `-n${values.scan}`,
    "--format=%x1e%H%x1f%P%x1f%s%x1f%b%x1f",
    "--name-only",
    "HEAD",
  ],
  { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 },
);

const cases: BenchCase[] = [];
for (const record of log.split("\x1e").slice(1)) {
  const [commit = "", parents = "", subject = "", body = "", names = ""] = record.split("\x1f");
  const pr = /\(#(\d+)\)\s*$/.exec(subject)?.[1];
  if (!pr || parents.trim().split(" ").length !== 1) continue;
  const references = [...body.matchAll(/(?:#|issues\/)(\d+)/g)]
    .map((match) => match[1])
    .filter((number) => number !== pr);
  if (references.length === 0) continue;
  const gold = names
    .split("\n")
    .map((name) => name.trim())
    .filter(isGoldSource);
  if (gold.length < 1 || gold.length > 10) continue;
  const title = subject.replace(/\s*\(#\d+\)\s*$/, "").replace(/^\w+(\([^)]*\))?!?:\s*/, "");
  const text = `${title}\n${body}`.toLowerCase();
  if (
    gold.some(
      (path) =>
        text.includes(path.toLowerCase()) || text.includes((path.split("/").at(-1) ?? path).toLowerCase()),
    )
  )
    continue;
  cases.push({ commit, base: parents.trim(), title, body: body.trim(), gold });
  if (cases.length >= limit) break;
}
process.stdout.write(`${JSON.stringify(cases, null, 1)}\n`);
