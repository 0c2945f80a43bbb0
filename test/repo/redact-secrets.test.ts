import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../src/repo/redact-secrets.js";
import { isSecretName } from "../../src/repo/secret-rules/secret-name.js";
import { seeded } from "../helpers/secret-corpus.js";

// Fake values, built from parts so no line of this file reads as a live token.
const r = seeded(99);
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";
const hidden = (text: string, secret: string) => {
  const { text: out, found } = redactSecrets(text);
  return { out, found, leaked: out.includes(secret) };
};

describe("redactSecrets: credentials that reached the model before", () => {
  const cases: [string, string][] = [
    ["Slack app token", `xa${"pp-1-"}A0${r(ALNUM, 9)}-${r("0123456789", 13)}-${r(HEX, 64)}`],
    ["Stripe webhook secret", `whs${"ec_"}${r(ALNUM, 32)}`],
    ["Google OAuth client secret", `GOC${"SPX-"}${r(ALNUM, 28)}`],
    ["Hugging Face token", `h${"f_"}${r("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 34)}`],
    ["Shopify token", `shp${"at_"}${r(HEX, 32)}`],
  ];
  it.each(cases)("hides a %s written anywhere", (_kind, secret) => {
    const { out, leaked } = hidden(`const value = "${secret}"; // ${secret}\n`, secret);
    expect(leaked).toBe(false);
    expect(out).toContain("[REDACTED ");
  });

  const pw = `Q${r(ALNUM, 10)}7!`;
  it.each([
    [
      "a Sentry DSN key",
      `dsn: "https://${r(HEX, 32)}@o4501.ingest.sentry.io/45"`,
      "@o4501.ingest.sentry.io/45",
    ],
    ["a Bearer header", `Authorization: Bearer ${r(ALNUM, 40)}`, "Authorization: Bearer [REDACTED]"],
    [
      "a Basic header",
      `-H "Authorization: Basic ${Buffer.from(`ops:${pw}`).toString("base64")}"`,
      "Basic [REDACTED]",
    ],
    ["curl -u user:password", `curl -u deploy:${pw} https://x.example.com`, "curl -u deploy:[REDACTED]"],
    [
      "a redis URL with an empty user",
      `REDIS_URL=redis://:${pw}@cache:6379`,
      "redis://:[REDACTED]@cache:6379",
    ],
    [
      "an Azure AccountKey",
      `AccountName=a;AccountKey=${r(ALNUM, 86)}==;EndpointSuffix=x`,
      "AccountKey=[REDACTED]",
    ],
    ["a short ADO.NET password", "Server=db;User ID=sa;Password=ab12!;Encrypt=True", "Password=[REDACTED];"],
    ["a PHP array password", `'password' => '${pw}',`, "'password' => '[REDACTED]',"],
    ["a Java setter", `ds.setPassword("${pw}");`, 'ds.setPassword("[REDACTED]");'],
    ["DB_PASS in .env", `DB_PASS=${pw}`, "DB_PASS=[REDACTED]"],
    [
      "a YAML folded password",
      `smtp:\n  password: >-\n    ${pw}\n  port: 25`,
      "password: >-\n    [REDACTED]\n  port: 25",
    ],
    [
      "a Docker auth field",
      `{"auths":{"r.example.com":{"auth":"${Buffer.from(`ci:${pw}`).toString("base64")}"}}}`,
      '"auth":"[REDACTED]"',
    ],
    [
      "a kubeconfig client key",
      `client-key-data: ${Buffer.from(`-----BEGIN RSA PRIVATE KEY-----\n${r(ALNUM, 64)}\n`).toString("base64")}`,
      "client-key-data: [REDACTED",
    ],
    [
      "base64 service-account JSON",
      `GOOGLE_CREDENTIALS=${Buffer.from(`{"type":"service_account","private_key":"${r(ALNUM, 40)}"}`).toString("base64")}`,
      "GOOGLE_CREDENTIALS=[REDACTED",
    ],
  ])("hides %s", (_what, text, expected) => {
    const { out } = hidden(text, pw);
    expect(out).toContain(expected);
    expect(out).not.toContain(pw);
  });
});

describe("redactSecrets: secret-named values in every syntax", () => {
  const value = `${r(ALNUM, 18)}9`;
  it.each([
    ["TOML", `password = "${value}"`],
    ["INI", `api_key = ${value}`],
    [".properties", `spring.datasource.password=${value}`],
    ["JSON", `{"client_secret": "${value}"}`],
    ["XML element", `<password>${value}</password>`],
    ["XML key/value", `<add key="SmtpPassword" value="${value}" />`],
    ["Ruby hash rocket", `:password => "${value}"`],
    ["Python keyword argument", `connect(user="app", password="${value}")`],
    ["Python auth tuple", `requests.get(url, auth=("app", "${value}"))`],
    ["C# credential", `new NetworkCredential("app", "${value}")`],
    ["Go basic auth", `req.SetBasicAuth("app", "${value}")`],
    ["Dockerfile ENV", `ENV API_TOKEN=${value}`],
    ["a compose list", `  - MYSQL_ROOT_PASSWORD=${value}`],
    ["a CLI flag", `tool login --password=${value}`],
    ["a literal YAML block", `signing_key: |\n  ${value}\n`],
    ["a JDBC query parameter", `jdbc:mysql://db/shop?user=app&password=${value}`],
  ])("hides the value in %s", (_syntax, text) => {
    const { text: out, found } = redactSecrets(text);
    expect(out).not.toContain(value);
    expect(found.length).toBeGreaterThan(0);
  });
});

describe("redactSecrets: what a plan needs stays", () => {
  it.each([
    `commit: ${r(HEX, 40)}`,
    `tenant: ${r(HEX, 8)}-${r(HEX, 4)}-4${r(HEX, 3)}-8${r(HEX, 3)}-${r(HEX, 12)}`,
    `"integrity": "sha512-${r(ALNUM, 86)}=="`,
    "color: '#ff8800'",
    '"version": "4.17.21"',
    "API_KEY=your-api-key",
    "token: <token>",
    "password: changeme",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder that must stay, not a template.
    "NPM_TOKEN: ${{ secrets.NPM_TOKEN }}",
    "const key = process.env.STRIPE_SECRET_KEY;",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder that must stay, not a template.
    "DB_PASSWORD=${POSTGRES_PASSWORD}",
    'SECRET_KEY = os.environ["SECRET_KEY"]',
    "SLACK_TOKEN=xxx",
    'const docs = "sk_test_xxxxxxxxxxxxxxxxxxxxxxxx";',
    "DATABASE_URL=postgres://user:password@localhost:5432/app",
    "max_tokens: 4096",
    'password: "Password is required"',
    'curl -u "$USER:$PASS" https://example.com',
    "Authorization: Bearer $GITHUB_TOKEN",
    '"@octokit/auth-token": "^6.0.0",',
    "        token: token2,",
    'credentials: this.withCredentials ? "include" : "same-origin",',
    "throw new Error(\"privateKey must start with '-----BEGIN RSA PRIVATE KEY-----'. Check the .env file\");",
    'const { data } = await requestWithAuth("GET /app/installations");',
    'refreshTokenExpiresAt: "2026-06-01T12:00:00Z",',
  ])("keeps %j", (text) => {
    expect(redactSecrets(text)).toEqual({ text, found: [] });
  });

  it("names a provider's key in its replacement, and hides only the value beside a key name", () => {
    const key = `sk${"_live_"}${r(ALNUM, 24)}`;
    expect(redactSecrets(`STRIPE_KEY=${key}`).text).toBe("STRIPE_KEY=[REDACTED Stripe key]");
    expect(redactSecrets(`password: ${r(ALNUM, 12)}5`).text).toBe("password: [REDACTED]");
  });

  it("reports one kind per replacement for the operator's log, never the value", () => {
    const { found } = redactSecrets(`password: ${r(ALNUM, 12)}5\nurl: postgres://a:${r(ALNUM, 12)}@db/x\n`);
    expect(found).toEqual(["value of password", "password in URL"]);
  });
});

describe("isSecretName", () => {
  it.each([
    "DB_PASS",
    "clientSecret",
    "client-key-data",
    "x-api-key",
    "aws_secret_access_key",
    "_authToken",
    "AccountKey",
  ])("treats %s as naming a secret", (name) => expect(isSecretName(name)).toBe(true));
  it.each([
    "max_tokens",
    "password_min_length",
    "tokenizer",
    "cache-key",
    "secretName",
    "author",
    "primary_key",
  ])("treats %s as an ordinary name", (name) => expect(isSecretName(name)).toBe(false));
});
