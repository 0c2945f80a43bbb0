// A small repository with credentials planted the ways they really leak into repositories.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export const PLANTED = {
  awsKey: "AKIAIOSFODNN7EXAMPLE",
  githubToken: `ghp_${"a1B2c3D4e5".repeat(4)}`,
  dbPassword: "s3cr3t-Pa55w0rd-9x8",
  stripeKey: `sk_live_${"51HxYzAbCdEf".repeat(2)}`,
  envValue: "prod-only-value-7f3k2",
  privateKeyLine: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
  apiToken: "q9Zr4Lx8Vw2Tn6Bp",
};

export function writeRepo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "planted-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

export function plantedSecretsRepo(): string {
  return writeRepo({
    "package.json": JSON.stringify({ name: "shop", dependencies: { next: "15.0.0" } }),
    ".gitignore": "generated/\n*.log\n",
    ".env": `DATABASE_URL=postgres://app:${PLANTED.dbPassword}@db:5432/shop\nSECRET=${PLANTED.envValue}\n`,
    ".env.example": "DATABASE_URL=postgres://user:password@localhost:5432/shop\nSECRET=\n",
    "config/master.key": PLANTED.envValue,
    "deploy/id_rsa": `-----BEGIN OPENSSH PRIVATE KEY-----\n${PLANTED.privateKeyLine}\n-----END OPENSSH PRIVATE KEY-----\n`,
    "src/lib/aws.ts": `export const client = new S3({ accessKeyId: "${PLANTED.awsKey}" });\n`,
    "src/lib/github.ts": `const token = "${PLANTED.githubToken}";\nexport default token;\n`,
    "src/lib/db.ts": `export const url = "postgres://app:${PLANTED.dbPassword}@db.internal:5432/shop";\n`,
    "src/lib/billing.ts": `const stripe = new Stripe("${PLANTED.stripeKey}");\nexport const apiToken = "${PLANTED.apiToken}";\nexport const password = process.env.PASSWORD;\n`,
    "src/app/page.tsx": "export default function Page() { return <main>Shop</main>; }\n",
    "generated/client.ts": "export const generated = true;\n",
    "debug.log": "noise\n",
    "node_modules/left-pad/index.js": "module.exports = 1;\n",
    "package-lock.json": '{"lockfileVersion":3}',
    "public/logo.png": "\u0089PNG\r\n\u001a\n\u0000\u0000",
  });
}
