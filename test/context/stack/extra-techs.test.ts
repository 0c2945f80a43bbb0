import { describe, expect, it } from "vitest";
import { extraTechs } from "../../../src/context/stack/extra-techs.js";

const keys = (paths: string[], dependencies: string[] = []) =>
  extraTechs(paths, new Set(dependencies)).map((tech) => tech.key);

describe("extraTechs", () => {
  it("reports technologies by their declared dependency, with the dependency that carries the version", () => {
    expect(extraTechs([], new Set(["swr", "@tanstack/react-query", "github.com/gin-gonic/gin"]))).toEqual([
      { key: "gin", name: "Gin", category: "frameworks", dependency: "github.com/gin-gonic/gin" },
      { key: "swr", name: "SWR", category: "dataFetching", dependency: "swr" },
      {
        key: "react-query",
        name: "TanStack Query",
        category: "dataFetching",
        dependency: "@tanstack/react-query",
      },
    ]);
  });

  it("expects the dependency names lower-cased, as declaredDependencies gives them", () => {
    expect(keys([], ["laravel/framework", "sqlalchemy"])).toEqual(["laravel", "sqlalchemy"]);
    expect(keys([], ["SQLAlchemy"])).toEqual([]);
  });

  it("reports the Django ORM only where manage.py and a models.py exist", () => {
    expect(keys(["manage.py", "billing/models.py"], ["django"])).toEqual(["django", "django-orm"]);
    expect(keys(["manage.py", "billing/views.py"], ["django"])).toEqual(["django"]);
  });

  it("reports ActiveRecord for a Rails layout, and Minitest only where RSpec is not declared", () => {
    const rails = ["Gemfile", "db/schema.rb", "test/models/invoice_test.rb"];
    expect(keys(rails, ["rails"])).toEqual(["rails", "activerecord", "minitest"]);
    expect(keys(rails, ["rails", "rspec-rails"])).toEqual(["rails", "rspec", "activerecord"]);
    expect(keys(["Gemfile", "db/migrate/20250101_create_users.rb"])).toEqual(["activerecord"]);
  });

  it("reads other ecosystems' test runners and frameworks from the file layout", () => {
    expect(keys(["artisan", "composer.json"])).toEqual(["eloquent"]);
    expect(keys(["go.mod", "internal/users/users_test.go"])).toEqual(["go-test"]);
    expect(keys(["Cargo.toml", "src/main.rs"])).toEqual(["cargo-test"]);
    expect(
      keys([
        "pom.xml",
        "src/main/java/com/acme/ShopApplication.java",
        "src/test/java/com/acme/ShopApplicationTests.java",
      ]),
    ).toEqual(["junit", "spring-boot"]);
    expect(keys(["build.gradle.kts", "src/main/java/com/acme/Main.java"])).toEqual([]);
  });

  it("reports nothing for a repository it knows nothing about", () => {
    expect(extraTechs(["README.md", "index.html"], new Set())).toEqual([]);
  });
});
