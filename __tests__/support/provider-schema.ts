/**
 * Checks synthesized Terraform JSON against provider schemas (the trimmed ones in `.gen/schemas`
 * for grafana and msgraph, and the derived ones in `.gen/prebuilt-schemas` for azuread, okta,
 * time and Terraform's built-in terraform_data): every resource, data source and provider block
 * must exist in the schema, use only its attributes and blocks, set every required one, set no
 * read-only one, respect block nesting and item limits, and give each a value of the schema's
 * type. Expressions (`${...}`) are accepted for any type; Terraform checks them at plan time
 * (`$${` is an escaped literal, not an expression), but a template with literal text around an
 * interpolation gives a string, so it is refused where a number or bool belongs.
 *
 * Outside the blocks, it checks what `terraform validate` and `terraform init` would refuse
 * between them: a `provider` meta-argument must name a configuration of the block's own provider
 * (its default or a declared alias), a `depends_on` entry and an `import` target must be declared
 * in the stack, a `removed` block's resource must not be, every provider used must be in
 * `terraform.required_providers` with the source and version its schema is of (without it
 * Terraform looks for `hashicorp/<name>`), and provider blocks without a schema are reported
 * as unchecked. A `lifecycle` may hold only Terraform's arguments for its kind, and its
 * `ignore_changes` only the schema's attributes and blocks. Rules of the providers' source that no schema document holds (exactly one of,
 * conflicts, required with, value validators) are checked for the attributes the package sets
 * (provider-rules.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  BINDINGS_DIR,
  readBindingsConfig,
  type ProviderSchemaDocument,
  type SchemaAttribute,
  type SchemaBlock,
} from "../../scripts/bindings-lib";
import { PREBUILT_DIR, readPrebuiltConfig } from "../../scripts/prebuilt-schemas-config";
import { hasInterpolation, isWholeInterpolation } from "./interpolation";
import { sourceRuleProblems } from "./provider-rules";
import type { TerraformJson } from "./terraform-json";

/** Terraform meta-arguments allowed on every resource and data source. */
const META_ARGUMENTS = new Set(["provider", "depends_on", "count", "for_each", "lifecycle", "provisioner", "connection", "//"]);

/** A provider's name (`grafana`) and schema. */
export interface NamedProviderSchema {
  readonly name: string;
  readonly schema: ProviderSchemaDocument["provider_schemas"][string];
  /** The registry source (`grafana/grafana`) and version the schema is of; absent for built-in providers. */
  readonly requiredAs?: { readonly source: string; readonly version: string };
}

let cached: NamedProviderSchema[] | undefined;

/**
 * The committed schemas, by provider name: the trimmed schemas of the generated bindings, then
 * the derived schemas of the prebuilt bindings and of Terraform's built-in provider.
 */
export function committedSchemas(): NamedProviderSchema[] {
  if (cached) return cached;
  const read = (name: string, file: string, requiredAs?: { source: string; version: string }): NamedProviderSchema => {
    const doc = JSON.parse(fs.readFileSync(file, "utf8")) as ProviderSchemaDocument;
    return { name, schema: Object.values(doc.provider_schemas)[0]!, ...(requiredAs ? { requiredAs: { source: requiredAs.source, version: requiredAs.version } } : {}) };
  };
  const prebuilt = readPrebuiltConfig();
  cached = [
    ...Object.entries(readBindingsConfig().providers).map(([name, spec]) => read(name, path.join(BINDINGS_DIR, spec.schema), spec)),
    ...Object.entries(prebuilt.providers).map(([name, spec]) => read(name, path.join(PREBUILT_DIR, spec.schema), spec)),
    ...Object.entries(prebuilt.builtin).map(([name, spec]) => read(name, path.join(PREBUILT_DIR, spec.schema))),
  ];
  return cached;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
}

/** Problems with `value` as a value of Terraform type `type`. */
export function typeProblems(where: string, value: unknown, type: unknown): string[] {
  if (hasInterpolation(value) && (type === "number" || type === "bool") && !isWholeInterpolation(value as string)) {
    return [`${where}: a template with literal text gives a string, expected ${type}`];
  }
  if (hasInterpolation(value) || type === "dynamic") return [];
  if (type === "string") return typeof value === "string" ? [] : [`${where}: expected string, got ${describe(value)}`];
  if (type === "number") return typeof value === "number" ? [] : [`${where}: expected number, got ${describe(value)}`];
  if (type === "bool") return typeof value === "boolean" ? [] : [`${where}: expected bool, got ${describe(value)}`];
  if (Array.isArray(type)) {
    const [kind, inner] = type as [string, unknown];
    if (kind === "list" || kind === "set") {
      return Array.isArray(value) ? value.flatMap((v, i) => typeProblems(`${where}[${i}]`, v, inner)) : [`${where}: expected ${kind}, got ${describe(value)}`];
    }
    if (kind === "map") {
      return isObject(value) ? Object.entries(value).flatMap(([k, v]) => typeProblems(`${where}.${k}`, v, inner)) : [`${where}: expected map, got ${describe(value)}`];
    }
    if (kind === "object") {
      if (!isObject(value)) return [`${where}: expected object, got ${describe(value)}`];
      const fields = inner as Record<string, unknown>;
      return Object.entries(value).flatMap(([k, v]) => (k in fields ? typeProblems(`${where}.${k}`, v, fields[k]) : [`${where}.${k}: not in the object type`]));
    }
    if (kind === "tuple") {
      const types = inner as unknown[];
      return Array.isArray(value) && value.length === types.length
        ? value.flatMap((v, i) => typeProblems(`${where}[${i}]`, v, types[i]))
        : [`${where}: expected tuple of ${types.length}`];
    }
  }
  return [`${where}: unsupported schema type ${JSON.stringify(type)}`];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function attributeProblems(where: string, value: unknown, attribute: SchemaAttribute): string[] {
  const nested = attribute.nested_type;
  if (!nested) return typeProblems(where, value, attribute.type);
  if (hasInterpolation(value)) return [];
  const body: SchemaBlock = { attributes: nested.attributes };
  switch (nested.nesting_mode) {
    case "single":
      return blockProblems(where, value, body, false);
    case "list":
    case "set":
      return Array.isArray(value) ? value.flatMap((v, i) => blockProblems(`${where}[${i}]`, v, body, false)) : [`${where}: expected a list of objects`];
    case "map":
      return isObject(value) ? Object.entries(value).flatMap(([k, v]) => blockProblems(`${where}.${k}`, v, body, false)) : [`${where}: expected a map of objects`];
    default:
      return [`${where}: unsupported nesting mode ${nested.nesting_mode}`];
  }
}

/** Problems with `value` as the body of `block`. `topLevel` allows meta-arguments. */
export function blockProblems(where: string, value: unknown, block: SchemaBlock, topLevel: boolean): string[] {
  if (!isObject(value)) return [`${where}: expected an object, got ${describe(value)}`];
  const attributes = block.attributes ?? {};
  const blocks = block.block_types ?? {};
  const problems: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (topLevel && META_ARGUMENTS.has(key)) continue;
    if (key === "dynamic") {
      problems.push(...dynamicProblems(`${where}.dynamic`, v, block));
      continue;
    }
    const attribute = attributes[key];
    const blockType = blocks[key];
    if (attribute) {
      if (attribute.computed && !attribute.optional && !attribute.required) problems.push(`${where}.${key}: is read-only (computed)`);
      else problems.push(...attributeProblems(`${where}.${key}`, v, attribute));
    } else if (blockType) {
      const items = Array.isArray(v) ? v : [v];
      if (blockType.max_items !== undefined && items.length > blockType.max_items) {
        problems.push(`${where}.${key}: at most ${blockType.max_items} block(s), got ${items.length}`);
      }
      if (blockType.min_items !== undefined && items.length < blockType.min_items) {
        problems.push(`${where}.${key}: at least ${blockType.min_items} block(s), got ${items.length}`);
      }
      if ((blockType.nesting_mode === "single" || blockType.nesting_mode === "group") && Array.isArray(v) && v.length > 1) {
        problems.push(`${where}.${key}: a single block, got ${v.length}`);
      }
      items.forEach((item, i) => problems.push(...blockProblems(`${where}.${key}${Array.isArray(v) ? `[${i}]` : ""}`, item, blockType.block, false)));
    } else {
      problems.push(`${where}.${key}: no such attribute or block in the schema`);
    }
  }
  for (const [key, attribute] of Object.entries(attributes)) {
    if (attribute.required && !(key in value)) problems.push(`${where}.${key}: required but not set`);
  }
  for (const [key, blockType] of Object.entries(blocks)) {
    if ((blockType.min_items ?? 0) > 0 && !(key in value)) problems.push(`${where}.${key}: required block missing`);
  }
  return problems;
}

/**
 * Problems with `dynamic` blocks: each key must be a block type of `block`, each entry have
 * `for_each` and a `content` that is a valid body of that block (iterator references are
 * expressions). Terraform JSON: `"dynamic": { "<type>": { "for_each", "iterator"?, "content" } }`.
 */
function dynamicProblems(where: string, value: unknown, block: SchemaBlock): string[] {
  if (!isObject(value)) return [`${where}: expected an object of dynamic blocks, got ${describe(value)}`];
  return Object.entries(value).flatMap(([type, spec]) => {
    const blockType = block.block_types?.[type];
    if (!blockType) return [`${where}.${type}: no such block in the schema`];
    return (Array.isArray(spec) ? spec : [spec]).flatMap((one, i) => {
      const at = `${where}.${type}${Array.isArray(spec) ? `[${i}]` : ""}`;
      if (!isObject(one)) return [`${at}: expected an object, got ${describe(one)}`];
      const unknown = Object.keys(one).filter((k) => !["for_each", "iterator", "labels", "content"].includes(k));
      return [
        ...unknown.map((k) => `${at}.${k}: not an argument of a dynamic block`),
        ...("for_each" in one ? [] : [`${at}.for_each: required but not set`]),
        ...("content" in one ? blockProblems(`${at}.content`, one.content, blockType.block, false) : [`${at}.content: required but not set`]),
      ];
    });
  });
}

/** The result of checking a synthesized stack. */
export interface ConformanceReport {
  /** Every mismatch found. Empty means the stack conforms. */
  readonly problems: string[];
  /** Resource and data source types checked (`data.` prefix for data sources). */
  readonly checked: string[];
  /** Types that belong to no schema given. */
  readonly unchecked: string[];
}

/** Checks a synthesized stack against the given provider schemas. */
export function checkConformance(stack: TerraformJson, schemas: readonly NamedProviderSchema[] = committedSchemas()): ConformanceReport {
  const problems: string[] = [];
  const checked: string[] = [];
  const unchecked: string[] = [];
  const used = new Set<NamedProviderSchema>();
  const declared = addresses(stack);
  const owner = (type: string) => schemas.find((s) => type === s.name || type.startsWith(`${s.name}_`));

  // Data sources scoped to check blocks are checked like the others (`check.<name>.` in the path).
  const scoped = Object.entries(stack.check ?? {}).flatMap(([name, check]) =>
    Object.entries(check.data ?? {}).map(
      ([type, instances]) => [type, Object.fromEntries(Object.entries(instances).map(([id, body]) => [`check.${name}.${id}`, body]))] as const,
    ),
  );
  const groups: Array<readonly ["resource" | "data", Record<string, Record<string, Record<string, unknown>>> | undefined]> = [
    ["resource", stack.resource],
    ["data", stack.data],
    ...scoped.map(([type, instances]) => ["data", { [type]: instances }] as const),
  ];
  for (const [kind, entries] of groups) {
    for (const [type, instances] of Object.entries(entries ?? {})) {
      const label = kind === "data" ? `data.${type}` : type;
      const provider = owner(type);
      if (!provider) {
        unchecked.push(label);
        continue;
      }
      const schema = (kind === "data" ? provider.schema.data_source_schemas : provider.schema.resource_schemas)?.[type];
      if (!schema) {
        problems.push(`${label}: not in the ${provider.name} schema`);
        continue;
      }
      if (!checked.includes(label)) checked.push(label);
      used.add(provider);
      for (const [id, body] of Object.entries(instances)) {
        problems.push(
          ...blockProblems(`${label}.${id}`, body, schema.block, true),
          ...metaArgumentProblems(`${label}.${id}`, body, provider.name, stack, declared),
          ...lifecycleProblems(`${label}.${id}`, body.lifecycle, kind, type, schema.block),
          ...sourceRuleProblems(label, `${label}.${id}`, body),
        );
      }
    }
  }
  for (const [name, configs] of Object.entries(stack.provider ?? {})) {
    const provider = schemas.find((s) => s.name === name);
    if (!provider) {
      unchecked.push(`provider.${name}`);
      continue;
    }
    used.add(provider);
    configs.forEach((config, i) => {
      const { alias: _alias, ...rest } = config;
      problems.push(...blockProblems(`provider.${name}[${i}]`, rest, provider.schema.provider.block, false));
    });
  }
  for (const provider of used) {
    if (!provider.requiredAs) continue;
    const { source, version } = provider.requiredAs;
    const required = stack.terraform?.required_providers?.[provider.name];
    if (!required) problems.push(`terraform.required_providers.${provider.name}: not declared (Terraform would look for hashicorp/${provider.name}), the schema is ${source} ${version}`);
    else if (normalSource(required.source) !== normalSource(source) || required.version !== version) {
      problems.push(`terraform.required_providers.${provider.name}: ${JSON.stringify(required)}, but the schema is ${source} ${version}`);
    }
  }
  (stack.import ?? []).forEach((block, i) => {
    if (typeof block.to === "string" && !declared.has(block.to)) problems.push(`import[${i}].to: ${JSON.stringify(block.to)} is not declared in this stack`);
  });
  ((stack.removed ?? []) as Array<Record<string, unknown>>).forEach((block, i) => {
    if (typeof block.from === "string" && declared.has(block.from)) problems.push(`removed[${i}].from: ${JSON.stringify(block.from)} is still declared in this stack`);
  });
  return { problems, checked: checked.sort(), unchecked: unchecked.sort() };
}

/** Terraform's lifecycle arguments (Terraform 1.11), by block kind. */
const LIFECYCLE_ARGUMENTS = {
  resource: ["create_before_destroy", "prevent_destroy", "ignore_changes", "replace_triggered_by", "precondition", "postcondition"],
  data: ["precondition", "postcondition"],
};

/**
 * Problems with a `lifecycle` block: only Terraform's lifecycle arguments for the block's kind,
 * and every `ignore_changes` entry (other than `"all"`) starting with an attribute or block of
 * the schema (`terraform validate` refuses others: "Unsupported attribute").
 */
function lifecycleProblems(where: string, lifecycle: unknown, kind: "resource" | "data", type: string, block: SchemaBlock): string[] {
  if (lifecycle === undefined) return [];
  if (!isObject(lifecycle)) return [`${where}.lifecycle: expected an object, got ${describe(lifecycle)}`];
  const problems = Object.keys(lifecycle)
    .filter((key) => !LIFECYCLE_ARGUMENTS[kind].includes(key))
    .map((key) => `${where}.lifecycle.${key}: not a lifecycle argument of ${kind === "data" ? "a data source" : "a resource"}`);
  const ignored = lifecycle.ignore_changes;
  if (Array.isArray(ignored)) {
    for (const entry of ignored) {
      const name = typeof entry === "string" ? /^[A-Za-z_][A-Za-z0-9_-]*/.exec(entry)?.[0] : undefined;
      if (!name || !(name in (block.attributes ?? {}) || name in (block.block_types ?? {}))) {
        problems.push(`${where}.lifecycle.ignore_changes: ${JSON.stringify(entry)} is no attribute or block of ${type}`);
      }
    }
  } else if (ignored !== undefined && ignored !== "all") problems.push(`${where}.lifecycle.ignore_changes: expected a list or "all", got ${JSON.stringify(ignored)}`);
  return problems;
}

/** A registry source without the default host, lower-cased (`registry.terraform.io/Okta/okta` is `okta/okta`). */
function normalSource(source: string): string {
  return source.toLowerCase().replace(/^registry\.terraform\.io\//, "");
}

/** Every resource and data source address of `stack` (`type.name`, `data.type.name`). */
function addresses(stack: TerraformJson): Set<string> {
  return new Set([
    ...Object.entries(stack.resource ?? {}).flatMap(([type, instances]) => Object.keys(instances).map((id) => `${type}.${id}`)),
    ...Object.entries(stack.data ?? {}).flatMap(([type, instances]) => Object.keys(instances).map((id) => `data.${type}.${id}`)),
  ]);
}

/**
 * Problems with the meta-arguments `provider` and `depends_on` of a resource or data source of
 * `providerName`: the provider must be that provider's default configuration or a declared alias
 * of it, and every `depends_on` entry a resource or data source of the stack.
 */
function metaArgumentProblems(where: string, body: Record<string, unknown>, providerName: string, stack: TerraformJson, declared: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if ("provider" in body) {
    const aliases = (stack.provider?.[providerName] ?? []).map((c) => c.alias).filter((a): a is string => typeof a === "string");
    const allowed = [providerName, ...aliases.map((a) => `${providerName}.${a}`)];
    if (!allowed.includes(body.provider as string)) problems.push(`${where}.provider: ${JSON.stringify(body.provider)} is not a configuration of the ${providerName} provider`);
  }
  if (Array.isArray(body.depends_on)) {
    for (const entry of body.depends_on) {
      if (typeof entry !== "string" || (!declared.has(entry) && !/^module\./.test(entry))) problems.push(`${where}.depends_on: ${JSON.stringify(entry)} is not declared in this stack`);
    }
  }
  return problems;
}
