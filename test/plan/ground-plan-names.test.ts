// Grounding reads what a plan names as a model writes it: CSS classes, routes, globs, modules, members, versions and
// packages in prose are no missing files, and only real problems are reported.
import { describe, expect, it } from "vitest";
import { fixPlan } from "../../src/plan/fix-plan.js";
import { asPath, groundPlan, referencedPackages } from "../../src/plan/ground-plan.js";
import { parsePlanMarkdown } from "../../src/plan/parse-plan-markdown.js";
import type { Plan } from "../../src/plan/plan-model.js";
import { buildRepoFacts } from "../../src/plan/repo-facts.js";

const paths = [
  "package.json",
  "package-lock.json",
  ".env.example",
  ".github/workflows/ci.yml",
  "prisma/schema.prisma",
  "packages/ui/package.json",
  "packages/ui/src/Badge.tsx",
  "src/app/leaderboard/page.tsx",
  "src/app/leaderboard/rank.module.css",
  "src/lib/cache.ts",
  "src/lib/db.ts",
];
const manifests = new Map([
  [
    "package.json",
    JSON.stringify({
      name: "arena",
      scripts: { dev: "next dev", test: "vitest run" },
      dependencies: {
        next: "15.1.0",
        react: "19.0.0",
        lodash: "4.17.21",
        "@tanstack/react-query": "5.62.0",
        "chart.js": "4.4.7",
      },
      devDependencies: { vitest: "3.0.0", prisma: "6.1.0" },
    }),
  ],
  ["packages/ui/package.json", JSON.stringify({ name: "@arena/ui" })],
]);
const facts = buildRepoFacts(paths, manifests);

/** A correct plan that names, besides real paths, everything a path is sometimes taken for. */
const CORRECT_PLAN = `### Implementation Plan: Rank badge on the leaderboard

Players see their rank in a round badge next to their name on the leaderboard.

#### Phase 1: Data Layer & Schema
-   [ ] **1.1. No schema change**
    -   [ ] No change is needed: \`prisma/schema.prisma\` already has \`Player.score\`, read with \`this.cache.get\` from \`src/lib/cache.ts\`.

#### Phase 2: Backend Logic
-   [ ] **2.1. Serve the ranks**
    -   [ ] Create a new file: \`src/app/api/ranks/route.ts\`.
    -   [ ] Answer \`/api/users/:id\` and \`/leaderboard\` with \`NextResponse.json\`, the way \`res.json\` and \`app.render\` did in the old server.
    -   [ ] Merge the defaults with \`lodash.merge\` from the \`lodash\` package, or import \`merge\` from \`lodash/merge\`; read files with \`node:fs\`.
    -   [ ] Read \`DATABASE_URL\` from \`process.env\` (\`process.env.DATABASE_URL\`, \`import.meta.env\` in Vite) and keep it in \`.env.local\`, never in \`.env.example\`.
    -   [ ] Install \`clsx\` and \`date-fns\`, then \`import clsx from "clsx"\` and \`import { format } from "date-fns"\`.

#### Phase 3: Frontend Implementation
-   [ ] **3.1. Draw the badge**
    -   [ ] In \`src/app/leaderboard/rank.module.css\`, add \`.rank-circle\` and \`.btn:hover\` rules, scoped under \`#main\`, with a \`w-1/2\` width.
    -   [ ] Render the \`Badge\` of the \`@arena/ui\` package (the \`ui\` package in \`packages/ui/\`) and fetch with \`@tanstack/react-query\`.
    -   [ ] Chart the history with the \`chart.js\` library; it needs \`Next.js\` 15 and Node \`v18\` or later (\`^4.0.0\`, \`1.2.3\`).
    -   [ ] Keep \`.ts\` and \`.tsx\` files only; see \`https://nextjs.org/docs\` and \`github.com/vercel/next.js/discussions\`.

#### Phase 4: Testing and Validation
-   [ ] **4.1. Unit/Integration Tests (Vitest)**
    -   [ ] Match \`src/**/*.test.ts\` and \`*.test.tsx\`, skipping \`node_modules/\`, \`dist/\` and \`.next/cache\`.
    -   [ ] Create \`src/app/api/ranks/route.test.ts\` next to \`src/app/api/ranks/\` and run \`npm test\`.
`;

function parse(markdown: string): Plan {
  const { plan } = parsePlanMarkdown(markdown);
  if (!plan) throw new Error("the test plan does not parse");
  return plan;
}

describe("grounding a correct plan", () => {
  it("reports nothing for CSS classes, routes, globs, modules, members, versions, extensions and URLs", () => {
    expect(groundPlan(parse(CORRECT_PLAN), facts)).toEqual([]);
  });

  it("finds each planted defect once: a missing file, a package named in prose, an undeclared import", () => {
    const planted = CORRECT_PLAN.replace(
      "    -   [ ] Keep `.ts`",
      "    -   [ ] Show it in `src/components/RankBadge.tsx`.\n" +
        "    -   [ ] Animate it with the `framer-motion` library.\n" +
        '    -   [ ] Format dates with `import dayjs from "dayjs"`.\n' +
        "    -   [ ] Keep `.ts`",
    );
    const findings = groundPlan(parse(planted), facts);
    expect(findings.map((entry) => [entry.rule, entry.subject, entry.at])).toEqual([
      ["ground/path-missing", "src/components/RankBadge.tsx", { phase: "frontend", task: 0, step: 3 }],
      ["ground/package-missing", "framer-motion", { phase: "frontend", task: 0, step: 4 }],
      ["ground/package-missing", "dayjs", { phase: "frontend", task: 0, step: 5 }],
    ]);
    expect(findings[1]?.message).toBe(
      "`framer-motion` is used but is not a dependency and no step installs it.",
    );
  });

  it("turns only the real defects into assumptions, telling to create a file only for the file", () => {
    const planted = CORRECT_PLAN.replace(
      "    -   [ ] Keep `.ts`",
      "    -   [ ] Show it in `src/components/RankBadge.tsx`.\n    -   [ ] Keep `.ts`",
    );
    const plan = parse(planted);
    const { plan: fixed, fixed: actions } = fixPlan(plan, groundPlan(plan, facts), facts);
    expect(actions.map((entry) => entry.finding.subject)).toEqual(["src/components/RankBadge.tsx"]);
    const notes = JSON.stringify(fixed).match(/create it first/g) ?? [];
    expect(notes).toHaveLength(1);
    expect(fixed.phases.frontend.tasks[0]?.steps[0]).not.toMatch(/ASSUMPTION/);
  });
});

describe("asPath", () => {
  it.each([
    ".rank-circle",
    "#main",
    ".btn:hover",
    ".sr-only",
    "/invoices",
    "/api/users/:id",
    "api/users/:id",
    "src/**/*.ts",
    "*.test.ts",
    "@scope/pkg",
    "@tanstack/react-query/devtools",
    "lodash/merge",
    "node:fs",
    "app.render",
    "res.json",
    "NextResponse.json",
    "Prisma.sql",
    "d3.csv",
    "process.env",
    "import.meta.env",
    "this.cache.get",
    "1.2.3",
    "v18",
    "^4.0.0",
    ".ts",
    ".tsx",
    "https://example.com/a.ts",
    "localhost:3000/invoices",
    "github.com/vercel/next.js",
    "DATABASE_URL",
    "Next.js",
    "Node.js",
    "chart.js",
    "w-1/2",
    "hover:bg-blue-500",
    ".env.local",
    "apps/web/.env.local",
    "node_modules/.bin/next",
    "dist/index.js",
    ".next/cache",
    "app/",
    "../shared/utils.ts",
  ])("does not read %j as a file of the repository", (span) => {
    expect(asPath(span, facts)).toBeUndefined();
  });

  it.each([
    ["src/lib/db.ts", "src/lib/db.ts"],
    ["src/components/RankBadge.tsx:12", "src/components/RankBadge.tsx"],
    ["src/app/leaderboard/[id]/page.tsx", "src/app/leaderboard/[id]/page.tsx"],
    ["src/app/blog/[...slug]/page.tsx", "src/app/blog/[...slug]/page.tsx"],
    ["src/app/(marketing)/about/page.tsx", "src/app/(marketing)/about/page.tsx"],
    ["app/api/ranks/route.ts", "app/api/ranks/route.ts"],
    [".env.example", ".env.example"],
    [".env.production", ".env.production"],
    [".eslintrc.json", ".eslintrc.json"],
    [".github/workflows/release.yml", ".github/workflows/release.yml"],
    [".gitignore", ".gitignore"],
    ["Dockerfile", "Dockerfile"],
    ["package.json", "package.json"],
    ["tsconfig.json", "tsconfig.json"],
    ["data.json", "data.json"],
    ["README.md", "README.md"],
    ["next.config.mjs", "next.config.mjs"],
    ["src/lib/ranking", "src/lib/ranking"],
  ])("reads %j as the path %j", (span, path) => {
    expect(asPath(span, facts)).toBe(path);
  });
});

describe("packages named in prose", () => {
  it.each([
    ["Merge with `lodash.merge` from the `lodash` package.", ["lodash"]],
    ["Validate with the `zod` and `valibot` libraries.", ["zod", "valibot"]],
    ["Import `merge` from `lodash`.", ["lodash"]],
    ["Use the npm package `left-pad`.", ["left-pad"]],
    ["Install `zod@^3.24.0`.", ["zod"]],
    ["Read `id` from `params`, then select from `users`.", []],
    ["Keep the `session` dependency of the `useEffect` hook.", []],
    ["Call the `auth` module and the `useRank` hook.", []],
    ["Import `db` from `src/lib/db.ts`.", []],
    ["Use `fs` from the `node:fs` module.", []],
    ["Edit the `package.json` dependencies and the `tsconfig.json` library settings.", []],
  ])("reads the packages of %j", (text, names) => {
    expect(referencedPackages(text)).toEqual(names);
  });

  const planWith = (steps: string[], repo = facts): string[] =>
    groundPlan(
      parse(
        `### Implementation Plan: T\n\nS.\n\n#### Phase 1: Data Layer & Schema\n-   [ ] **1.1. None**\n    -   [ ] No change.\n\n#### Phase 2: Backend Logic\n-   [ ] **2.1. Work**\n${steps.map((step) => `    -   [ ] ${step}`).join("\n")}\n\n#### Phase 3: Frontend Implementation\n-   [ ] **3.1. None**\n    -   [ ] No change.\n\n#### Phase 4: Testing and Validation\n-   [ ] **4.1. None**\n    -   [ ] No change.\n`,
      ),
      repo,
    ).map((entry) => `${entry.rule} ${entry.subject}`);

  it.each([
    "Install `papaparse`.",
    "Install the `papaparse` and `@types/papaparse` packages.",
    "Add `papaparse` as a dependency.",
    "Add `papaparse` to `package.json`.",
    "Add the `papaparse` package.",
    "Add the `papaparse` dev dependency.",
    "Run `npm install papaparse`.",
  ])("accepts a package the plan installs: %j", (install) => {
    expect(
      planWith([install, 'Parse with `import Papa from "papaparse"` and the `papaparse` library.']),
    ).toEqual([]);
  });

  it("still reports a package the plan only adds to the code, as before", () => {
    expect(planWith(["Wrap the app in `@sentry/nextjs`'s boundary; add `@sentry/nextjs`."])).toEqual([
      "ground/package-missing @sentry/nextjs",
    ]);
  });

  it("reads a package named in prose as a package, not as a missing file", () => {
    expect(planWith(["Draw it with the `d3.js` library."])).toEqual(["ground/package-missing d3.js"]);
  });

  it("leaves names in prose alone in a repository of another ecosystem, but still checks imports", () => {
    const mixed = buildRepoFacts([...paths, "worker/pyproject.toml"], manifests);
    expect(
      planWith(["Fetch with the `requests` library.", 'Parse with `import Papa from "papaparse"`.'], mixed),
    ).toEqual(["ground/package-missing papaparse"]);
  });

  it("takes a bare name for the file a step creates, and a download's name for no file of the repository", () => {
    expect(
      planWith([
        "Create a new file: `src/app/api/ranks/route.ts`.",
        "Export `GET` from `route.ts`.",
        "Send the rows as `ranks.csv`, a download named `ranks-2026.csv`.",
      ]),
    ).toEqual([]);
    expect(planWith(["Export `GET` from `route.ts`.", "Save it as `src/app/ranks.csv`."])).toEqual([
      "ground/path-missing route.ts",
      "ground/path-missing src/app/ranks.csv",
    ]);
  });

  it("takes a folder holding a created file as created", () => {
    expect(
      planWith([
        "Create a new file: `src/app/api/ranks/route.ts`.",
        "Keep the tests in `src/app/api/ranks/`.",
      ]),
    ).toEqual([]);
    expect(planWith(["Keep the tests in `src/app/api/ranks/`."])).toEqual([
      "ground/path-missing src/app/api/ranks/",
    ]);
  });
});
