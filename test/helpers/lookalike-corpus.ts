// Strings that look like credentials and are not, in the files they live in: a plan needs them intact (a commit
// to pin, an integrity hash, a placeholder that shows where a key goes, a reference to where the secret lives).
import { seeded } from "./secret-corpus.js";

export interface LookAlikeCorpus {
  files: Record<string, string>;
  /** Each must survive redaction unchanged. */
  lookAlikes: { kind: string; text: string; path: string }[];
}

const HEX = "0123456789abcdef";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function lookAlikeCorpus(seed = 7): LookAlikeCorpus {
  const r = seeded(seed);
  const lookAlikes: LookAlikeCorpus["lookAlikes"] = [];
  const files: Record<string, string> = {};
  const sha = () => r(HEX, 40);
  const uuid = () => `${r(HEX, 8)}-${r(HEX, 4)}-4${r(HEX, 3)}-8${r(HEX, 3)}-${r(HEX, 12)}`;
  const add = (path: string, lines: [kind: string, text: string][]) => {
    files[path] = `${lines.map(([, text]) => text).join("\n")}\n`;
    for (const [kind, text] of lines) lookAlikes.push({ kind, text, path });
  };

  add(".env.sample", [
    ["placeholder in angle brackets", "OPENAI_API_KEY=<your-openai-key>"],
    ["your-api-key placeholder", "STRIPE_SECRET_KEY=your-api-key"],
    ["empty value", "SENTRY_DSN="],
    ["changeme", "ADMIN_PASSWORD=changeme"],
    ["xxx placeholder", "SLACK_BOT_TOKEN=xxx"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder the corpus must keep, not a template.
    ["${VAR} reference", "DATABASE_PASSWORD=${POSTGRES_PASSWORD}"],
    ["placeholder URL password", "DATABASE_URL=postgres://user:password@localhost:5432/shop"],
    ["URL without password", "REDIS_URL=redis://localhost:6379/0"],
    ["token lifetime", "TOKEN_TTL=3600"],
    ["version number", "API_VERSION=2024-06-20"],
  ]);
  add("config/app.yml", [
    ["git SHA", `deployed_commit: ${sha()}`],
    ["UUID", `tenant_id: ${uuid()}`],
    ["colour", 'primary_color: "#1f6feb"'],
    ["secret name reference", "secretName: db-credentials"],
    ["max tokens", "max_tokens: 4096"],
    ["tokenizer name", "tokenizer: cl100k_base"],
    ["password policy", "password_min_length: 12"],
    ["ERB env reference", "secret_key_base: <%= ENV['SECRET_KEY_BASE'] %>"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder the corpus must keep, not a template.
    ["Actions secret reference", "token: ${{ secrets.NPM_TOKEN }}"],
    ["boolean auth", "auth: true"],
    ["masked value", 'password: "********"'],
    ["image digest", `image: ghcr.io/shop/api@sha256:${r(HEX, 64)}`],
  ]);
  add("src/lib/config.ts", [
    ["process.env", "export const stripeKey = process.env.STRIPE_SECRET_KEY;"],
    ["import.meta.env", "const apiKey = import.meta.env.VITE_API_KEY;"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal in the corpus's code, kept as text.
    ["template Bearer header", "headers.Authorization = `Bearer ${token}`;"],
    ["form field name", "const password = form.get('password');"],
    ["validation message", 'const messages = { password: "Password is required" };'],
    ["placeholder token in docs string", 'const example = "sk_test_xxxxxxxxxxxxxxxxxxxxxxxx";'],
    ["i18n key", 't("auth.passwordReset.title");'],
    ["hash in test expectation", `expect(sha1("abc")).toBe("${sha()}");`],
    ["UUID constant", `export const DEFAULT_ORG = "${uuid()}";`],
    [
      "base64 of non-credential JSON",
      `const state = "${Buffer.from('{"page":2,"sort":"date"}').toString("base64")}";`,
    ],
    ["config lookup", 'const secret = config.get("jwt.secret");'],
  ]);
  add("app/settings.py", [
    ["os.environ lookup", 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]'],
    ["os.getenv lookup", 'api_token = os.getenv("API_TOKEN")'],
    ["getpass prompt", "password = getpass.getpass()"],
    ["password hasher setting", 'PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]'],
  ]);
  add("src/main/java/com/shop/Env.java", [
    ["System.getenv", 'String password = System.getenv("DB_PASSWORD");'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder the corpus must keep, not a template.
    ["Spring placeholder", 'String secret = "${jwt.secret}";'],
  ]);
  add("package.json", [
    ["package version", '  "version": "4.17.21",'],
    ["integrity hash", `  "integrity": "sha512-${r(B64, 86)}==",`],
    ["gitHead", `  "gitHead": "${sha()}",`],
  ]);
  add("docs/deploy.md", [
    ["prose about tokens", "Create a fine-grained token with read access to the repository."],
    ["curl with variables", 'curl -u "$DEPLOY_USER:$DEPLOY_PASSWORD" https://artifacts.example.com'],
    ["header with variable", 'curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user'],
    ["short commit in changelog", `- Fix login redirect (${r(HEX, 7)})`],
    ["SSH public key", `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r(B64, 43)} deploy@shop`],
    ["Go pseudo-version", `require golang.org/x/net v0.0.0-20240101120000-${r(HEX, 12)}`],
    ["CSP hash", `Content-Security-Policy: script-src 'sha256-${r(B64, 43)}='`],
    ["password flag from stdin", 'echo "$TOKEN" | docker login ghcr.io -u ci --password-stdin'],
  ]);
  add("infra/variables.tf", [
    ["Terraform variable reference", "  password = var.db_password"],
    ["Terraform sensitive flag", "  sensitive = true"],
  ]);
  return { files, lookAlikes };
}
