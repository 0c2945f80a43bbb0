import { describe, expect, it } from "vitest";
import { renderBasicContext } from "../../src/context/render-basic-context.js";

const overview = {
  fullName: "acme/web",
  defaultBranch: "main",
  paths: [
    "package.json",
    "src/app/page.tsx",
    "src/app/api/users/route.ts",
    "prisma/schema.prisma",
    "README.md",
  ],
  treeTruncated: false,
  packageJson: JSON.stringify({
    name: "web",
    dependencies: { next: "15.0.0" },
    devDependencies: { vitest: "3.0.0" },
    scripts: { "db:migrate": "prisma migrate dev" },
  }),
  readme: { path: "README.md", text: "# Web\n\nThe storefront." },
};

describe("renderBasicContext", () => {
  it("lists the stack, the scripts, every path and the README", () => {
    const text = renderBasicContext(overview);
    expect(text).toContain("Repository: acme/web (default branch `main`)");
    expect(text).toContain("dependencies: next@15.0.0");
    expect(text).toContain("devDependencies: vitest@3.0.0");
    expect(text).toContain("`db:migrate`: `prisma migrate dev`");
    for (const path of overview.paths) expect(text).toContain(`\n${path}\n`);
    expect(text).toContain("The storefront.");
  });

  it("lists shallow paths first within the budget and says how many are left out", () => {
    const deep = Array.from({ length: 500 }, (_, i) => `packages/a/src/deep/module-${i}.ts`);
    const text = renderBasicContext(
      { ...overview, paths: [...overview.paths, ...deep], treeTruncated: true },
      { treeChars: 400, readmeChars: 10 },
    );
    expect(text).toContain("\npackage.json\n");
    expect(text).toContain("GitHub truncated the listing");
    expect(text).toMatch(/\(\d+ deeper paths are not listed; do not assume which exist\.\)/);
  });

  it("says so when there is no package.json or it is broken", () => {
    expect(renderBasicContext({ ...overview, packageJson: undefined })).toContain("No package.json");
    expect(renderBasicContext({ ...overview, packageJson: "{" })).toContain("not valid JSON");
  });
});
