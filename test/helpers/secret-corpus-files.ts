// The files of the secret corpus: each plants credentials the way they are really committed, one format each.
import type { Plant, Take } from "./secret-corpus.js";

export type Template = (take: Take, plant: Plant) => string;

const b64 = (text: string) => Buffer.from(text).toString("base64");

export const TEMPLATES: Record<string, Template> = {
  ".env.example": (t) => `# copied from production by mistake
DATABASE_URL=postgres://shop:${t("password", "password in postgres URL")}@db.prod.internal:5432/shop
DB_PASS=${t("short password", "DB_PASS in .env")}
STRIPE_SECRET_KEY=${t("Stripe secret key")}
STRIPE_WEBHOOK_SECRET=${t("Stripe webhook secret")}
OPENAI_API_KEY=${t("OpenAI key")}
export ANTHROPIC_API_KEY=${t("Anthropic key")}
HF_TOKEN=${t("Hugging Face token")}
SESSION_SECRET=${t("high-entropy secret", "session secret in .env")}
`,
  "deploy/staging.env": (
    t,
  ) => `REDIS_URL=redis://:${t("password", "password in redis URL with empty user")}@cache.internal:6379/0
SLACK_APP_TOKEN=${t("Slack app token")}
SLACK_BOT_TOKEN=${t("Slack bot token")}
SENTRY_DSN=https://${t("Sentry DSN key")}@o450123.ingest.sentry.io/5512345
HEROKU_API_KEY=${t("Heroku API key")}
JWT_SECRET=${t("hex secret", "JWT secret in .env")}
`,
  "config/settings.yml": (t) => `database:
  host: db.internal
  username: app
  password: ${t("password", "YAML plain password")}
smtp:
  password: >-
    ${t("password", "YAML folded password")}
api:
  token: "${t("GitHub classic token")}"
  signing_key: |
    ${t("base64 secret", "YAML literal block signing key")}
aws:
  access_key_id: ${t("AWS access key")}
  secret_access_key: ${t("AWS secret key")}
`,
  "config/application.properties": (t) => `spring.datasource.url=jdbc:postgresql://db:5432/app
spring.datasource.username=app
spring.datasource.password=${t("password", "Spring datasource password")}
jwt.secret=${t("high-entropy secret", "jwt.secret property")}
mail.smtp.auth.token=${t("SendGrid key")}
`,
  "config/app.ini": (t) => `[database]
host = localhost
user = reporting
password = ${t("password", "INI password")}

[api]
api_key = ${t("high-entropy secret", "INI api_key")}
`,
  "config/app.toml": (t) => `[server]
port = 8080

[database]
password = "${t("password", "TOML password")}"

[integrations.linear]
api_key = "${t("Linear key")}"
notion_token = "${t("Notion token")}"
`,
  "config/secrets.example.json": (t) => `{
  "client_id": "1234567890-abc.apps.googleusercontent.com",
  "client_secret": "${t("Google OAuth client secret")}",
  "firebase": { "apiKey": "${t("Google API key")}" },
  "grafanaToken": "${t("Grafana service account token")}",
  "postmanApiKey": "${t("Postman key")}"
}
`,
  "src/main/resources/app.config.xml": (t) => `<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <appSettings>
    <add key="ApiKey" value="${t("high-entropy secret", "XML appSettings ApiKey")}" />
    <add key="StorageConnection" value="DefaultEndpointsProtocol=https;AccountName=shopdata;AccountKey=${t("Azure storage account key")};EndpointSuffix=core.windows.net" />
  </appSettings>
  <smtp>
    <password>${t("password", "XML password element")}</password>
  </smtp>
</configuration>
`,
  "web/config/database.php": (t) => `<?php
return [
    'default' => 'mysql',
    'connections' => [
        'mysql' => [
            'host' => env('DB_HOST', '127.0.0.1'),
            'username' => 'forge',
            'password' => '${t("password", "PHP array password")}',
        ],
    ],
    'mailgun' => ['secret' => '${t("Mailgun key")}'],
];
`,
  "src/main/java/com/shop/MailConfig.java": (t) => `package com.shop;

public class MailConfig {
    private static final String DB_PASSWORD = "${t("password", "Java constant password")}";

    public DataSource dataSource() {
        HikariDataSource ds = new HikariDataSource();
        ds.setUsername("shop");
        ds.setPassword("${t("password", "Java setPassword")}");
        return ds;
    }

    public Authenticator auth() {
        return new PasswordAuthentication("mailer", "${t("password", "Java PasswordAuthentication")}".toCharArray());
    }

    static final String TWILIO_KEY = "${t("Twilio API key")}";
}
`,
  "src/Shop.Api/Startup.cs": (t) => `namespace Shop.Api;

public class Startup
{
    private const string Conn = "Server=tcp:shop.database.windows.net,1433;Database=shop;User ID=admin;Password=${t("short password", "ADO.NET Password=")};Encrypt=True;";
    private const string Odbc = "Driver={ODBC Driver 18};Server=db;UID=sa;PWD={${t("password", "ODBC PWD={}")}};";
    private const string Bus = "Endpoint=sb://shop.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${t("Azure Service Bus key")}";

    public ICredentials Mail() => new NetworkCredential("mailer@shop.example", "${t("password", "C# NetworkCredential")}");

    public Options Options() => new Options { ClientSecret = "${t("Azure AD client secret")}", Password = "${t("password", "C# object initializer Password")}" };
}
`,
  "internal/payments/client.go": (t) => `package payments

import "net/http"

const shopifyToken = "${t("Shopify token")}"

var cfg = Config{
	Password: "${t("password", "Go struct Password")}",
	APIKey:   "${t("Databricks token")}",
}

func authorize(req *http.Request) {
	req.SetBasicAuth("billing", "${t("password", "Go SetBasicAuth")}")
	req.Header.Set("Authorization", "Bearer ${t("high-entropy secret", "Go Authorization Bearer")}")
}
`,
  "app/services/billing.py": (t) => `import os
import requests

SECRET_KEY = "django-insecure-${t("high-entropy secret", "Django SECRET_KEY")}"
PERPLEXITY_KEY = "${t("Perplexity key")}"

def fetch_invoices():
    return requests.get(
        "https://billing.example.com/invoices",
        auth=("billing", "${t("password", "Python requests auth tuple")}"),
        headers={"X-API-Key": "${t("high-entropy secret", "Python X-API-Key header")}"},
    )

os.environ.setdefault("DOPPLER_TOKEN", "${t("Doppler token")}")
`,
  "app/services/notifier.rb": (t) => `class Notifier
  TELEGRAM_TOKEN = "${t("Telegram bot token")}".freeze

  def client
    Faraday.new(url: "https://hooks.example.com") do |f|
      f.request :authorization, :basic, "notifier", "${t("password", "Ruby basic auth")}"
    end
  end

  def mailer_settings
    { user_name: "apikey", :password => "${t("password", "Ruby hash rocket password")}" }
  end

  def http
    HTTParty.get(url, basic_auth: { username: "ops", password: "${t("password", "Ruby symbol password")}" })
  end
end
`,
  "src/lib/clients.ts": (t, p) => `import { Octokit } from "@octokit/rest";

export const octokit = new Octokit({ auth: "${t("GitHub fine-grained token")}" });
const apiToken = "${t("high-entropy secret", "TS apiToken constant")}";
export const supabase = createClient(url, "${t("JSON web token")}");
export const headers = { Authorization: "Basic ${p("TS Basic header", b64(`billing:${t("password", "password inside Basic header")}`))}" };
export const vault = { token: "${t("Vault token")}" };
export const pulumi = { accessToken: "${t("Pulumi token")}" };
export const alibaba = { accessKeyId: "${t("Alibaba access key")}" };
`,
  "src/config/runtime.js": (t) => `module.exports = {
  gitlab: { token: "${t("GitLab token")}" },
  github: { appToken: "${t("GitHub app token")}" },
  mailchimp: { apiKey: "${t("Mailchimp key")}" },
  digitalocean: "${t("DigitalOcean token")}",
  square: { accessToken: "${t("Square token")}" },
  planetscale: { password: "${t("PlanetScale password")}" },
  rubygems: "${t("RubyGems key")}",
};
`,
  "scripts/deploy.sh": (t) => `#!/usr/bin/env bash
set -euo pipefail
export GITHUB_TOKEN=${t("GitHub classic token", "shell export GitHub token")}
curl -u deploy:${t("password", "curl -u user:password")} https://artifacts.example.com/upload
curl -H "Authorization: Bearer ${t("high-entropy secret", "curl Authorization Bearer")}" https://api.example.com/deploy
curl -H "Private-Token: ${t("GitLab token", "curl Private-Token header")}" https://gitlab.example.com/api/v4/projects
mysql -u root -p${t("short password", "mysql -p")} shop < dump.sql
docker login -u ci --password ${t("Docker Hub token")}
curl -X POST https://hooks.slack.com/services/${t("Slack webhook")} -d '{"text":"deployed"}'
`,
  Dockerfile: (t) => `FROM node:20-alpine
ENV NPM_TOKEN=${t("npm token")}
ARG PYPI_TOKEN=${t("PyPI token")}
ENV DB_PASSWORD=${t("password", "Dockerfile ENV password")}
RUN npm ci
`,
  "deploy/kubeconfig.yaml": (t, p) => `apiVersion: v1
kind: Config
clusters:
  - cluster:
      server: https://k8s.example.com
    name: prod
users:
  - name: admin
    user:
      client-certificate-data: ${b64("-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n")}
      client-key-data: ${p("kubeconfig client-key-data", b64(`-----BEGIN RSA PRIVATE KEY-----\n${t("base64 secret", "PEM body inside client-key-data")}\n-----END RSA PRIVATE KEY-----\n`))}
  - name: ci
    user:
      token: ${t("JSON web token", "kubeconfig user token")}
`,
  "k8s/gcp-secret.yaml": (t, p) => `apiVersion: v1
kind: Secret
metadata:
  name: gcp-credentials
type: Opaque
data:
  service-account.json: ${p(
    "base64 service account JSON",
    b64(
      JSON.stringify({
        type: "service_account",
        project_id: "shop-prod",
        private_key_id: t("hex secret", "service account private_key_id"),
        private_key: `-----BEGIN PRIVATE KEY-----\n${t("base64 secret", "service account private key body")}\n-----END PRIVATE KEY-----\n`,
        client_email: "deployer@shop-prod.iam.gserviceaccount.com",
      }),
    ),
  )}
  redis-password: ${p("k8s Secret data value", b64(t("password", "k8s Secret password (plain)")))}
`,
  "ci/docker-config.json": (t, p) => `{
  "auths": {
    "registry.example.com": {
      "auth": "${p("Docker config auth", b64(`ci:${t("password", "Docker registry password")}`))}"
    }
  }
}
`,
  "infra/main.tf": (t) => `provider "aws" {
  region     = "eu-west-1"
  access_key = "${t("AWS access key", "Terraform access_key")}"
  secret_key = "${t("AWS secret key", "Terraform secret_key")}"
}

resource "aws_db_instance" "shop" {
  username = "shop"
  password = "${t("password", "Terraform password")}"
}

terraform {
  cloud {
    token = "${t("Terraform Cloud token")}"
  }
}
`,
  "docs/setup.md": (t) => `# Setting up

Use the staging key while testing:

\`\`\`sh
export OPENAI_API_KEY=${t("OpenAI key", "OpenAI key in Markdown docs")}
export DYNATRACE_TOKEN=${t("Dynatrace token")}
\`\`\`

The storage account's SAS URL: https://shopdata.blob.core.windows.net/exports?sv=2022-11-02&ss=b&sig=${t("Azure SAS signature")}

Connect with \`psql "postgresql://admin:${t("password", "password in URL in Markdown")}@db.example.com/shop"\`.
Our encryption key for backups is \`${t("age secret key")}\`.
`,
  "config/database.yml": (t) => `production:
  adapter: postgresql
  url: <%= ENV["DATABASE_URL"] %>
  password: "${t("short password", "Rails database.yml password")}"
secret_key_base: ${t("hex secret", "Rails secret_key_base")}
`,
  "deploy/id_rsa.pub.txt": (t) => `Deploy key for the backup host (private half; move to the vault):
${t("OpenSSH private key")}
`,
  "certs/README.md": (t) => `Keys used by the test TLS server:

${t("RSA private key")}

${t("EC private key")}

Signing key for releases:

${t("PGP private key")}
`,
  "src/queue/amqp.ts": (
    t,
  ) => `export const broker = "amqps://worker:${t("password", "password in amqp URL")}@mq.example.com/vhost";
export const mongo = "mongodb+srv://app:${t("password", "password in mongodb+srv URL")}@cluster0.abcde.mongodb.net/shop";
export const webhookSecret = "${t("Stripe restricted key")}";
export const apiKey = "${t("base64 secret", "TS apiKey constant")}";
`,
  "config/gradle.properties": (t) => `org.gradle.jvmargs=-Xmx2g
signing.password=${t("password", "Gradle signing.password")}
ossrhToken=${t("high-entropy secret", "Gradle ossrhToken")}
`,
};
