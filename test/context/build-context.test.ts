import { describe, expect, it } from "vitest";
import { buildContext } from "../../src/context/build-context.js";
import { tokenCounterFor } from "../../src/context/count-tokens.js";
import { openLocalSnapshot } from "../../src/repo/local-snapshot.js";
import { safeSnapshot } from "../../src/repo/safe-snapshot.js";
import { memorySnapshot } from "../helpers/memory-snapshot.js";
import { PLANTED, plantedSecretsRepo, writeRepo } from "../helpers/planted-secrets.js";

const repos = new URL("../fixtures/repos/", import.meta.url).pathname;
const open = async (dir: string) => safeSnapshot(await openLocalSnapshot(dir), { maxFileBytes: 512 * 1024 });
const options = { budget: 8_000, model: "gpt-4.1" };

describe("buildContext on fixture repositories", () => {
  it("Next.js App Router + Prisma: stack with router mode and migration scripts, roles, and the files the issue needs", async () => {
    const context = await buildContext(
      await open(`${repos}nextjs-prisma`),
      {
        title: "Let billing admins export invoices as CSV",
        body: "Add an export button next to `InvoiceTable` on the invoices page.",
      },
      options,
    );
    expect(context.text).toContain("Next.js 15.1.0 (App Router; uses Server Actions)");
    expect(context.text).toContain(
      "Prisma 6.1.0 (schema: `prisma/schema.prisma`; commands: `npm run db:migrate`, `npm run db:generate`)",
    );
    expect(context.text).toContain("End-to-end tests: Playwright 1.50.0");
    expect(context.roles).toEqual(
      expect.arrayContaining([
        { role: "server actions", paths: ["src/app/actions/"] },
        { role: "components", paths: ["src/components/"] },
        { role: "models and schema", paths: ["prisma/schema.prisma"] },
        { role: "end-to-end tests", paths: ["tests/e2e/"] },
      ]),
    );
    const chosen = context.files.map((file) => file.path);
    expect(chosen.slice(0, 3)).toEqual(
      expect.arrayContaining(["src/components/InvoiceTable.tsx", "src/app/invoices/page.tsx"]),
    );
    expect(chosen).toContain("prisma/schema.prisma");
    expect(chosen).toContain("tests/e2e/login.spec.ts");
    expect(context.files.find((file) => file.path === "src/components/InvoiceTable.tsx")?.reason).toMatch(
      /defines `InvoiceTable`/,
    );
  });

  it("Rails: ActiveRecord commands, MVC roles, RSpec and Capybara", async () => {
    const context = await buildContext(
      await open(`${repos}rails-app`),
      {
        title: "Show unpaid invoices first",
        body: "In the invoices list, sort unpaid invoices before paid ones.",
      },
      options,
    );
    expect(context.text).toContain("Rails 7.2.1 (full-stack MVC with views)");
    expect(context.text).toContain("commands: `bin/rails generate migration <Name>`, `bin/rails db:migrate`");
    expect(context.text).toMatch(/Unit and integration tests: RSpec/);
    expect(context.text).toMatch(/End-to-end tests: Capybara/);
    expect(context.roles.map((role) => role.role)).toEqual(
      expect.arrayContaining(["controllers", "templates", "migrations", "URL routing", "end-to-end tests"]),
    );
    expect(context.files.map((file) => file.path).slice(0, 4)).toContain(
      "app/controllers/invoices_controller.rb",
    );
  });

  it("Django: apps, models and the manage.py migration commands", async () => {
    const context = await buildContext(
      await open(`${repos}django-app`),
      {
        title: "Add a due date to invoices",
        body: "Invoice needs a due_date field shown in the invoice list view.",
      },
      options,
    );
    expect(context.text).toContain("Django 5.1.4 (apps: billing)");
    expect(context.text).toContain("commands: `python manage.py makemigrations`, `python manage.py migrate`");
    expect(context.files.map((file) => file.path).slice(0, 4)).toContain("billing/models.py");
  });

  it("monorepo: workspaces, the workspace package's scripts, and imports across packages", async () => {
    const context = await buildContext(
      await open(`${repos}monorepo`),
      {
        title: "Add a display name to users",
        body: "The `UsersController` list should return the display name stored in the users table.",
      },
      options,
    );
    expect(context.text).toContain("Package manager: pnpm");
    expect(context.text).toContain("`pnpm --dir packages/db db:migrate`");
    expect(context.text).toContain("NestJS 10.4.15");
    const chosen = context.files.map((file) => file.path);
    expect(chosen[0]).toBe("apps/api/src/users/users.controller.ts");
    // Pulled in through the import graph: the controller imports the db package.
    expect(chosen).toContain("packages/db/src/index.ts");
  });
});

describe("buildContext", () => {
  it("ranks on files unredacted but shows only redacted text, redacting the files it shows alone", async () => {
    const secret = "sk_live_51HqL2bC9xYz8wVu7tSr6qPo5nMl";
    const files: Record<string, string> = {
      "src/billing/charge.ts": `const stripeKey = "${secret}";\nexport function chargeCard(amount: number) {\n  return amount;\n}\n`,
    };
    // Many files that the issue does not match: indexed, never shown, so never redacted.
    for (let n = 0; n < 40; n += 1) files[`src/other/${n}.ts`] = `export const value${n} = "${secret}";\n`;
    const snapshot = safeSnapshot(memorySnapshot(files), { maxFileBytes: 512 * 1024 });
    const context = await buildContext(
      snapshot,
      { title: "chargeCard rounds the amount wrongly", body: "See `chargeCard` in billing." },
      { budget: 2_000, model: "gpt-4.1" },
    );
    expect(context.files.map((file) => file.path)).toContain("src/billing/charge.ts");
    expect(context.text).not.toContain(secret);
    expect(context.text).toContain("[REDACTED");
    const shown = new Set(context.files.map((file) => file.path));
    expect([...snapshot.redactions.keys()].every((path) => shown.has(path))).toBe(true);
    expect(snapshot.redactions.has("src/other/0.ts")).toBe(false);
  });

  it("never lets a planted secret reach the context", async () => {
    const context = await buildContext(
      await open(plantedSecretsRepo()),
      {
        title: "Connect billing to Stripe and AWS",
        body: "Use the database password, the Stripe key, the GitHub token and the .env SECRET.",
      },
      { budget: 20_000, model: "gpt-4.1" },
    );
    for (const secret of Object.values(PLANTED)) expect(context.text).not.toContain(secret);
    expect(context.files.map((file) => file.path)).toEqual(
      expect.arrayContaining(["src/lib/billing.ts", "src/lib/aws.ts"]),
    );
  });

  it("stays within its token budget on a repository much larger than the budget", async () => {
    const files: Record<string, string> = { "package.json": '{"name":"big","scripts":{"test":"vitest"}}' };
    for (let i = 0; i < 400; i += 1) {
      files[`src/modules/module${i}/service.ts`] = Array.from(
        { length: 80 },
        (_, line) => `export const value${i}_${line} = "invoice ${line}";`,
      ).join("\n");
    }
    const count = tokenCounterFor("gpt-4.1");
    const snapshot = await open(writeRepo(files));
    for (const budget of [4_000, 8_000]) {
      const context = await buildContext(
        snapshot,
        { title: "Invoice values", body: "Change invoice values in module7." },
        { budget, model: "gpt-4.1" },
      );
      expect(count(context.text)).toBeLessThanOrEqual(budget);
      expect(context.tokens).toBe(count(context.text));
      expect(context.text).toContain("too many to list");
    }
  });

  it("shows the lines a GitHub link in the issue points at", async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `export const line${i + 1} = ${i + 1};`).join("\n");
    const dir = writeRepo({ "package.json": "{}", "src/long.ts": lines, "src/other.ts": "export {};" });
    const context = await buildContext(
      await open(dir),
      {
        title: "Fix the constant",
        body: "See https://github.com/acme/web/blob/main/src/long.ts#L150-L152 for the wrong value.",
      },
      { budget: 3_000, model: "gpt-4.1" },
    );
    const file = context.files.find((entry) => entry.path === "src/long.ts");
    expect(file?.reason).toMatch(/named in the issue/);
    expect(file?.shown).toMatch(/^14\d-1[56]\d$/);
    expect(context.text).toContain("export const line151 = 151;");
  });
});

describe("buildContext on one snapshot for several issues", () => {
  /** The fixture repository, counting every file read that reaches the repository. */
  async function counted() {
    const inner = await openLocalSnapshot(`${repos}nextjs-prisma`);
    const reads = new Map<string, number>();
    const snapshot = safeSnapshot(
      {
        ...inner,
        listFiles: () => inner.listFiles(),
        readFile: (path) => {
          reads.set(path, (reads.get(path) ?? 0) + 1);
          return inner.readFile(path);
        },
      },
      { maxFileBytes: 512 * 1024 },
    );
    return { snapshot, reads };
  }

  it("reads and indexes the commit once: a second issue's context is ranked from what the first read", async () => {
    const { snapshot, reads } = await counted();
    const first = await buildContext(
      snapshot,
      { title: "Export invoices as CSV", body: "`InvoiceTable`" },
      options,
    );
    const readOnce = new Map(reads);
    const second = await buildContext(
      snapshot,
      { title: "Sign-in page loses the redirect", body: "" },
      options,
    );
    expect(reads).toEqual(readOnce);
    expect(first.files[0]?.path).not.toBe(second.files[0]?.path);
    // The same context as on a fresh snapshot: nothing of the first issue leaks into the second.
    const fresh = await buildContext(
      await open(`${repos}nextjs-prisma`),
      { title: "Sign-in page loses the redirect", body: "" },
      options,
    );
    expect(second.text).toBe(fresh.text);
  });

  it("keeps a configuration's extra files out of the shared index", async () => {
    const { snapshot } = await counted();
    const issue = { title: "Export invoices as CSV", body: "" };
    // Files over 300 bytes are not indexed: the included schema is read for this issue alone.
    const small = { ...options, maxIndexBytes: 300 };
    const withInclude = await buildContext(snapshot, issue, { ...small, include: ["prisma/schema.prisma"] });
    expect(withInclude.files[0]?.path).toBe("prisma/schema.prisma");
    const without = await buildContext(snapshot, issue, small);
    const fresh = await buildContext(await open(`${repos}nextjs-prisma`), issue, small);
    expect(without.text).toBe(fresh.text);
  });
});

describe("buildContext reads files by what they are, not by an extension list", () => {
  const files = {
    "src/server.js": "const config = require('./config');\nmodule.exports = config;\n",
    "config/app.ini": "[server]\nport = 8080\nsession_timeout = 30\n",
    "ci/Jenkinsfile": "pipeline { agent any; stages { stage('test') { steps { sh 'npm test' } } } }\n",
    "docker/worker.Dockerfile": "FROM node:20\nCMD node worker.js\n",
    "assets/logo.bin.txt": "\u0000\u0001binary\u0000".repeat(10),
    "data/big.properties": `${"filler.key = value\n".repeat(500)}session.timeout = 30\n`,
  };
  const snapshotOf = () => safeSnapshot(memorySnapshot(files), { maxFileBytes: 512 * 1024 });

  it("shows the files an issue names whatever their extension", async () => {
    const context = await buildContext(
      snapshotOf(),
      {
        title: "Session timeout ignored",
        body: "The worker built from docker/worker.Dockerfile ignores session_timeout in config/app.ini; ci/Jenkinsfile runs it.",
      },
      options,
    );
    const shown = context.files.map((file) => file.path);
    expect(shown).toEqual(
      expect.arrayContaining(["config/app.ini", "ci/Jenkinsfile", "docker/worker.Dockerfile"]),
    );
    expect(shown).not.toContain("assets/logo.bin.txt");
  });

  it("indexes a text file of any name, and shows a named file too large to index", async () => {
    const small = await buildContext(
      snapshotOf(),
      { title: "session_timeout is ignored", body: "" },
      options,
    );
    expect(small.files.map((file) => file.path)).toContain("config/app.ini");
    const named = await buildContext(
      snapshotOf(),
      { title: "Timeout", body: "See data/big.properties." },
      { ...options, maxIndexBytes: 1_000 },
    );
    expect(named.files.map((file) => file.path)).toContain("data/big.properties");
  });
});

describe("buildContext on large files", () => {
  it("ranks a file as large as the app reads (a single-header library), not only small ones", async () => {
    const header = `${"// filler line of a large single-header library\n".repeat(7_000)}int parse_bjdata_ndarray(void) { return 0; }\n`;
    expect(header.length).toBeGreaterThan(300_000);
    const snapshot = safeSnapshot(
      memorySnapshot({ "include/lib.hpp": header, "src/other.cpp": "int main() { return 0; }\n" }),
      { maxFileBytes: 512 * 1024 },
    );
    const context = await buildContext(
      snapshot,
      { title: "parse_bjdata_ndarray reaches an assertion", body: "" },
      options,
    );
    expect(context.files[0]?.path).toBe("include/lib.hpp");
    expect(context.files[0]?.shown).not.toBe("whole");
  });
});
