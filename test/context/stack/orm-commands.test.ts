import { describe, expect, it } from "vitest";
import { ormCommands } from "../../../src/context/stack/orm-commands.js";
import type { PackageManager } from "../../../src/context/stack/package-manager.js";

type Script = { manifest: string; name: string; command: string };
const context = (paths: string[], packageManager: PackageManager | null = "npm", scripts: Script[] = []) => ({
  paths,
  packageManager,
  scripts,
});

describe("ormCommands", () => {
  it("prefers the repository's own Prisma scripts over the raw commands", () => {
    const scripts = [
      { manifest: "package.json", name: "db:migrate", command: "prisma migrate dev" },
      { manifest: "package.json", name: "db:generate", command: "prisma generate" },
    ];
    expect(ormCommands("prisma", context(["prisma/schema.prisma"], "npm", scripts))).toEqual([
      "schema: `prisma/schema.prisma`",
      "commands: `npm run db:migrate`, `npm run db:generate`",
    ]);
  });

  it("writes the raw Prisma commands with the package manager's runner when no script exists", () => {
    expect(
      ormCommands("prisma", context(["prisma/schema/users.prisma", "prisma/schema/base.prisma"], "pnpm")),
    ).toEqual([
      "schema: `prisma/schema/users.prisma`, `prisma/schema/base.prisma`",
      "commands: `pnpm exec prisma migrate dev --name <change>`, `pnpm exec prisma generate`",
    ]);
  });

  it("runs a workspace package's Drizzle scripts from the root, and takes the root's scripts first", () => {
    const workspace = [
      { manifest: "packages/db/package.json", name: "db:push", command: "drizzle-kit push" },
    ];
    expect(
      ormCommands(
        "drizzleorm",
        context(["packages/db/drizzle.config.ts", "packages/db/src/schema.ts"], "pnpm", workspace),
      ),
    ).toEqual([
      "schema: `packages/db/drizzle.config.ts`, `packages/db/src/schema.ts`",
      "commands: `pnpm exec drizzle-kit generate`, `pnpm --dir packages/db db:push`",
    ]);
    const both = [
      { manifest: "package.json", name: "migrate", command: "drizzle-kit migrate" },
      ...workspace,
    ];
    expect(ormCommands("drizzleorm", context([], "yarn", both))).toEqual([
      "commands: `yarn drizzle-kit generate`, `yarn migrate`",
    ]);
  });

  it("writes TypeORM's commands with npx where the package manager is unknown", () => {
    expect(ormCommands("typeorm", context(["src/users/user.entity.ts"], null))).toEqual([
      "schema: `src/users/user.entity.ts`",
      "commands: `npx typeorm migration:generate <path>`, `npx typeorm migration:run`",
    ]);
  });

  it("gives Rails, Django and Laravel their framework commands", () => {
    expect(
      ormCommands("activerecord", context(["app/models/application_record.rb", "db/schema.rb"], "bundler")),
    ).toEqual([
      "schema: `app/models/application_record.rb`, `db/schema.rb`",
      "commands: `bin/rails generate migration <Name>`, `bin/rails db:migrate`",
    ]);
    expect(ormCommands("django-orm", context(["billing/models.py", "shop/models.py"], "pip"))).toEqual([
      "schema: `billing/models.py`, `shop/models.py`",
      "commands: `python manage.py makemigrations`, `python manage.py migrate`",
    ]);
    expect(ormCommands("eloquent", context(["app/Models/User.php"], "composer"))).toEqual([
      "schema: `app/Models/User.php`",
      "commands: `php artisan make:migration <name>`, `php artisan migrate`",
    ]);
  });

  it("lists at most three schema files, five for Django", () => {
    const models = Array.from({ length: 7 }, (_, i) => `app${i}/models.py`);
    expect(ormCommands("django-orm", context(models, "pip"))[0]).toBe(
      `schema: ${models
        .slice(0, 5)
        .map((path) => `\`${path}\``)
        .join(", ")}`,
    );
    const entities = Array.from({ length: 5 }, (_, i) => `src/e${i}.entity.ts`);
    expect(ormCommands("typeorm", context(entities))[0]).toBe(
      `schema: ${entities
        .slice(0, 3)
        .map((path) => `\`${path}\``)
        .join(", ")}`,
    );
  });

  it("gives SQLAlchemy the Alembic commands only where Alembic is set up", () => {
    expect(ormCommands("sqlalchemy", context(["app/models.py"], "pip"))).toEqual(["schema: `app/models.py`"]);
    expect(ormCommands("sqlalchemy", context(["app/models/__init__.py", "alembic.ini"], "poetry"))).toEqual([
      "schema: `app/models/__init__.py`",
      'commands: `alembic revision --autogenerate -m "<change>"`, `alembic upgrade head`',
    ]);
  });

  it("says nothing about an ORM it has no commands for", () => {
    expect(ormCommands("mongoose", context(["src/models/user.ts"]))).toEqual([]);
  });
});
