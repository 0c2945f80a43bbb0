// A small plan of the spec's shape, with the unsafe bits a model may write (a mention, a foreign link).
import type { Plan } from "../../src/plan/plan-model.js";

export const task = (title: string, steps: string[]) => ({ title, steps });

export function samplePlan(): Plan {
  return {
    title: "Export invoices",
    summary: "Admins export invoices as CSV.",
    phases: {
      dataLayer: { tasks: [task("No schema change", ["No change is needed: `Invoice` has every field."])] },
      backend: {
        tasks: [
          task("Add the route", [
            "Create a new file: `src/app/api/export/route.ts`.",
            "Check the admin role.",
          ]),
        ],
      },
      frontend: { tasks: [task("Add the button", ["Ask @octocat, see [docs](https://evil.example/x)."])] },
      testing: { tasks: [task("Unit Tests (Vitest)", ["Test the route."])] },
    },
  };
}
