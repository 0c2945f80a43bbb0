import { describe, expect, it } from "vitest";
import { fixPlan } from "../../src/plan/fix-plan.js";
import { asPath, commandsIn, groundPlan, referencedPackages } from "../../src/plan/ground-plan.js";
import type { Plan } from "../../src/plan/plan-model.js";
import { buildRepoFacts } from "../../src/plan/repo-facts.js";

const paths = [
  "package.json",
  "pnpm-lock.yaml",
  "Makefile",
  "apps/web/package.json",
  "apps/web/src/app/(auth)/login/page.tsx",
  "apps/web/src/app/invoices/page.tsx",
  "prisma/schema.prisma",
  "prisma/migrations/20240101_init/migration.sql",
  "src/lib/db.ts",
];
const manifests = new Map([
  [
    "package.json",
    JSON.stringify({
      name: "acme",
      scripts: { test: "vitest", "db:migrate": "prisma migrate dev" },
      devDependencies: { prisma: "6.0.0" },
    }),
  ],
  [
    "apps/web/package.json",
    JSON.stringify({
      name: "@acme/web",
      scripts: { dev: "next dev" },
      dependencies: { next: "15.0.0", zod: "3.0.0", "@tanstack/react-query": "5.0.0" },
    }),
  ],
  ["Makefile", "build:\n\tpnpm build\nlint: build\n\techo ok\nVAR := 1\n"],
]);
const facts = buildRepoFacts(paths, manifests);

function planWith(steps: string[], title = "Do the work"): Plan {
  const filler = { tasks: [{ title: "No change", steps: ["No change is needed here."] }] };
  return {
    title: "T",
    summary: "S.",
    phases: { dataLayer: filler, backend: { tasks: [{ title, steps }] }, frontend: filler, testing: filler },
  };
}

describe("buildRepoFacts", () => {
  it("collects scripts, dependencies, make targets and the package manager of every manifest", () => {
    expect([...(facts.scripts ?? [])].sort()).toEqual(["db:migrate", "dev", "test"]);
    expect(facts.dependencies).toEqual(
      new Set(["prisma", "acme", "next", "zod", "@tanstack/react-query", "@acme/web"]),
    );
    expect(facts.makeTargets).toEqual(new Set(["build", "lint"]));
    expect(facts.packageManager).toBe("pnpm");
  });

  it("marks scripts and dependencies unknown when a package.json was not read", () => {
    const partial = buildRepoFacts(paths, new Map([["package.json", "{}"]]));
    expect(partial.scripts).toBeNull();
    expect(partial.dependencies).toBeNull();
    expect(partial.makeTargets).toBeNull();
  });
});

describe("make targets", () => {
  it("are unknown when the Makefile is generated (Autotools, CMake), none when there is no Makefile at all", () => {
    for (const source of ["configure.ac", "Makefile.am", "CMakeLists.txt", "src/app.pro"])
      expect(buildRepoFacts(["README.md", source], new Map()).makeTargets).toBeNull();
    expect(buildRepoFacts(["README.md", "src/main.c"], new Map()).makeTargets).toEqual(new Set());
  });

  it("lets `make check` stand in a plan for a repository configured by Autotools", () => {
    const autotools = buildRepoFacts(["configure.ac", "Makefile.am", "src/jv.c"], new Map());
    const plan = planWith(["Edit `src/jv.c`.", "Run `make check`."]);
    expect(groundPlan(plan, autotools)).toEqual([]);
  });
});

describe("files the repository ignores", () => {
  it("are build output, not missing files: the root and nested .gitignore files apply, negations too", () => {
    const facts = buildRepoFacts(
      ["Makefile.am", ".gitignore", "src/builtin.jq", "src/main.c", "tests/.gitignore", "tests/jq.test"],
      new Map([
        [".gitignore", "src/builtin.inc\nMakefile\n*.log\n!keep.log\n"],
        ["tests/.gitignore", "out/\n"],
      ]),
    );
    const plan = planWith([
      "Run `make` so that `src/builtin.inc` is regenerated from `src/builtin.jq`.",
      "The regenerated `Makefile` runs `tests/out/result.json` and writes `build.log`.",
      "Edit `src/mian.c` and `tests/keep.log`.",
    ]);
    expect(groundPlan(plan, facts).map((entry) => entry.subject)).toEqual(["src/mian.c", "tests/keep.log"]);
    // A rule that ignores a folder the repository commits (`lib/` of GitHub's Python template) does not hide it.
    const python = buildRepoFacts(["mypkg/lib/core.py", ".gitignore"], new Map([[".gitignore", "lib/\n"]]));
    expect(
      groundPlan(planWith(["Edit `mypkg/lib/parser.py`."]), python).map((entry) => entry.subject),
    ).toEqual(["mypkg/lib/parser.py"]);
  });
});

describe("extensions the repository uses", () => {
  it("make a path under a folder the repository lacks a file, whatever the extension", () => {
    const facts = buildRepoFacts(["src/builtin.jq", "src/main.c"], new Map());
    const plan = planWith(["Edit `lib/builtin.jq`.", "Read `lib/notes.zzz`."]);
    expect(groundPlan(plan, facts).map((entry) => entry.subject)).toEqual(["lib/builtin.jq"]);
  });
});

describe("paths written from an include or source root", () => {
  it("stand for the file they end, as code names it (`fmt/std.h` for `include/fmt/std.h`)", () => {
    const facts = buildRepoFacts(["include/fmt/std.h", "test/std-test.cc"], new Map());
    const plan = planWith(["`test/std-test.cc` includes `fmt/std.h` and `fmt/ranges.h`."]);
    expect(groundPlan(plan, facts).map((entry) => entry.subject)).toEqual(["fmt/ranges.h"]);
    // Only from such a root: a workspace crate's `src/main.rs` does not make a root `src/main.rs`.
    const workspace = buildRepoFacts(["crates/cli/src/main.rs", "Cargo.toml"], new Map());
    expect(groundPlan(planWith(["Edit `src/main.rs`."]), workspace).map((entry) => entry.subject)).toEqual([
      "src/main.rs",
    ]);
  });
});

describe("asPath", () => {
  it.each([
    ["src/lib/db.ts", "src/lib/db.ts"],
    ["./src/lib/db.ts:12", "src/lib/db.ts"],
    ["apps/web/src/app/(auth)/login/page.tsx", "apps/web/src/app/(auth)/login/page.tsx"],
    ["schema.prisma", "schema.prisma"],
    ["src/lib/", "src/lib/"],
    ["src/lib/invoices", "src/lib/invoices"],
  ])("reads %j as a path", (span, path) => {
    expect(asPath(span, facts)).toBe(path);
  });

  it.each([
    "user.id",
    "revalidatePath('/invoices')",
    "/invoices",
    "@/components/Button",
    "next/navigation",
    "@tanstack/react-query",
    "useState",
    "npm run dev",
    "https://example.com/a.ts",
    "text/csv",
  ])("does not read %j as a path", (span) => {
    expect(asPath(span, facts)).toBeUndefined();
  });
});

describe("groundPlan", () => {
  it("accepts paths that exist, are created by a step, or are written by a migration tool", () => {
    const plan = planWith([
      "Open `apps/web/src/app/invoices/page.tsx`.",
      "Create a new file: `apps/web/src/app/api/export/route.ts`.",
      "Edit `apps/web/src/app/api/export/route.ts` to stream CSV.",
      "Check the SQL in `prisma/migrations/20250101_add_export/migration.sql`.",
      "Update `schema.prisma`.",
    ]);
    expect(groundPlan(plan, facts)).toEqual([]);
  });

  it("reports an invented path with its location", () => {
    const findings = groundPlan(planWith(["Open `src/server/invoices.ts`."]), facts);
    expect(findings).toEqual([
      expect.objectContaining({
        rule: "ground/path-missing",
        subject: "src/server/invoices.ts",
        at: { phase: "backend", task: 0, step: 0 },
      }),
    ]);
  });

  it("reports invented paths in task titles too", () => {
    const findings = groundPlan(planWith(["Do it."], "Update `src/api/users.ts`"), facts);
    expect(findings[0]).toMatchObject({ subject: "src/api/users.ts", at: { step: -1 } });
  });

  it("checks scripts across workspaces and make targets", () => {
    const plan = planWith([
      "Run `pnpm db:migrate`.",
      "Run `pnpm --filter @acme/web dev`.",
      "Run `npm test`.",
      "Run `make lint`.",
      "Run `pnpm add papaparse`.",
      "Run `npm run db:seed`.",
      "Run `make deploy`.",
      "Run `yarn typecheck`.",
    ]);
    expect(groundPlan(plan, facts).map((f) => [f.rule, f.subject])).toEqual([
      ["ground/script-missing", "db:seed"],
      ["ground/script-missing", "deploy"],
      ["ground/script-missing", "typecheck"],
    ]);
  });

  it("accepts a script that a step adds", () => {
    const plan = planWith(["Add a `db:seed` script to `package.json`.", "Run `npm run db:seed`."]);
    expect(groundPlan(plan, facts)).toEqual([]);
  });

  it("checks imported packages against dependencies and install steps", () => {
    const plan = planWith([
      'Import with `import { z } from "zod"` and `import Papa from "papaparse"`.',
      'Use `import { readFile } from "node:fs/promises"` and `import x from "@/lib/db"`.',
      "Wrap the page in `@tanstack/react-query`'s provider and add `@sentry/nextjs`.",
    ]);
    expect(groundPlan(plan, facts).map((f) => f.subject)).toEqual(["papaparse", "@sentry/nextjs"]);
    const installed = planWith(["Run `pnpm add papaparse`.", 'Use `import Papa from "papaparse"`.']);
    expect(groundPlan(installed, facts)).toEqual([]);
  });

  it("leaves assumption steps alone", () => {
    expect(
      groundPlan(planWith(["ASSUMPTION: `src/lib/mailer.ts` sends e-mail; run `npm run mail:test`."]), facts),
    ).toEqual([]);
  });
});

describe("fixPlan", () => {
  it("turns steps with invented paths, scripts or packages into assumptions", () => {
    const plan = planWith(
      ["Open `src/server/invoices.ts`.", "Run `npm run db:seed`.", 'Use `import Papa from "papaparse"`.'],
      "Update `src/api/users.ts`",
    );
    const findings = groundPlan(plan, facts);
    const { plan: fixed, fixed: actions } = fixPlan(plan, findings, facts);
    expect(actions).toHaveLength(4);
    expect(fixed.phases.backend.tasks[0]?.steps).toEqual([
      "ASSUMPTION: `src/api/users.ts` is not in the repository: find the right file or create it first.",
      "ASSUMPTION: Open `src/server/invoices.ts`. (`src/server/invoices.ts` is not in the repository: find the right file or create it first.)",
      "ASSUMPTION: Run `npm run db:seed`. (the repository defines no `db:seed` script or target: add it or use the project's equivalent.)",
      'ASSUMPTION: Use `import Papa from "papaparse"`. (`papaparse` is not a dependency yet: install it with `pnpm add papaparse`.)',
    ]);
    expect(groundPlan(fixed, facts)).toEqual([]);
  });
});

describe("helpers", () => {
  it("finds commands in spans and code blocks", () => {
    expect(commandsIn("Run `pnpm build && pnpm test` then:\n\n```sh\n$ npm run lint\n```").sort()).toEqual([
      "npm run lint",
      "pnpm build",
      "pnpm test",
    ]);
  });

  it("finds packages in imports and requires", () => {
    expect(
      referencedPackages("```ts\nconst a = require('lodash/get');\nimport b from '@scope/pkg/sub';\n```"),
    ).toEqual(["lodash", "@scope/pkg"]);
  });
});
