// For chosen cases of a case file: where each gold file ranks for issue-planner (rank, score, reasons, size, whether
// it was indexed) and which files it packs instead at one budget, with their tokens, lines shown and reason.
//
//   npx tsx bench/retrieval/explain-case.ts --git-dir /path/to/repo.git --cases bench/retrieval/cases/NAME.json \
//     --commit pr-2840 [--commit ...] [--budget 16000]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { readEnv } from "../../src/config/env.js";
import { packContext, prepareContext } from "../../src/context/build-context.js";
import { planSettings } from "../../src/pipeline/plan-settings.js";
import { openLocalSnapshot } from "../../src/repo/local-snapshot.js";
import { safeSnapshot } from "../../src/repo/safe-snapshot.js";
import type { BenchCase } from "./mine-cases.js";

const settings = planSettings(readEnv({}), undefined);
const { values } = parseArgs({
  options: {
    "git-dir": { type: "string" },
    cases: { type: "string" },
    commit: { type: "string", multiple: true },
    budget: { type: "string", default: "16000" },
  },
});
const gitDir = values["git-dir"];
const casesFile = values.cases;
const wanted = values.commit ?? [];
if (!gitDir || !casesFile || wanted.length === 0)
  throw new Error("--git-dir, --cases and --commit are required");
const budget = Number(values.budget);

const cases = (JSON.parse(readFileSync(casesFile, "utf8")) as BenchCase[]).filter((benchCase) =>
  wanted.includes(benchCase.commit),
);
for (const benchCase of cases) {
  const snapshot = safeSnapshot(await openLocalSnapshot(gitDir, benchCase.base), {
    maxFileBytes: settings.maxFileBytes,
  });
  const sizes = new Map((await snapshot.listFiles()).map((file) => [file.path, file.size]));
  const prepared = await prepareContext(
    snapshot,
    { title: benchCase.title, body: benchCase.body },
    { budget: Math.max(budget, 32_000), model: settings.model, mode: "full" },
  );
  const packed = packContext(prepared, budget).files;
  const chosen = new Set(packed.map((file) => file.path));
  const lines = [`## ${benchCase.commit} ${benchCase.title}`];
  for (const gold of benchCase.gold) {
    const rank = prepared.ranked.findIndex((file) => file.path === gold);
    const ranked = prepared.ranked[rank];
    lines.push(
      `gold ${gold}: ${chosen.has(gold) ? "packed" : "missed"}, rank ${rank < 0 ? "none" : rank + 1}, ` +
        `${sizes.get(gold)} bytes, ${prepared.contents.has(gold) ? "indexed" : "not indexed"}` +
        (ranked ? `, score ${ranked.score.toFixed(2)} (${ranked.reasons.join("; ")})` : ""),
    );
  }
  for (const file of packed)
    lines.push(`  packed ${file.path}: ${file.tokens} tokens, ${file.shown} (${file.reason})`);
  process.stdout.write(`${lines.join("\n")}\n\n`);
}
