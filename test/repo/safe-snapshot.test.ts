import { describe, expect, it } from "vitest";
import { openLocalSnapshot } from "../../src/repo/local-snapshot.js";
import { isSecretPath } from "../../src/repo/path-rules.js";
import { redactSecrets } from "../../src/repo/redact-secrets.js";
import { safeSnapshot } from "../../src/repo/safe-snapshot.js";
import { heldSnapshot, memorySnapshot } from "../helpers/memory-snapshot.js";
import { PLANTED, plantedSecretsRepo } from "../helpers/planted-secrets.js";

describe("safeSnapshot", () => {
  it("drops dependency folders and ignored paths, and lists secrets, lockfiles and binaries without reading them", async () => {
    const snapshot = safeSnapshot(await openLocalSnapshot(plantedSecretsRepo()), {
      maxFileBytes: 100_000,
      exclude: ["src/lib/github.ts"],
    });
    const files = await snapshot.listFiles();
    const byPath = Object.fromEntries(files.map((file) => [file.path, file.unreadable ?? "readable"]));
    expect(byPath).toEqual({
      ".env": "secret",
      ".env.example": "readable",
      ".gitignore": "readable",
      "config/master.key": "secret",
      "deploy/id_rsa": "secret",
      "package-lock.json": "lockfile",
      "package.json": "readable",
      "public/logo.png": "binary",
      "src/app/page.tsx": "readable",
      "src/lib/aws.ts": "readable",
      "src/lib/billing.ts": "readable",
      "src/lib/db.ts": "readable",
    });
    expect(await snapshot.readFile(".env")).toBeUndefined();
    expect(await snapshot.readFile("config/master.key")).toBeUndefined();
    expect(await snapshot.readFile("node_modules/left-pad/index.js")).toBeUndefined();
    expect(await snapshot.readFile("src/lib/github.ts")).toBeUndefined();
    expect(await snapshot.readFile(".env.example")).toContain("DATABASE_URL=postgres://user:");
  });

  it("applies each .gitignore to the paths under its folder only, with its folder patterns, and the configured ones", async () => {
    const snapshot = safeSnapshot(
      memorySnapshot({
        ".gitignore": "/reports\n*.log\n",
        "reports/out.ts": "x",
        "src/reports/keep.ts": "x",
        "src/app.log": "x",
        "packages/app/.gitignore": "tmp/\n*.gen.ts\n!keep.gen.ts\n",
        "packages/app/tmp/cache.ts": "x",
        "packages/app/src/tmp/deep.ts": "x",
        "packages/app/src/schema.gen.ts": "x",
        "packages/app/src/main.ts": "x",
        "packages/lib/tmp/kept.ts": "x",
        "packages/lib/a.gen.ts": "x",
        "docs/guide.md": "x",
        "docs/api/index.md": "x",
      }),
      { maxFileBytes: 100_000, exclude: ["docs/api/"] },
    );
    expect((await snapshot.listFiles()).map((file) => file.path).sort()).toEqual([
      ".gitignore",
      "docs/guide.md",
      "packages/app/.gitignore",
      "packages/app/src/main.ts",
      "packages/lib/a.gen.ts",
      "packages/lib/tmp/kept.ts",
      "src/reports/keep.ts",
    ]);
  });

  it("applies .gitignore files of the same text each to its own folder", async () => {
    // The same text in two packages and at the root (one matcher serves them): anchored patterns stay anchored to
    // each file's own folder, and a deeper .gitignore adds to its parents'.
    const text = "/local.txt\ngen/\n!gen/keep.ts\n";
    const snapshot = safeSnapshot(
      memorySnapshot({
        "packages/a/.gitignore": text,
        "packages/a/local.txt": "x",
        "packages/a/sub/local.txt": "x",
        "packages/a/gen/out.ts": "x",
        "packages/b/.gitignore": text,
        "packages/b/local.txt": "x",
        "packages/b/src/gen/out.ts": "x",
        "packages/b/src/.gitignore": "*.tmp\n",
        "packages/b/src/a.tmp": "x",
        "packages/c/local.txt": "x",
        "packages/c/gen/out.ts": "x",
        "local.txt": "x",
      }),
      { maxFileBytes: 100_000 },
    );
    expect((await snapshot.listFiles()).map((file) => file.path).sort()).toEqual([
      "local.txt",
      "packages/a/.gitignore",
      "packages/a/sub/local.txt",
      "packages/b/.gitignore",
      "packages/b/src/.gitignore",
      "packages/c/gen/out.ts",
      "packages/c/local.txt",
    ]);
  });

  it("redacts credentials in the files it reads and records what it redacted", async () => {
    const snapshot = safeSnapshot(await openLocalSnapshot(plantedSecretsRepo()), { maxFileBytes: 100_000 });
    const texts = await Promise.all(
      ["src/lib/aws.ts", "src/lib/db.ts", "src/lib/billing.ts", "src/lib/github.ts"].map((p) =>
        snapshot.readFile(p),
      ),
    );
    const all = texts.join("\n");
    for (const secret of [
      PLANTED.awsKey,
      PLANTED.dbPassword,
      PLANTED.stripeKey,
      PLANTED.githubToken,
      PLANTED.apiToken,
    ]) {
      expect(all).not.toContain(secret);
    }
    expect(all).toContain("process.env.PASSWORD");
    expect(all).toContain("postgres://app:[REDACTED]@db.internal:5432/shop");
    expect([...snapshot.redactions.keys()].sort()).toEqual([
      "src/lib/aws.ts",
      "src/lib/billing.ts",
      "src/lib/db.ts",
      "src/lib/github.ts",
    ]);
  });
});

describe("safeSnapshot reads", () => {
  it("reads each file once, however many stages ask (a request each through the trees API)", async () => {
    const inner = await openLocalSnapshot(plantedSecretsRepo());
    const reads: string[] = [];
    const counting = {
      ...inner,
      commit: inner.commit,
      listFiles: () => inner.listFiles(),
      readFile: (path: string) => {
        reads.push(path);
        return inner.readFile(path);
      },
    };
    const snapshot = safeSnapshot(counting, { maxFileBytes: 100_000 });
    await Promise.all([snapshot.readFile("package.json"), snapshot.readFile("package.json")]);
    await snapshot.readFile("package.json");
    expect(reads.filter((path) => path === "package.json")).toHaveLength(1);
  });

  it("gives held texts for ranking as it reads files one by one: the same files, unredacted, in the order asked", async () => {
    const files = new Map([
      ["src/db.ts", `export const url = "postgres://admin:${"s3cr3t".repeat(3)}@db.internal:5432/app";\n`],
      ["src/é.ts", "export const café = 1;\n"],
      [".env", "TOKEN=abc\n"],
      ["package-lock.json", "{}"],
      ["public/logo.png", "png"],
      ["data/blob.txt", `header\u0000${"x".repeat(100)}`],
      ["docs/big.md", "word ".repeat(30_000)],
      ["node_modules/x/index.js", "module.exports = 1;"],
      ["README.md", "# app\n"],
    ]);
    const snapshot = safeSnapshot(heldSnapshot(files), { maxFileBytes: 100_000 });
    const asked = ["README.md", ...files.keys(), "missing.ts"];
    const held = await snapshot.heldUnredacted?.(asked);
    const oneByOne = new Map<string, string>();
    for (const path of asked) {
      const text = await snapshot.readUnredacted(path);
      if (text !== undefined) oneByOne.set(path, text);
    }
    expect([...(held?.keys() ?? [])]).toEqual(["README.md", "src/db.ts", "src/é.ts"]);
    expect(new Map(held)).toEqual(oneByOne);
    // Unredacted: ranking reads it; only `redact` makes what a prompt may show.
    expect(held?.get("src/db.ts")).toContain("s3cr3t");
    // A snapshot that reads files one by one holds none.
    expect(safeSnapshot(memorySnapshot(files), { maxFileBytes: 100_000 }).heldUnredacted).toBeUndefined();
  });
});

describe("isSecretPath", () => {
  it.each([
    ".env",
    ".env.production",
    "apps/web/.env.local",
    "certs/server.key",
    "tls.pem",
    ".npmrc",
    "credentials.json",
    "service-account-prod.json",
    "config/master.key",
    ".aws/credentials",
    "id_ed25519",
    "prod.tfvars",
  ])("treats %s as a secret", (path) => expect(isSecretPath(path)).toBe(true));
  it.each([
    ".env.example",
    ".env.sample",
    "apps/web/.env.local.example",
    "src/keyboard.ts",
    "docs/secrets-management.md",
    "src/auth/token.ts",
  ])("reads %s", (path) => expect(isSecretPath(path)).toBe(false));
});

describe("redactSecrets", () => {
  it.each([
    ["-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----", "[REDACTED private key]"],
    [
      'jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"',
      "[REDACTED",
    ],
    ["client_secret: 8f4kQ2vX9mL3pZ7wR1tY", "client_secret: [REDACTED]"],
    ["OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwx", "[REDACTED OpenAI key]"],
  ])("redacts %j", (text, expected) => {
    expect(redactSecrets(text).text).toContain(expected);
  });

  it.each([
    "const password = form.get('password');",
    'token: "string"',
    "apiKey: process.env.API_KEY",
    "secret_key_base: <%= ENV['SECRET_KEY_BASE'] %>",
    "See the token-refresh-handler docs.",
  ])("leaves ordinary code alone: %j", (text) => {
    expect(redactSecrets(text)).toEqual({ text, found: [] });
  });
});
