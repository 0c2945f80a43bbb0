// Pools result files of run.ts: one line per file (all found, average recall, any found and noise at each budget,
// issue-planner then BM25) and the pooled table over every case of every file, in run.ts's format.
//
//   npx tsx bench/retrieval/pool.ts bench/retrieval/results/mswe-*.json
import { readFileSync } from "node:fs";

type Row = { commit: string; recall: Record<string, number>; noise: Record<string, number> };
const BUDGETS = [8_000, 16_000, 32_000];
const METHODS = [
  ["full", "issue-planner"],
  ["bm25", "BM25 baseline"],
] as const;

const files = process.argv.slice(2);
if (files.length === 0) throw new Error("name the result files to pool");

function stats(rows: Row[], key: string) {
  const values = rows.map((row) => row.recall[key] ?? 0);
  return {
    average: values.reduce((sum, value) => sum + value, 0) / values.length,
    all: values.filter((value) => value === 1).length / values.length,
    any: values.filter((value) => value > 0).length / values.length,
    noise: rows.reduce((sum, row) => sum + (row.noise[key] ?? 0), 0) / rows.length,
  };
}
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const ratio = (rows: Row[]) => {
  const bm25 = stats(rows, "bm25@16000").all;
  return bm25 === 0 ? "n/a (BM25 0%)" : `${(stats(rows, "full@16000").all / bm25).toFixed(2)}x`;
};
const series = (rows: Row[], method: string, field: "all" | "average" | "any" | "noise") =>
  BUDGETS.map((budget) => pct(stats(rows, `${method}@${budget}`)[field])).join(" / ");

const pooled: Row[] = [];
const lines = [
  "| results | cases | all found, issue-planner | all found, BM25 | 16k ratio | average recall, issue-planner | average recall, BM25 | any found, issue-planner | any found, BM25 | noise, issue-planner | noise, BM25 |",
  `|${" --- |".repeat(11)}`,
];
for (const file of files) {
  const { name, rows } = JSON.parse(readFileSync(file, "utf8")) as { name: string; rows: Row[] };
  pooled.push(...rows);
  lines.push(
    `| ${name} | ${rows.length} | ${series(rows, "full", "all")} | ${series(rows, "bm25", "all")} | ${ratio(rows)} | ${series(rows, "full", "average")} | ${series(rows, "bm25", "average")} | ${series(rows, "full", "any")} | ${series(rows, "bm25", "any")} | ${series(rows, "full", "noise")} | ${series(rows, "bm25", "noise")} |`,
  );
}
lines.push(
  "",
  "Each cell: 8k / 16k / 32k.",
  "",
  "| method | budget | cases | average recall | all found | any found | noise |",
  "| --- | --- | --- | --- | --- | --- | --- |",
);
for (const [method, label] of METHODS) {
  for (const budget of BUDGETS) {
    const s = stats(pooled, `${method}@${budget}`);
    lines.push(
      `| ${label} | ${budget / 1000}k | ${pooled.length} | ${pct(s.average)} | ${pct(s.all)} | ${pct(s.any)} | ${pct(s.noise)} |`,
    );
  }
}
lines.push("", `All-found rate at 16k: ${ratio(pooled)} the BM25 baseline's.`);
process.stdout.write(`${lines.join("\n")}\n`);
