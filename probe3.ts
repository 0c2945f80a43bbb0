import { detectRoles, renderRoles } from "./src/context/detect-roles.js";
import { openLocalSnapshot } from "./src/repo/local-snapshot.js";

for (const r of ["nextjs-prisma", "rails-app", "django-app", "monorepo"]) {
  const files = await (await openLocalSnapshot(`test/fixtures/repos/${r}`)).listFiles();
  console.log("==", r);
  console.log(renderRoles(detectRoles(files.map((f) => f.path))).join("\n"));
}
