import { buildContext } from "./src/context/build-context.js";
import { openLocalSnapshot } from "./src/repo/local-snapshot.js";
import { safeSnapshot } from "./src/repo/safe-snapshot.js";

const snap = safeSnapshot(await openLocalSnapshot(process.argv[2] ?? "test/fixtures/repos/nextjs-prisma"), {
  maxFileBytes: 512000,
});
const t = Date.now();
const ctx = await buildContext(
  snap,
  {
    title: process.argv[3] ?? "Let billing admins export invoices as CSV",
    body: "From the invoices page, a billing admin picks a date range and downloads a CSV. Reuse `InvoiceTable` styles.",
  },
  { budget: Number(process.argv[4] ?? 6000), model: "gpt-4.1" },
);
console.log(Date.now() - t, "ms", ctx.tokens, "tokens");
console.log(ctx.text);
console.log(ctx.files);
