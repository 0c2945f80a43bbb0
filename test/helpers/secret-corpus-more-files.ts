// More of the secret corpus: compose, Helm, Actions workflows, Kotlin, pip configuration, runbooks, .NET settings.
import type { Template } from "./secret-corpus-files.js";

export const MORE_TEMPLATES: Record<string, Template> = {
  "docker-compose.yml": (t) => `services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: ${t("password", "compose POSTGRES_PASSWORD")}
  mysql:
    image: mysql:8
    environment:
      - MYSQL_ROOT_PASSWORD=${t("short password", "compose list MYSQL_ROOT_PASSWORD")}
  worker:
    environment:
      SENTRY_AUTH_TOKEN: ${t("Sentry auth token")}
      CLOUDFLARE_ORIGIN_CA_KEY: ${t("Cloudflare origin CA key")}
`,
  "charts/shop/values.yaml": (t) => `postgresql:
  auth:
    adminPassword: ${t("password", "Helm adminPassword")}
    replicationPassword: "${t("password", "Helm replicationPassword")}"
redis:
  auth:
    password: '${t("short password", "Helm single-quoted password")}'
discord:
  botToken: ${t("Discord bot token")}
newrelic:
  licenseKey: ${t("hex secret", "New Relic license key")}
  userKey: ${t("New Relic key")}
`,
  ".github/workflows/release.yml": (t) => `name: release
on: push
jobs:
  publish:
    runs-on: ubuntu-latest
    env:
      NPM_TOKEN: ${t("npm token", "npm token in workflow env")}
      INFRACOST_API_KEY: ${t("Infracost token")}
    steps:
      - run: echo "//registry.npmjs.org/:_authToken=${t("npm token", "npm _authToken line")}" > ~/.npmrc
      - run: prefect cloud login --key ${t("Prefect token")}
`,
  "android/app/src/main/kotlin/shop/Api.kt": (t) => `package shop

object Api {
    const val MAPBOX_TOKEN = "${t("Mapbox secret token")}"
    private val shippo = ShippoClient(apiKey = "${t("Shippo token")}")
    val brevo = Brevo.builder().apiKey("${t("Brevo key")}").build()
    fun login() = client.withPassword("${t("password", "Kotlin withPassword")}")
}
`,
  "tools/pip.conf": (t) => `[global]
index-url = https://deploy:${t("password", "password in pip index-url")}@pypi.example.com/simple
extra-index-url = https://x-access-token:${t("GitHub app token", "GitHub token in git URL")}@github.com/shop/wheels
`,
  "docs/ops/runbook.md": (t) => `# Runbook

Octopus: \`octo deploy --apiKey ${t("Octopus Deploy key")}\`

OpenShift login: \`oc login --token=${t("OpenShift token")} --server=https://api.ocp.example.com:6443\`

Harness token for the pipeline: \`${t("Harness token")}\`

Google OAuth access token captured while debugging: \`${t("Google OAuth access token")}\`

\`\`\`
machine api.example.com login ops password ${t("password", "netrc line in docs")}
\`\`\`

Jira: \`JIRA_API_TOKEN=${t("Atlassian API token")}\`
`,
  "src/search/algolia.ts": (t) => `export const algoliaAdminKey = "${t("Algolia admin key")}";
export const oktaApiToken = "${t("Okta token")}";
export const reportingDb = "jdbc:mysql://reports.internal:3306/shop?user=report&password=${t("password", "JDBC password query parameter")}";
export const jwtSigningKey = "${t("hex secret", "TS jwtSigningKey")}";
`,
  "src/Shop.Api/appsettings.Production.json": (t) => `{
  "ConnectionStrings": {
    "Default": "Host=db;Database=shop;Username=app;Password=${t("password", "Npgsql Password= in appsettings")}"
  },
  "Jwt": { "Key": "${t("base64 secret", "appsettings Jwt.Key")}" },
  "SendGrid": { "ApiKey": "${t("SendGrid key", "SendGrid key in appsettings")}" }
}
`,
  "app/db.py": (t) => `import psycopg2

conn = psycopg2.connect(host="db", user="app", password="${t("password", "Python keyword argument password")}")
STRIPE = {"secret_key": "${t("Stripe secret key", "Stripe key in Python dict")}"}
client_secret = '${t("high-entropy secret", "Python client_secret single-quoted")}'
`,
};
