import { describe, expect, it } from "vitest";
import { tomlDependencies } from "../../../src/context/stack/toml-dependencies.js";

describe("tomlDependencies", () => {
  it("reads PEP 621 and PEP 735 requirements, not keywords or a description that name packages", () => {
    const pyproject = [
      "[project]",
      'name = "shop"',
      'description = "Django-free shop, tested with pytest"',
      'keywords = ["pytest", "celery"]',
      'dependencies = ["requests[socks]>=2.31; python_version < \\"3.13\\"", "fastapi==0.115.0"]',
      "[project.optional-dependencies]",
      'redis = ["redis~=5.0"]',
      "[dependency-groups]",
      'test = ["hypothesis>=6"]',
    ].join("\n");
    expect(Object.fromEntries(tomlDependencies("pyproject.toml", pyproject))).toEqual({
      requests: "2.31",
      fastapi: "0.115.0",
      redis: "5.0",
      hypothesis: "6",
    });
  });

  it("reads Poetry's dependency tables and groups, without python itself", () => {
    const pyproject = [
      "[tool.poetry.dependencies]",
      'python = "^3.11"',
      'django = "^5.0"',
      'celery = { version = "5.4", extras = ["redis"] }',
      "[tool.poetry.group.dev.dependencies]",
      'pytest = "^8.2"',
    ].join("\n");
    expect(Object.fromEntries(tomlDependencies("pyproject.toml", pyproject))).toEqual({
      django: "^5.0",
      celery: "5.4",
      pytest: "^8.2",
    });
  });

  it("reads Cargo's dependency tables and the workspace's, and nothing from a broken file", () => {
    const cargo = [
      "[package]",
      'name = "cli"',
      "[dependencies]",
      'serde = { version = "1.0", features = ["derive"] }',
      'clap = "4.5"',
      "[dev-dependencies]",
      'insta = "1"',
      "[workspace.dependencies]",
      'tokio = { version = "1.40" }',
    ].join("\n");
    expect(Object.fromEntries(tomlDependencies("Cargo.toml", cargo))).toEqual({
      serde: "1.0",
      clap: "4.5",
      insta: "1",
      tokio: "1.40",
    });
    expect(tomlDependencies("Cargo.toml", "[dependencies\nserde = ")).toEqual([]);
  });
});
