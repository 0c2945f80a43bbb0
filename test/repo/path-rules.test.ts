import { describe, expect, it } from "vitest";
import {
  basename,
  hasBinaryExtension,
  isLockfile,
  isSecretPath,
  isSkippedPath,
  readableByName,
} from "../../src/repo/path-rules.js";

describe("isSkippedPath", () => {
  it.each([
    "node_modules/react/index.js",
    "apps/web/node_modules/next/dist/server.js",
    ".git/config",
    "dist/main.js",
    "packages/ui/.next/cache/x.json",
    "api/__pycache__/views.cpython-312.pyc",
    "vendor/bundle/ruby/gems/rails.rb",
    "ios/Pods/Alamofire/Source.swift",
  ])("skips %s", (path) => {
    expect(isSkippedPath(path)).toBe(true);
  });

  it.each([
    "src/build-info.ts",
    "src/builder/index.ts",
    "docs/distribution.md",
    "src/vendors.ts",
    "lib/out.ts",
  ])("keeps %s: only whole folder names count", (path) => {
    expect(isSkippedPath(path)).toBe(false);
  });
});

describe("isLockfile", () => {
  it("knows lockfiles by name in any folder", () => {
    expect(isLockfile("package-lock.json")).toBe(true);
    expect(isLockfile("apps/web/pnpm-lock.yaml")).toBe(true);
    expect(isLockfile("services/api/go.sum")).toBe(true);
    expect(isLockfile("Gemfile")).toBe(false);
    expect(isLockfile("docs/package-lock.json.md")).toBe(false);
  });
});

describe("hasBinaryExtension", () => {
  it("knows binary formats by extension, in any case", () => {
    expect(hasBinaryExtension("public/logo.PNG")).toBe(true);
    expect(hasBinaryExtension("models/weights.safetensors")).toBe(true);
    expect(hasBinaryExtension("fonts/Inter.woff2")).toBe(true);
    expect(hasBinaryExtension("src/png.ts")).toBe(false);
    expect(hasBinaryExtension("public/logo.svg")).toBe(false);
  });

  it("does not take a dot file's name for an extension", () => {
    expect(hasBinaryExtension(".zip")).toBe(false);
    expect(hasBinaryExtension("assets/.db")).toBe(false);
    expect(hasBinaryExtension("data/app.db")).toBe(true);
  });
});

describe("isSecretPath", () => {
  it.each([
    ".env",
    "apps/api/.env.production.local",
    "certs/server.pem",
    "deploy/id_ed25519",
    "deploy/id_rsa.pub",
    ".npmrc",
    "config/credentials.json",
    "config/master.key",
    "config/credentials.yml.enc",
    "config/app.secrets.yaml",
    "infra/terraform.tfstate",
    "infra/prod.tfvars",
    ".aws/config",
    "home/.ssh/known_hosts",
    "k8s/secrets/db.yaml",
  ])("never reads %s", (path) => {
    expect(isSecretPath(path)).toBe(true);
  });

  it.each([
    ".env.example",
    "apps/web/.env.local.sample",
    ".env.template",
    "src/secretary.ts",
    "src/lib/auth.ts",
    "docs/secrets.md",
    "src/token-rules.ts",
    "config/settings.yml",
  ])("reads %s", (path) => {
    expect(isSecretPath(path)).toBe(false);
  });
});

describe("basename", () => {
  it("gives the last segment of a path", () => {
    expect(basename("apps/web/.env")).toBe(".env");
    expect(basename("Makefile")).toBe("Makefile");
  });
});

describe("readableByName", () => {
  it.each([
    ["src/app.ts", true],
    ["docs/guide.md", true],
    ["node_modules/x/index.js", false],
    ["package-lock.json", false],
    ["public/logo.png", false],
    [".env", false],
    ["config/master.key", false],
  ])("%s: %s", (path, readable) => {
    expect(readableByName(path)).toBe(readable);
  });
});
