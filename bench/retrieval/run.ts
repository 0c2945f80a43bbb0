// Recall of the gold files in the selected context, for the context engine and a plain BM25 baseline
// (BM25 over content and path, whole files packed in rank order), at several token budgets, and the share of the
// packed tokens that is noise the issue is not about (docs, templates, translations, changelogs, tool config).
//
//   npx tsx bench/retrieval/run.ts --git-dir /path/to/repo.git --cases bench/retrieval/cases/NAME.json --name NAME
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { readEnv } from "../../src/config/env.js";
import { packContext, prepareContext } from "../../src/context/build-context.js";
import { issueIsAbout, noiseKind } from "../../src/context/noise-files.js";
import { planSettings } from "../../src/pipeline/plan-settings.js";
import { openLocalSnapshot } from "../../src/repo/local-snapshot.js";
import { safeSnapshot } from "../../src/repo/safe-snapshot.js";
import type { BenchCase } from "./mine-cases.js";

// The app's own defaults (model, budget, file size cap), from its environment schema.
const settings = planSettings(readEnv({}), undefined);
const BUDGETS = [8_000, 16_000, 32_000];
const METHODS = ["full", "bm25"] as const;

const { values } = parseArgs({
  options: {
    "git-dir": { type: "string" },
    cases: { type: "string" },
    name: { type: "string" },
    limit: { type: "string" },
    out: { type: "string" },
  },
});
const gitDir = values["git-dir"];
const casesFile = values.cases;
if (!gitDir || !casesFile) throw new Error("--git-dir and --cases are required");
const cases = (JSON.parse(readFileSync(casesFile, "utf8")) as BenchCase[]).slice(
  0,
  values.limit ? Number(values.limit) : undefined,
);

/**
 * Recall per method and budget, and the share of the packed files' tokens that is noise the issue is not about
 * (docs, templates, translations, changelogs, tool configuration; a gold file never counts as noise).
 */
type Row = { commit: string; gold: number; recall: Record<string, number>; noise: Record<string, number> };
const rows: Row[] = [];
const started = Date.now();
for (const [index, benchCase] of cases.entries()) {
  // safeSnapshot reads each file once, so both methods share the reads.
  const snapshot = safeSnapshot(await openLocalSnapshot(gitDir, benchCase.base), {
    maxFileBytes: settings.maxFileBytes,
  });
  const recall: Record<string, number> = {};
  const noise: Record<string, number> = {};
  const query = `${benchCase.title}\n${benchCase.body}`;
  for (const method of METHODS) {
    const prepared = await prepareContext(
      snapshot,
      { title: benchCase.title, body: benchCase.body },
      { budget: Math.max(...BUDGETS), model: settings.model, mode: method },
    );
    for (const budget of BUDGETS) {
      const files = packContext(prepared, budget).files;
      const selected = new Set(files.map((file) => file.path));
      recall[`${method}@${budget}`] =
        benchCase.gold.filter((path) => selected.has(path)).length / benchCase.gold.length;
      noise[`${method}@${budget}`] = noiseShare(files, benchCase.gold, query);
    }
  }
  rows.push({ commit: benchCase.commit, gold: benchCase.gold.length, recall, noise });
  process.stderr.write(
    `${index + 1}/${cases.length} ${benchCase.commit.slice(0, 8)} ${JSON.stringify(recall)}\n`,
  );
}

const lines = [
  `| method | budget | cases | average recall | all found | any found | noise |`,
  `| --- | --- | --- | --- | --- | --- | --- |`,
];
const summary: Record<string, { average: number; all: number; any: number; noise: number }> = {};
for (const method of METHODS) {
  for (const budget of BUDGETS) {
    const key = `${method}@${budget}`;
    const values = rows.map((row) => row.recall[key] ?? 0);
    const average = values.reduce((sum, value) => sum + value, 0) / values.length;
    const all = values.filter((value) => value === 1).length / values.length;
    const any = values.filter((value) => value > 0).length / values.length;
    const noise = rows.reduce((sum, row) => sum + (row.noise[key] ?? 0), 0) / rows.length;
    summary[key] = { average, all, any, noise };
    const label = method === "full" ? "issue-planner" : "BM25 baseline";
    lines.push(
      `| ${label} | ${budget / 1000}k | ${values.length} | ${pct(average)} | ${pct(all)} | ${pct(any)} | ${pct(noise)} |`,
    );
  }
}
const ratio = (summary["full@16000"]?.all ?? 0) / Math.max(1e-9, summary["bm25@16000"]?.all ?? 0);
lines.push(
  "",
  `All-found rate at 16k: ${ratio.toFixed(2)}x the BM25 baseline's. Run time: ${Math.round((Date.now() - started) / 1000)} s.`,
);
process.stdout.write(`${lines.join("\n")}\n`);
if (values.out)
  writeFileSync(values.out, `${JSON.stringify({ name: values.name, summary, rows }, null, 1)}\n`);

function noiseShare(files: { path: string; tokens: number }[], gold: string[], query: string): number {
  const total = files.reduce((sum, file) => sum + file.tokens, 0);
  const noisy = files
    .filter((file) => !gold.includes(file.path))
    .filter((file) => {
      const kind = noiseKind(file.path);
      return kind !== undefined && !issueIsAbout(kind, query);
    })
    .reduce((sum, file) => sum + file.tokens, 0);
  return total === 0 ? 0 : noisy / total;
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
