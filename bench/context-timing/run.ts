// Runs once.ts several times, each in a fresh process (so peak memory is the run's own), and prints the medians.
//
//   npx tsx bench/context-timing/run.ts --git-dir /path/to/repo.git [--ref TREE-ISH] --runs 5
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    "git-dir": { type: "string" },
    ref: { type: "string", default: "HEAD" },
    runs: { type: "string", default: "5" },
  },
});
const gitDir = values["git-dir"];
if (!gitDir) throw new Error("--git-dir is required");
const once = new URL("./once.ts", import.meta.url).pathname;
const results: {
  files: number;
  tokens: number;
  timings: Record<string, number>;
  peakRssMb: number;
  longestBlockMs: number;
}[] = [];
for (let run = 0; run < Number(values.runs); run += 1) {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", once, "--git-dir", gitDir, "--ref", values.ref ?? "HEAD"],
    {
      encoding: "utf8",
    },
  );
  results.push(JSON.parse(out.trim().split("\n").at(-1) ?? "{}"));
  process.stderr.write(`run ${run + 1}: ${out}`);
}
const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const stages = Object.keys(results[0]?.timings ?? {});
const lines = ["| stage | median (ms) | min | max |", "| --- | --- | --- | --- |"];
for (const stage of stages) {
  const all = results.map((result) => result.timings[stage] ?? 0);
  lines.push(`| ${stage} | ${median(all)} | ${Math.min(...all)} | ${Math.max(...all)} |`);
}
const totals = results.map((result) => Object.values(result.timings).reduce((sum, value) => sum + value, 0));
lines.push(`| total | ${median(totals)} | ${Math.min(...totals)} | ${Math.max(...totals)} |`);
lines.push(
  "",
  `${results[0]?.files} files; context ${results[0]?.tokens} tokens; peak RSS median ${median(results.map((r) => r.peakRssMb))} MB; longest event-loop block median ${median(results.map((r) => r.longestBlockMs))} ms over ${results.length} runs.`,
);
process.stdout.write(`${lines.join("\n")}\n`);
