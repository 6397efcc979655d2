/**
 * `npm run schema` - writes environments/environment.schema.json from the zod schema in
 * environment-format/environment.ts, for editor completion and hover docs in environment files.
 * `npm run schema -- --check` exits 1 when the committed file is out of date.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { environmentJsonSchema } from "../environment-format";

export const SCHEMA_FILE = path.resolve(__dirname, "..", "environments", "environment.schema.json");

export function renderSchema(): string {
  return `${JSON.stringify(environmentJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  const fresh = renderSchema();
  if (process.argv.includes("--check")) {
    const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
    if (committed !== fresh) {
      console.error(`${path.relative(process.cwd(), SCHEMA_FILE)} is out of date: run \`npm run schema\``);
      process.exit(1);
    }
    console.log(`${path.relative(process.cwd(), SCHEMA_FILE)} is up to date`);
  } else {
    fs.writeFileSync(SCHEMA_FILE, fresh);
    console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
  }
}
