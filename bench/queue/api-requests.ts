// GitHub API requests made for a first plan, counted by the fake GitHub of the test bed (the installation token,
// the configuration, the permission check, reactions, progress, the repository read, the plan and the labels),
// for a 20-file and a 20,000-file repository, with a model that answers in 5 s. Target: at most 10. The archive
// download the tarball endpoint redirects to (codeload.github.com) is counted apart.
//
//   npx tsx bench/queue/api-requests.ts            (writes bench/queue/results/api-requests.json)
import { writeFileSync } from "node:fs";
import { deliver } from "../../test/bed/app-process.js";
import { TestBed, waitUntil } from "../../test/bed/bed.js";
import { labeledPayload } from "../../test/bed/payloads.js";
import { fixtureFiles } from "../../test/helpers/github-mocks.js";

function syntheticRepo(count: number): Record<string, string> {
  const files: Record<string, string> = { ...fixtureFiles() };
  for (let index = 0; Object.keys(files).length < count; index += 1) {
    const area = `packages/area-${Math.floor(index / 200)}`;
    files[`${area}/src/module-${index}.ts`] =
      `export function handler${index}(input: string): string {\n  return input.trim() + "${index}";\n}\n`;
  }
  return files;
}

const bed = new TestBed();
await bed.start();
// A model that takes as long as a real one does: the status line is then written before the plan, as in use.
bed.openai.delayMs = 5_000;
const results: Record<string, unknown>[] = [];
try {
  for (const [mode, extra] of [
    ["redis", {}],
    ["in-process", { REDIS_URL: "" }],
  ] as const) {
    for (const size of [20, 20_000]) {
      // A fresh process per case: its installation token and caches are cold, as for a first plan.
      const server = await bed.process("server", bed.env(`bench-requests-${mode}-${size}`, { ...extra }));
      const files = syntheticRepo(size);
      const { repo, issue } = bed.repo(files);
      const from = bed.github.requests.length;
      const started = Date.now();
      const status = await deliver(
        server.base,
        "issues",
        labeledPayload(repo, issue),
        `requests-${mode}-${size}`,
      );
      if (status !== 200) throw new Error(`webhook answered ${status}`);
      await waitUntil(() => server.logLines("plan posted").length > 0, 120_000, "the plan");
      const requests = bed.github
        .since(from)
        .map((request) => `${request.method} ${request.path.replace(/\?.*$/, "")}`);
      const api = requests.filter((request) => !request.includes("/_codeload/"));
      results.push({
        queue: mode,
        files: Object.keys(files).length,
        apiRequests: api.length,
        archiveDownloads: requests.length - api.length,
        ms: Date.now() - started,
        requests,
      });
      console.log(
        `${mode} ${Object.keys(files).length} files: ${api.length} API requests (+${requests.length - api.length} archive download)`,
      );
      await server.stop();
    }
  }
} finally {
  await bed.stop();
}
writeFileSync(
  new URL("./results/api-requests.json", import.meta.url),
  `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
);
