import { describe, expect, it } from "vitest";
import { frameworkModes } from "../../../src/context/stack/framework-modes.js";
import { fixtureRepoFiles, memorySnapshot } from "../../helpers/memory-snapshot.js";

const modesOf = async (files: Record<string, string> | Map<string, string>) => {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  return Object.fromEntries(await frameworkModes(memorySnapshot(map), [...map.keys()]));
};

describe("frameworkModes", () => {
  it("reads the App Router and Server Actions of a Next.js app", async () => {
    expect(await modesOf(fixtureRepoFiles("nextjs-prisma"))).toEqual({
      nextjs: ["App Router", "uses Server Actions"],
    });
  });

  it("tells the Pages Router, and both routers side by side, apart", async () => {
    expect(await modesOf({ "pages/index.tsx": "export default () => null;" })).toEqual({
      nextjs: ["Pages Router"],
    });
    expect(
      await modesOf({ "src/pages/old.tsx": "", "src/app/new/page.tsx": "export default () => null;" }),
    ).toEqual({ nextjs: ["App Router and Pages Router"] });
  });

  it("finds Server Actions by a directive near the top of a file, not one deep inside it", async () => {
    const app = { "app/page.tsx": "export default () => null;" };
    expect(await modesOf({ ...app, "app/lib/actions.ts": '// Mutations\n"use server";\n' })).toEqual({
      nextjs: ["App Router", "uses Server Actions"],
    });
    expect(
      await modesOf({ ...app, "app/lib/docs.ts": `${"// padding\n".repeat(60)}'use server';\n` }),
    ).toEqual({ nextjs: ["App Router"] });
  });

  it("reads an API-only Rails application from config/application.rb", async () => {
    expect(await modesOf(fixtureRepoFiles("rails-app"))).toEqual({ rails: ["full-stack MVC with views"] });
    expect(
      await modesOf({
        "config/application.rb": "module Api\n  class Application\n    config.api_only = true\n  end\nend\n",
      }),
    ).toEqual({ rails: ["API-only application"] });
  });

  it("lists a Django project's apps", async () => {
    expect(await modesOf(fixtureRepoFiles("django-app"))).toEqual({ django: ["apps: billing"] });
    expect(await modesOf({ "manage.py": "" })).toEqual({});
  });

  it("reads Remix, SvelteKit and NestJS layouts", async () => {
    expect(await modesOf({ "app/routes/_index.tsx": "" })).toEqual({
      remixrun: ["file-based routes in app/routes/"],
    });
    expect(await modesOf({ "src/routes/+page.svelte": "" })).toEqual({
      sveltekit: ["file-based routes in src/routes/ (+page.svelte, +page.server.ts)"],
    });
    expect(await modesOf(fixtureRepoFiles("monorepo"))).toMatchObject({
      nestjs: ["modules with controllers and providers"],
    });
  });

  it("finds no mode in a repository without a known framework layout", async () => {
    expect(await modesOf({ "src/index.ts": "", "README.md": "" })).toEqual({});
  });
});
