import { describe, expect, it } from "vitest";
import { detectRoles } from "../../src/context/detect-roles.js";
import { isProductFile, notProductFolder } from "../../src/context/product-files.js";

describe("isProductFile", () => {
  it("leaves out fixtures, examples, samples, demos and a root docs site", () => {
    for (const path of [
      "test/fixtures/repos/web/package.json",
      "examples/multi-router/controllers/api.js",
      "packages/core/__fixtures__/input.ts",
      "samples/hello/main.go",
      "demo/index.html",
      "docs/package.json",
      "website/src/pages/index.tsx",
    ])
      expect(isProductFile(path), path).toBe(false);
  });

  it("keeps the product's code, its tests and an app's own docs route", () => {
    for (const path of [
      "package.json",
      "src/app/docs/page.tsx",
      "test/setup.ts",
      "tests/conftest.py",
      "packages/web/package.json",
      "lib/application.js",
    ])
      expect(isProductFile(path), path).toBe(true);
  });

  it("leaves out a test folder's manifests: they belong to test apps", () => {
    expect(isProductFile("test/app/package.json")).toBe(false);
    expect(isProductFile("tests/integration/Gemfile")).toBe(false);
    expect(isProductFile("e2e/app/requirements.txt")).toBe(false);
  });

  it("names the outermost folder that is not the product", () => {
    expect(notProductFolder("test/fixtures/repos/web/src/page.tsx")).toBe("test/fixtures/");
    expect(notProductFolder("examples/multi-router/index.js")).toBe("examples/");
    expect(notProductFolder("src/lib/csv.ts")).toBeUndefined();
  });
});

describe("detectRoles outside the product", () => {
  it("takes roles from the product's folders and lists examples and fixtures apart, named as such", () => {
    const roles = detectRoles([
      "lib/router/index.js",
      "examples/multi-router/controllers/api_v1.js",
      "examples/mvc/controllers/user/index.js",
      "test/app.router.test.js",
      "test/fixtures/blog/components/Post.tsx",
    ]);
    expect(roles.find((entry) => entry.role === "controllers")).toBeUndefined();
    expect(roles.find((entry) => entry.role === "components")).toBeUndefined();
    expect(roles).toContainEqual({ role: "unit tests", paths: ["test/"] });
    expect(roles.at(-1)).toEqual({
      role: "examples, fixtures and docs sites (not the product)",
      paths: ["examples/", "test/fixtures/"],
    });
  });
});
