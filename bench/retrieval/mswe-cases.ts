// Benchmark cases from real issue text: Multi-SWE-bench instances (ByteDance-Seed/Multi-SWE-bench, here read from the
// copy in github.com/kuppireddypravalika/MSWE-validation-dataset, folder MSWE-agent/data/<language>/*.jsonl). Each
// instance is a merged pull request with the issue(s) it resolves, its base commit and its fix patch (tests apart).
//
// request = the resolved issue's title and body as the reporter wrote them (several resolved issues: the first's
// title, then each issue's body, the later ones under their own title); never the pull request's title or body,
// which are written by the fixer and name the fix. base = the instance's base commit. gold = the files the fix patch
// modifies or deletes (they exist at the base; a file it adds cannot be retrieved), that are source code and not
// tests, fixtures, examples, benchmarks, docs or generated amalgamations (nlohmann/json's single_include/,
// simdjson's singleheader/: both are rebuilt from the files under include/ that the same patch changes, and far
// above the file size the app reads). Instances left without a gold file, or with more than 10 (sweeping refactors,
// as mine-cases.ts also leaves out), are dropped.
//
// Cases whose issue text names a gold file (its path or its file name, case-insensitive; the rule of
// mine-cases.ts) are dropped: the engine reads and ranks first a file the issue names, so such a case measures
// string matching, not retrieval. With --git-dir, cases whose base commit is not in that repository are dropped.
// What was dropped, and why, is written to stderr.
//
//   git --git-dir <MSWE-validation-dataset.git> show HEAD:MSWE-agent/data/c/jqlang__jq_dataset.jsonl > /tmp/jq.jsonl
//   npx tsx bench/retrieval/mswe-cases.ts --jsonl /tmp/jq.jsonl --git-dir <jq.git> > bench/retrieval/cases/mswe-jq.json
//
// --jsonl may be repeated; --repo owner/name keeps only that repository's instances (for a file mixing several).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { BenchCase } from "./mine-cases.js";

/** A BenchCase that also says which instance and issues it came from (commit is `pr-<number>`: no commit is known). */
export interface MsweCase extends BenchCase {
  instance: string;
  issues: number[];
}

interface Instance {
  org: string;
  repo: string;
  number: number;
  instance_id?: string;
  base: { sha: string };
  resolved_issues: { number: number; title?: string | null; body?: string | null }[];
  fix_patch: string;
}

// Source code in the languages of Multi-SWE-bench (and those gold-source.ts counts).
const SOURCE =
  /\.(m|c)?(t|j)sx?$|\.(py|rb|go|rs|php|java|kt|kts|scala|groovy|vue|svelte|c|h|cc|cpp|cxx|c\+\+|hh|hpp|hxx|h\+\+|ipp|inl|tcc|tpp|pony|jq|sql|graphql|proto)$/i;
// Tests, fixtures, examples, benchmarks, docs, scripts, generated amalgamations.
const NOT_GOLD =
  /(^|\/)(__tests__|tests?|testing|testdata|test-?suite|unittests?|spec|e2e|fixtures?|__snapshots__|examples?|samples?|benches|benchmarks?|fuzz|docs?|scripts?|single_include|singleheader|amalgamation)\/|\.(test|spec|e2e|d)\.[a-z]+$|_(test|tests)\.(go|py|rb|rs|c|cc|cpp|h|hpp)$|(^|\/)test_[^/]+$|(^|\/)[^/]*Tests?\.(java|kt|scala)$/i;

export function isMsweGold(path: string): boolean {
  return SOURCE.test(path) && !NOT_GOLD.test(path);
}

/** Files the patch modifies or deletes (old path of a rename), not those it adds. */
export function patchedFiles(patch: string): string[] {
  const files: string[] = [];
  for (const section of patch.split(/^(?=diff --git )/m)) {
    const header = /^diff --git a\/(.+?) b\/(.+)$/m.exec(section);
    if (!header?.[1]) continue;
    const lines = section.split("\n", 8);
    if (lines.some((line) => line.startsWith("new file mode"))) continue;
    const renamedFrom = lines.find((line) => line.startsWith("rename from "))?.slice("rename from ".length);
    files.push(renamedFrom ?? header[1]);
  }
  return [...new Set(files)];
}

function issueText(issues: Instance["resolved_issues"]): { title: string; body: string } {
  const [first, ...rest] = issues;
  const body = [
    (first?.body ?? "").trim(),
    ...rest.map((issue) => `## ${(issue.title ?? "").trim()}\n\n${(issue.body ?? "").trim()}`),
  ]
    .filter((part) => part.length > 0)
    .join("\n\n");
  return { title: (first?.title ?? "").trim(), body: body.replace(/\r\n/g, "\n") };
}

function commitExists(gitDir: string, sha: string): boolean {
  try {
    execFileSync("git", ["--git-dir", gitDir, "cat-file", "-e", `${sha}^{commit}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const { values } = parseArgs({
  options: {
    jsonl: { type: "string", multiple: true },
    repo: { type: "string" },
    "git-dir": { type: "string" },
  },
});
if (!values.jsonl?.length) throw new Error("--jsonl is required");
const gitDir = values["git-dir"];

const instances = new Map<string, Instance>();
for (const file of values.jsonl) {
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    const instance = JSON.parse(line) as Instance;
    const name = `${instance.org}/${instance.repo}`;
    if (values.repo && name.toLowerCase() !== values.repo.toLowerCase()) continue;
    instances.set(instance.instance_id ?? `${instance.org}__${instance.repo}-${instance.number}`, instance);
  }
}

const dropped: Record<string, string[]> = {
  "no issue text": [],
  "no gold file": [],
  "over 10 gold files": [],
  "issue names a gold file": [],
  "base missing": [],
};
const cases: MsweCase[] = [];
for (const [id, instance] of [...instances].sort((a, b) => a[1].number - b[1].number)) {
  const { title, body } = issueText(instance.resolved_issues ?? []);
  if (!title && !body) {
    dropped["no issue text"]?.push(id);
    continue;
  }
  const gold = patchedFiles(instance.fix_patch).filter(isMsweGold);
  if (gold.length === 0) {
    dropped["no gold file"]?.push(id);
    continue;
  }
  if (gold.length > 10) {
    dropped["over 10 gold files"]?.push(id);
    continue;
  }
  const text = `${title}\n${body}`.toLowerCase();
  if (
    gold.some(
      (path) =>
        text.includes(path.toLowerCase()) || text.includes((path.split("/").at(-1) ?? path).toLowerCase()),
    )
  ) {
    dropped["issue names a gold file"]?.push(id);
    continue;
  }
  if (gitDir && !commitExists(gitDir, instance.base.sha)) {
    dropped["base missing"]?.push(id);
    continue;
  }
  cases.push({
    commit: `pr-${instance.number}`,
    base: instance.base.sha,
    title,
    body,
    gold,
    instance: id,
    issues: instance.resolved_issues.map((issue) => issue.number),
  });
}
process.stderr.write(
  `${instances.size} instances, ${cases.length} cases; dropped: ${Object.entries(dropped)
    .map(([reason, ids]) => `${reason} ${ids.length}${ids.length ? ` (${ids.join(", ")})` : ""}`)
    .join("; ")}\n`,
);
process.stdout.write(`${JSON.stringify(cases, null, 1)}\n`);
