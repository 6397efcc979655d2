/**
 * Offline provider bindings: trim a provider schema (the output of
 * `terraform providers schema -json`) to the resources this package uses and generate
 * TypeScript bindings from it with `@cdktf/provider-generator`. No Terraform binary and no
 * registry access are needed.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** One provider entry of `.gen/bindings.json`. */
export interface ProviderBindingSpec {
  /** Registry source address, e.g. `grafana/grafana`. */
  readonly source: string;
  /** Exact provider version the schema describes; synthesized `required_providers` pin it. */
  readonly version: string;
  /** Trimmed schema file, relative to the bindings folder. */
  readonly schema: string;
  /** Resource types to keep. */
  readonly resources: readonly string[];
  /** Data source types to keep. */
  readonly dataSources: readonly string[];
}

/** The whole `.gen/bindings.json`. */
export interface BindingsConfig {
  readonly providers: Readonly<Record<string, ProviderBindingSpec>>;
}

/** Terraform's machine-readable provider schema document (only the parts used here). */
export interface ProviderSchemaDocument {
  format_version: string;
  provider_schemas: Record<string, ProviderSchemaEntry>;
  provider_versions?: Record<string, string>;
}

/** One provider in a schema document. */
export interface ProviderSchemaEntry {
  provider: SchemaEntry;
  resource_schemas?: Record<string, SchemaEntry>;
  data_source_schemas?: Record<string, SchemaEntry>;
  [other: string]: unknown;
}

/** A schema with its version and root block. */
export interface SchemaEntry {
  version: number;
  block: SchemaBlock;
}

/** A Terraform schema block. */
export interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, SchemaBlockType>;
  [other: string]: unknown;
}

/** A Terraform schema attribute: either a `type` or a `nested_type`. */
export interface SchemaAttribute {
  type?: unknown;
  nested_type?: { attributes: Record<string, SchemaAttribute>; nesting_mode: string; [other: string]: unknown };
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
  [other: string]: unknown;
}

/** A nested block type. */
export interface SchemaBlockType {
  nesting_mode: string;
  block: SchemaBlock;
  min_items?: number;
  max_items?: number;
}

/** Registry host prefix Terraform uses in fully qualified provider names. */
export const REGISTRY_HOST = "registry.terraform.io";

/** The folder holding the trimmed schemas, the bindings config and the generated bindings. */
export const BINDINGS_DIR = path.resolve(__dirname, "..", ".gen");

const ATTRIBUTE_KEYS = ["type", "required", "optional", "computed", "sensitive", "deprecated"] as const;

/** Copies an attribute keeping only its name, type and flags (no description text). */
function trimAttribute(attribute: SchemaAttribute): SchemaAttribute {
  const out: SchemaAttribute = {};
  for (const key of ATTRIBUTE_KEYS) {
    if (attribute[key] !== undefined) (out as Record<string, unknown>)[key] = attribute[key];
  }
  if (attribute.nested_type) {
    out.nested_type = {
      attributes: trimAttributes(attribute.nested_type.attributes),
      nesting_mode: attribute.nested_type.nesting_mode,
    };
  }
  return out;
}

function trimAttributes(attributes: Record<string, SchemaAttribute>): Record<string, SchemaAttribute> {
  return Object.fromEntries(Object.entries(attributes).map(([name, a]) => [name, trimAttribute(a)]));
}

/** Copies a block keeping names, types, flags, nesting modes and item limits only. */
export function trimBlock(block: SchemaBlock): SchemaBlock {
  const out: SchemaBlock = {};
  if (block.attributes) out.attributes = trimAttributes(block.attributes);
  if (block.block_types) {
    out.block_types = Object.fromEntries(
      Object.entries(block.block_types).map(([name, bt]) => {
        const trimmed: SchemaBlockType = { nesting_mode: bt.nesting_mode, block: trimBlock(bt.block) };
        if (bt.min_items !== undefined) trimmed.min_items = bt.min_items;
        if (bt.max_items !== undefined) trimmed.max_items = bt.max_items;
        return [name, trimmed];
      }),
    );
  }
  return out;
}

function pick(
  kind: string,
  all: Record<string, SchemaEntry> | undefined,
  names: readonly string[],
): Record<string, SchemaEntry> {
  const out: Record<string, SchemaEntry> = {};
  for (const name of [...names].sort()) {
    const entry = all?.[name];
    if (!entry) throw new Error(`${kind} "${name}" is listed in bindings.json but is not in the provider schema`);
    out[name] = { version: entry.version, block: trimBlock(entry.block) };
  }
  return out;
}

/**
 * Reduces a full `terraform providers schema -json` document to one provider, the listed
 * resources and data sources, and names/types/flags only; records the exact version so the
 * generated provider pins it.
 */
export function trimProviderSchema(full: ProviderSchemaDocument, spec: ProviderBindingSpec): ProviderSchemaDocument {
  const fqn = `${REGISTRY_HOST}/${spec.source}`;
  const entry = full.provider_schemas?.[fqn];
  if (!entry) {
    const found = Object.keys(full.provider_schemas ?? {}).join(", ") || "none";
    throw new Error(`schema has no provider "${fqn}" (found: ${found})`);
  }
  return {
    format_version: full.format_version,
    provider_schemas: {
      [fqn]: {
        provider: { version: entry.provider.version, block: trimBlock(entry.provider.block) },
        resource_schemas: pick("resource", entry.resource_schemas, spec.resources),
        data_source_schemas: pick("data source", entry.data_source_schemas, spec.dataSources),
      },
    },
    provider_versions: { [fqn]: spec.version },
  };
}

/** Reads and parses `.gen/bindings.json`. */
export function readBindingsConfig(dir: string = BINDINGS_DIR): BindingsConfig {
  return JSON.parse(fs.readFileSync(path.join(dir, "bindings.json"), "utf8")) as BindingsConfig;
}

/** Serializes a schema document the way the committed files are written. */
export function formatSchema(doc: ProviderSchemaDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Generates TypeScript bindings for one provider from its trimmed schema into
 * `<outdir>/providers/<name>/`. The generator is loaded lazily so that importing this module
 * (for the trimming functions) stays cheap and quiet.
 */
export async function generateProvider(name: string, spec: ProviderBindingSpec, schema: ProviderSchemaDocument, outdir: string): Promise<void> {
  process.env.CHECKPOINT_DISABLE ??= "1"; // @cdktf/commons phones home on import otherwise
  // The generator runs `terraform version`; a TF_CLI_CONFIG_FILE naming a missing file only adds noise.
  const cliConfig = process.env.TF_CLI_CONFIG_FILE;
  if (cliConfig && !fs.existsSync(cliConfig)) process.env.TF_CLI_CONFIG_FILE = os.devNull;
  const generator = await import("@cdktf/provider-generator");
  const commons = await import("@cdktf/commons");
  const code = new generator.CodeMaker();
  const constraint = new generator.TerraformProviderConstraint(`${spec.source}@${spec.version}`);
  new generator.TerraformProviderGenerator(code, schema as never).generate(
    commons.ConstructsMakerProviderTarget.from(constraint, commons.Language.TYPESCRIPT),
  );
  const target = path.join(outdir, "providers", name);
  fs.rmSync(target, { recursive: true, force: true });
  await code.save(outdir);
}

/** Generates bindings for every provider in the config from the committed trimmed schemas. */
export async function generateAll(outdir: string, dir: string = BINDINGS_DIR): Promise<void> {
  const config = readBindingsConfig(dir);
  for (const [name, spec] of Object.entries(config.providers)) {
    const schema = JSON.parse(fs.readFileSync(path.join(dir, spec.schema), "utf8")) as ProviderSchemaDocument;
    await generateProvider(name, spec, schema, outdir);
  }
}

/** Lists every file under `dir` as a path relative to it, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string): void => {
    for (const e of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, e.name);
      if (e.isDirectory()) walk(rel);
      else out.push(rel);
    }
  };
  if (fs.existsSync(dir)) walk("");
  return out.sort();
}

/**
 * Regenerates the bindings into a temporary folder and returns the files that differ from
 * the committed `providers/` tree (missing, extra or changed). Empty means in sync.
 */
export async function diffCommittedBindings(dir: string = BINDINGS_DIR): Promise<string[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bindings-"));
  try {
    await generateAll(tmp, dir);
    const fresh = path.join(tmp, "providers");
    const committed = path.join(dir, "providers");
    const a = listFiles(fresh);
    const b = listFiles(committed);
    const differences: string[] = [];
    for (const f of new Set([...a, ...b])) {
      const pa = path.join(fresh, f);
      const pb = path.join(committed, f);
      if (!fs.existsSync(pa)) differences.push(`extra in .gen/providers: ${f}`);
      else if (!fs.existsSync(pb)) differences.push(`missing from .gen/providers: ${f}`);
      else if (!fs.readFileSync(pa).equals(fs.readFileSync(pb))) differences.push(`differs: ${f}`);
    }
    return differences.sort();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
