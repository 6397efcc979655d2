/**
 * `npm run bindings` - regenerate the committed provider bindings in `.gen/`.
 *
 *   npm run bindings                                   regenerate .gen/providers from .gen/schemas
 *   npm run bindings -- --from grafana=<schema.json>   first re-trim .gen/schemas/grafana.json from a
 *                                                      full `terraform providers schema -json` output
 *   npm run bindings -- --check                        exit 1 if .gen/providers is not what the
 *                                                      committed schemas generate
 *
 * See .gen/README.md for the online route to a newer provider version.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  BINDINGS_DIR,
  diffCommittedBindings,
  formatSchema,
  generateAll,
  readBindingsConfig,
  trimProviderSchema,
  type ProviderSchemaDocument,
} from "./bindings-lib";

async function main(argv: string[]): Promise<void> {
  const config = readBindingsConfig();
  if (argv.includes("--check")) {
    const differences = await diffCommittedBindings();
    if (differences.length > 0) {
      console.error(`.gen/providers is out of date with .gen/schemas (run \`npm run bindings\`):\n  ${differences.join("\n  ")}`);
      process.exit(1);
    }
    console.log(".gen/providers matches .gen/schemas");
    return;
  }
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== "--from") throw new Error(`unknown argument "${argv[i]}" (expected --from <provider>=<schema.json> or --check)`);
    const [name, file] = (argv[++i] ?? "").split("=");
    const spec = config.providers[name ?? ""];
    if (!spec || !file) throw new Error(`--from needs <provider>=<schema.json> with provider one of: ${Object.keys(config.providers).join(", ")}`);
    const full = JSON.parse(fs.readFileSync(file, "utf8")) as ProviderSchemaDocument;
    fs.writeFileSync(path.join(BINDINGS_DIR, spec.schema), formatSchema(trimProviderSchema(full, spec)));
    console.log(`trimmed ${file} -> .gen/${spec.schema} (${spec.source} ${spec.version})`);
  }
  await generateAll(BINDINGS_DIR);
  console.log(`generated .gen/providers for ${Object.keys(config.providers).join(", ")}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
