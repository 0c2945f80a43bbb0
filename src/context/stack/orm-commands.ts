// Where an ORM keeps its schema and which commands change it, in this repository's own terms: an existing
// script is preferred over the raw tool command.
import { execPrefix, type PackageManager, runScript } from "./package-manager.js";

interface OrmContext {
  paths: string[];
  packageManager: PackageManager | null;
  scripts: { manifest: string; name: string; command: string }[];
}

export function ormCommands(key: string, context: OrmContext): string[] {
  const { paths, packageManager } = context;
  const exec = execPrefix(packageManager);
  const find = (pattern: RegExp, limit = 3) => paths.filter((path) => pattern.test(path)).slice(0, limit);
  const script = (pattern: RegExp) => {
    // The root's scripts first (the list is ordered by depth), then a workspace package's.
    const found = context.scripts.find(
      (entry) => entry.manifest.endsWith("package.json") && pattern.test(entry.command),
    );
    if (!found) return undefined;
    return runScript(
      packageManager,
      found.name,
      found.manifest.slice(0, -"package.json".length).replace(/\/$/, ""),
    );
  };
  const notes: string[] = [];
  const schema = (files: string[]) => {
    if (files.length > 0) notes.push(`schema: ${files.map((file) => `\`${file}\``).join(", ")}`);
  };
  const commands = (list: (string | undefined)[]) => {
    const present = list.filter((command): command is string => Boolean(command));
    if (present.length > 0) notes.push(`commands: ${present.map((command) => `\`${command}\``).join(", ")}`);
  };
  switch (key) {
    case "prisma":
      schema(find(/(^|\/)schema\.prisma$|(^|\/)prisma\/schema\/.*\.prisma$/));
      commands([
        script(/prisma migrate dev/) ?? `${exec} prisma migrate dev --name <change>`,
        script(/prisma generate/) ?? `${exec} prisma generate`,
      ]);
      break;
    case "drizzleorm":
      schema(find(/(^|\/)(schema|db\/schema)(\/[^/]+)?\.ts$|drizzle\.config\.(t|j)s$/));
      commands([
        script(/drizzle-kit generate/) ?? `${exec} drizzle-kit generate`,
        script(/drizzle-kit (migrate|push)/) ?? `${exec} drizzle-kit migrate`,
      ]);
      break;
    case "typeorm":
      schema(find(/\.entity\.ts$/));
      commands([
        script(/typeorm.*migration:generate/) ?? `${exec} typeorm migration:generate <path>`,
        script(/typeorm.*migration:run/) ?? `${exec} typeorm migration:run`,
      ]);
      break;
    case "sequelize":
      schema(find(/(^|\/)models\/[^/]+\.(t|j)s$/));
      commands([
        `${exec} sequelize-cli migration:generate --name <change>`,
        `${exec} sequelize-cli db:migrate`,
      ]);
      break;
    case "activerecord":
      schema(find(/^db\/schema\.rb$|^app\/models\/application_record\.rb$/));
      commands(["bin/rails generate migration <Name>", "bin/rails db:migrate"]);
      break;
    case "django-orm":
      schema(find(/(^|\/)models\.py$/, 5));
      commands(["python manage.py makemigrations", "python manage.py migrate"]);
      break;
    case "sqlalchemy":
    case "alembic":
      schema(find(/(^|\/)models?(\/__init__)?\.py$/));
      if (paths.includes("alembic.ini") || key === "alembic")
        commands(['alembic revision --autogenerate -m "<change>"', "alembic upgrade head"]);
      break;
    case "eloquent":
      schema(find(/^app\/Models\/[^/]+\.php$/));
      commands(["php artisan make:migration <name>", "php artisan migrate"]);
      break;
    case "doctrinephp":
      commands(["php bin/console make:migration", "php bin/console doctrine:migrations:migrate"]);
      break;
    case "dieselrs":
      commands(["diesel migration generate <name>", "diesel migration run"]);
      break;
    case "knex":
      commands([`${exec} knex migrate:make <name>`, `${exec} knex migrate:latest`]);
      break;
    default:
      break;
  }
  return notes;
}
