// Technologies plans depend on that the stack analyser does not report: client data fetching, test runners
// outside JavaScript, Spring.
import type { StackCategory } from "./detect-stack.js";

export interface ExtraTech {
  key: string;
  name: string;
  category: StackCategory;
  /** The dependency that carries the version. */
  dependency?: string;
}

const BY_DEPENDENCY: (ExtraTech & { dependency: string })[] = [
  { key: "rails", name: "Rails", category: "frameworks", dependency: "rails" },
  { key: "django", name: "Django", category: "frameworks", dependency: "django" },
  {
    key: "djangorestframework",
    name: "Django REST framework",
    category: "frameworks",
    dependency: "djangorestframework",
  },
  { key: "flask", name: "Flask", category: "frameworks", dependency: "flask" },
  { key: "fastapi", name: "FastAPI", category: "frameworks", dependency: "fastapi" },
  { key: "nestjs", name: "NestJS", category: "frameworks", dependency: "@nestjs/core" },
  { key: "laravel", name: "Laravel", category: "frameworks", dependency: "laravel/framework" },
  { key: "express", name: "Express", category: "frameworks", dependency: "express" },
  { key: "probot", name: "Probot", category: "frameworks", dependency: "probot" },
  { key: "fastify", name: "Fastify", category: "frameworks", dependency: "fastify" },
  { key: "gin", name: "Gin", category: "frameworks", dependency: "github.com/gin-gonic/gin" },
  { key: "echo", name: "Echo", category: "frameworks", dependency: "github.com/labstack/echo/v4" },
  { key: "axum", name: "Axum", category: "frameworks", dependency: "axum" },
  { key: "actix-web", name: "Actix Web", category: "frameworks", dependency: "actix-web" },
  { key: "sqlalchemy", name: "SQLAlchemy", category: "orm", dependency: "sqlalchemy" },
  { key: "hotwire", name: "Hotwire (Turbo)", category: "frameworks", dependency: "turbo-rails" },
  { key: "pydantic", name: "Pydantic", category: "validation", dependency: "pydantic" },
  { key: "swr", name: "SWR", category: "dataFetching", dependency: "swr" },
  {
    key: "react-query",
    name: "TanStack Query",
    category: "dataFetching",
    dependency: "@tanstack/react-query",
  },
  { key: "apollo-client", name: "Apollo Client", category: "dataFetching", dependency: "@apollo/client" },
  { key: "axios", name: "Axios", category: "dataFetching", dependency: "axios" },
  { key: "next-auth", name: "NextAuth.js (Auth.js)", category: "auth", dependency: "next-auth" },
  { key: "devise", name: "Devise", category: "auth", dependency: "devise" },
  { key: "pundit", name: "Pundit", category: "auth", dependency: "pundit" },
  { key: "bullmq", name: "BullMQ", category: "queue", dependency: "bullmq" },
  { key: "sidekiq", name: "Sidekiq", category: "queue", dependency: "sidekiq" },
  { key: "ioredis", name: "Redis (ioredis)", category: "cache", dependency: "ioredis" },
  { key: "yup", name: "Yup", category: "validation", dependency: "yup" },
  { key: "react-hook-form", name: "React Hook Form", category: "validation", dependency: "react-hook-form" },
  { key: "cypress", name: "Cypress", category: "e2eTests", dependency: "cypress" },
  { key: "rspec", name: "RSpec", category: "unitTests", dependency: "rspec-rails" },
  { key: "capybara", name: "Capybara", category: "e2eTests", dependency: "capybara" },
  { key: "pytest", name: "pytest", category: "unitTests", dependency: "pytest" },
  { key: "pytest-django", name: "pytest-django", category: "unitTests", dependency: "pytest-django" },
  {
    key: "testing-library",
    name: "Testing Library",
    category: "unitTests",
    dependency: "@testing-library/react",
  },
  { key: "alembic", name: "Alembic", category: "orm", dependency: "alembic" },
];

/** `dependencies` holds lower-cased declared dependency names. */
export function extraTechs(paths: string[], dependencies: Set<string>): ExtraTech[] {
  const found: ExtraTech[] = BY_DEPENDENCY.filter((entry) =>
    dependencies.has(entry.dependency.toLowerCase()),
  );
  const has = (pattern: RegExp) => paths.some((path) => pattern.test(path));
  if (paths.includes("manage.py") && has(/(^|\/)models\.py$/)) {
    found.push({ key: "django-orm", name: "Django ORM", category: "orm", dependency: "django" });
  }
  if (paths.includes("Gemfile") && has(/^db\/(schema\.rb|migrate\/)/)) {
    found.push({ key: "activerecord", name: "ActiveRecord", category: "orm", dependency: "rails" });
  }
  if (paths.includes("Gemfile") && has(/^test\/.*_test\.rb$/) && !dependencies.has("rspec-rails")) {
    found.push({ key: "minitest", name: "Minitest", category: "unitTests" });
  }
  if (paths.includes("artisan"))
    found.push({ key: "eloquent", name: "Eloquent", category: "orm", dependency: "laravel/framework" });
  if (has(/_test\.go$/)) found.push({ key: "go-test", name: "go test", category: "unitTests" });
  if (paths.includes("Cargo.toml"))
    found.push({ key: "cargo-test", name: "cargo test", category: "unitTests" });
  if (has(/(^|\/)src\/test\/java\//)) found.push({ key: "junit", name: "JUnit", category: "unitTests" });
  if (has(/(^|\/)(pom\.xml|build\.gradle(\.kts)?)$/) && has(/(^|\/)src\/main\/java\/.*Application\.java$/)) {
    found.push({ key: "spring-boot", name: "Spring Boot", category: "frameworks" });
  }
  return found;
}
