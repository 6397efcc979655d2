/**
 * `npm run schemas:prebuilt` - derive the schemas of the prebuilt provider bindings (azuread, okta,
 * time) from their generated code, and of Terraform's built-in provider (terraform_data) from the
 * Terraform CLI, into `.gen/prebuilt-schemas/`, for the offline schema conformance check (see
 * .gen/prebuilt-schemas/README.md).
 *
 *   npm run schemas:prebuilt              write .gen/prebuilt-schemas/<provider>.json
 *   npm run schemas:prebuilt -- --check   exit 1 if a committed file is not what the installed
 *                                         packages and Terraform CLI derive
 *   npm run schemas:prebuilt -- --round-trip-all
 *                                         derive the schema of every resource and data source of
 *                                         each prebuilt package, regenerate the bindings from it and
 *                                         compare them with the package's (the test does this for
 *                                         the listed types only)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { allPrebuiltTypes, deriveAll, PREBUILT_DIR, readPrebuiltConfig, roundTripDifferences, stalePrebuiltSchemas } from "./prebuilt-schemas-lib";

async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes("--round-trip-all")) {
    let failed = false;
    for (const [name, spec] of Object.entries(readPrebuiltConfig().providers)) {
      const all = allPrebuiltTypes(spec);
      const differences = await roundTripDifferences(name, all);
      const count = all.resources.length + all.dataSources.length + 1;
      console.log(`${spec.package}: ${count - differences.length} of ${count} submodules regenerated identically${differences.length ? `; differ: ${differences.join(", ")}` : ""}`);
      failed ||= differences.length > 0;
    }
    if (failed) process.exit(1);
    return;
  }
  if (argv.includes("--check")) {
    const stale = stalePrebuiltSchemas();
    if (stale.length > 0) {
      console.error(`.gen/prebuilt-schemas is out of date with the installed packages (run \`npm run schemas:prebuilt\`): ${stale.join(", ")}`);
      process.exit(1);
    }
    console.log(".gen/prebuilt-schemas matches the installed prebuilt bindings and Terraform CLI");
    return;
  }
  if (argv.length > 0) throw new Error(`unknown argument "${argv[0]}" (expected --check or nothing)`);
  for (const { file, content } of deriveAll()) {
    fs.writeFileSync(path.join(PREBUILT_DIR, file), content);
    console.log(`derived .gen/prebuilt-schemas/${file}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
