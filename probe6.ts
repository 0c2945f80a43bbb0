import { buildContext } from "./src/context/build-context.js";
import { openLocalSnapshot } from "./src/repo/local-snapshot.js";
import { safeSnapshot } from "./src/repo/safe-snapshot.js";

const t0 = Date.now();
const snap = safeSnapshot(await openLocalSnapshot("/work/.mirror/payloadcms+payload/repo", "HEAD"), {
  maxFileBytes: 512000,
});
const files = await snap.listFiles();
console.log("list", Date.now() - t0, files.length);
const ctx = await buildContext(
  snap,
  {
    title: "fix(db-postgres): release the client checked out during connect",
    body: "The pg pool client is never released after connect.",
  },
  { budget: 16000, model: "gpt-4.1" },
);
console.log("total", Date.now() - t0, "ms", ctx.tokens, process.memoryUsage().rss / 1e6, "MB");
console.log(
  ctx.files
    .slice(0, 12)
    .map((f) => `${f.path} | ${f.reason} | ${f.shown}`)
    .join("\n"),
);
