import { detectStack } from "./src/context/stack/detect-stack.js";
import { openLocalSnapshot } from "./src/repo/local-snapshot.js";
import { safeSnapshot } from "./src/repo/safe-snapshot.js";

const t = Date.now();
const s = await detectStack(
  safeSnapshot(await openLocalSnapshot(process.argv[2] ?? "test/fixtures/repos/nextjs-prisma"), {
    maxFileBytes: 512000,
  }),
);
console.log(Date.now() - t, "ms");
console.log(JSON.stringify(s, null, 1));
