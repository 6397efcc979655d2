/**
 * `.gen/prebuilt-schemas/prebuilt.json`: which providers' schemas are derived, and where they are.
 * Apart from the derivation (scripts/prebuilt-schemas-lib.ts, which loads the TypeScript compiler),
 * so that the conformance check reads the committed schemas cheaply.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** One provider of `.gen/prebuilt-schemas/prebuilt.json`. */
export interface PrebuiltProviderSpec {
  /** The npm package of the prebuilt bindings, e.g. `@cdktf/provider-azuread`. */
  readonly package: string;
  /** Registry source address, e.g. `hashicorp/azuread`. */
  readonly source: string;
  /** The provider version the bindings were generated from (checked against the package). */
  readonly version: string;
  /** The derived schema, relative to the prebuilt-schemas folder. */
  readonly schema: string;
  /** Resource types to derive. */
  readonly resources: readonly string[];
  /** Data source types to derive (without `data.`). */
  readonly dataSources: readonly string[];
}

/** A provider built into Terraform (`terraform_data`), whose schema the Terraform CLI prints. */
export interface BuiltinProviderSpec {
  /** The provider's address, e.g. `terraform.io/builtin/terraform`. */
  readonly source: string;
  readonly schema: string;
  readonly resources: readonly string[];
  readonly dataSources: readonly string[];
}

/** The whole `.gen/prebuilt-schemas/prebuilt.json`. */
export interface PrebuiltConfig {
  readonly providers: Readonly<Record<string, PrebuiltProviderSpec>>;
  readonly builtin: Readonly<Record<string, BuiltinProviderSpec>>;
}

/** The folder of the derived schemas. */
export const PREBUILT_DIR = path.resolve(__dirname, "..", ".gen", "prebuilt-schemas");

/** Reads `prebuilt.json`. */
export function readPrebuiltConfig(dir: string = PREBUILT_DIR): PrebuiltConfig {
  return JSON.parse(fs.readFileSync(path.join(dir, "prebuilt.json"), "utf8")) as PrebuiltConfig;
}

