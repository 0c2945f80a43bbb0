import { describe, expect, it } from "vitest";
import { renderStack } from "../../src/context/render-stack.js";
import type { TechStack } from "../../src/context/stack/detect-stack.js";

const empty: TechStack = { languages: [], packageManager: null, categories: {}, scripts: [], workspaces: [] };

describe("renderStack", () => {
  it("writes the stack as context lines, categories in a fixed order with versions and notes", () => {
    const stack: TechStack = {
      languages: ["TypeScript", "CSS"],
      packageManager: "pnpm",
      categories: {
        e2eTests: [{ key: "playwright", name: "Playwright", version: "1.50.0" }],
        orm: [
          {
            key: "prisma",
            name: "Prisma",
            version: "6.1.0",
            notes: ["schema: `prisma/schema.prisma`", "commands: `pnpm db:migrate`"],
          },
        ],
        frameworks: [
          { key: "nextjs", name: "Next.js", version: "15.1.0", notes: ["App Router"] },
          { key: "express", name: "Express" },
        ],
      },
      scripts: [],
      workspaces: ["apps/web", "packages/db"],
    };
    expect(renderStack(stack)).toEqual([
      "- Languages: TypeScript, CSS",
      "- Package manager: pnpm",
      "- Frameworks: Next.js 15.1.0 (App Router); Express",
      "- ORM and migrations: Prisma 6.1.0 (schema: `prisma/schema.prisma`; commands: `pnpm db:migrate`)",
      "- End-to-end tests: Playwright 1.50.0",
      "- Workspace packages: `apps/web/`, `packages/db/`",
    ]);
  });

  it("groups scripts by manifest and shortens long commands", () => {
    const long = `node scripts/build.mjs ${"--flag ".repeat(10)}`;
    const lines = renderStack({
      ...empty,
      scripts: [
        { manifest: "package.json", name: "test", command: "vitest run" },
        { manifest: "packages/db/package.json", name: "db:migrate", command: "drizzle-kit migrate" },
        { manifest: "package.json", name: "build", command: long },
      ],
    });
    expect(lines).toEqual([
      `- Scripts in \`package.json\`: \`test\` (vitest run), \`build\` (${long.slice(0, 57)}...)`,
      "- Scripts in `packages/db/package.json`: `db:migrate` (drizzle-kit migrate)",
    ]);
  });

  it("says nothing was detected rather than leaving the section empty", () => {
    expect(renderStack(empty)).toEqual(["- Not detected: infer the stack from the file tree."]);
    expect(renderStack({ ...empty, categories: { orm: [] } })).toEqual([
      "- Not detected: infer the stack from the file tree.",
    ]);
  });
});
