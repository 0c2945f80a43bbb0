// Writes schema/issue-planner.schema.json from the zod schema (`npm run build:schema`); a test fails when the
// committed file is out of date.
import { writeFileSync } from "node:fs";
import { configJsonSchema } from "../src/config/config-json-schema.js";

const target = new URL("../schema/issue-planner.schema.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
