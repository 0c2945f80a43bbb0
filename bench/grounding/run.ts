// Grounding precision: the app's checks run on correct plans for real issues (written from the app's own
// --dry-run context, checked against the real fix) must report nothing, and on copies with planted defects
// must report each defect. Every case is a folder under bench/grounding/cases/ with issue.md, plan.md and
// case.json; the repository is read at the case's base commit from its mirror.
//
//   npx tsx bench/grounding/run.ts [--cases bench/grounding/cases] [--mirrors /work/.mirror]
//   (writes bench/grounding/results.json)
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadRepoFacts } from "../../src/pipeline/load-repo-facts.js";
import { lintPlan } from "../../src/plan/lint-plan.js";
import type { Finding } from "../../src/plan/plan-findings.js";
import { openLocalSnapshot } from "../../src/repo/local-snapshot.js";
import { plantDefects } from "./plant-defects.js";

const caseSchema = z.object({
  instance: z.string(),
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  base: z.string().regex(/^[0-9a-f]{40}$/),
  issueNumber: z.number().int().optional(),
  fixFiles: z.array(z.string()),
  planNames: z.array(z.string()),
  notes: z.string(),
});

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "bench/grounding/cases" },
    mirrors: { type: "string", default: "/work/.mirror" },
  },
});
const casesDir = values.cases;
const show = (finding: Finding) => `${finding.rule} ${finding.subject ?? ""}: ${finding.message}`;

const results = [];
for (const name of readdirSync(casesDir).sort()) {
  const dir = join(casesDir, name);
  if (!existsSync(join(dir, "case.json")) || !existsSync(join(dir, "plan.md"))) {
    console.log(`${name}: no case.json or plan.md yet, left out`);
    continue;
  }
  const meta = caseSchema.parse(JSON.parse(readFileSync(join(dir, "case.json"), "utf8")));
  const gitDir = join(values.mirrors, meta.repo.replace("/", "+"), "repo");
  const facts = await loadRepoFacts(await openLocalSnapshot(gitDir, meta.base));
  const plan = readFileSync(join(dir, "plan.md"), "utf8");
  const started = performance.now();
  const onCorrect = lintPlan(plan, facts).findings;
  const lintMs = performance.now() - started;
  const defects = plantDefects(plan, facts).map((defect) => {
    const findings = lintPlan(defect.markdown, facts).findings;
    const found = findings.some(
      (finding) =>
        finding.rule === defect.expected.rule &&
        (finding.subject ?? "").replace(/\/$/, "") === defect.expected.subject,
    );
    return { kind: defect.kind, change: defect.change, found };
  });
  results.push({
    instance: meta.instance,
    repo: meta.repo,
    fixFilesNamed: `${meta.planNames.length}/${meta.fixFiles.length}`,
    findingsOnCorrectPlan: onCorrect.map(show),
    defects,
    lintMs: Math.round(lintMs * 10) / 10,
  });
}

const planted = results.flatMap((result) => result.defects);
const byKind = (kind: string) => planted.filter((defect) => defect.kind === kind);
const summary = {
  measuredAt: new Date().toISOString(),
  plans: results.length,
  repositories: new Set(results.map((result) => result.repo)).size,
  plansWithFindings: results.filter((result) => result.findingsOnCorrectPlan.length > 0).length,
  findingsOnCorrectPlans: results.reduce((sum, result) => sum + result.findingsOnCorrectPlan.length, 0),
  groundingFindingsOnCorrectPlans: results.reduce(
    (sum, result) => sum + result.findingsOnCorrectPlan.filter((line) => line.startsWith("ground/")).length,
    0,
  ),
  defectsPlanted: planted.length,
  defectsFound: planted.filter((defect) => defect.found).length,
  byKind: Object.fromEntries(
    ["path-name", "path-folder", "command"].map((kind) => [
      kind,
      `${byKind(kind).filter((defect) => defect.found).length}/${byKind(kind).length}`,
    ]),
  ),
  results,
};
for (const result of results) {
  const missed = result.defects.filter((defect) => !defect.found);
  console.log(
    `${result.instance.padEnd(36)} findings ${result.findingsOnCorrectPlan.length}  defects found ${result.defects.length - missed.length}/${result.defects.length}`,
  );
  for (const line of result.findingsOnCorrectPlan) console.log(`    finding: ${line}`);
  for (const defect of missed) console.log(`    missed: ${defect.kind} ${defect.change}`);
}
const { results: _results, ...totals } = summary;
console.log(JSON.stringify(totals, null, 2));
writeFileSync(new URL("./results.json", import.meta.url), `${JSON.stringify(summary, null, 2)}\n`);
