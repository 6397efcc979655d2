/**
 * Provider schemas for the prebuilt bindings (`@cdktf/provider-azuread`, `-okta`, `-time`),
 * derived from their generated code, so the synthesized JSON of those providers can be checked
 * offline like grafana's and msgraph's (`.gen/schemas`).
 *
 * Why the generated TypeScript and not the jsii assembly (`.jsii`): the assembly lists each
 * config property with its type and optionality, but not the Terraform name of a read-only
 * attribute, not whether an optional attribute is also computed, and not whether a struct is a
 * nested block or an object-typed attribute. The TypeScript that `@cdktf/provider-generator`
 * wrote (shipped inside each `lib/<resource>/index.js` source map) holds all of that, written from
 * the provider schema by fixed rules:
 *
 * - every attribute is preceded by `// <name> - computed: <c>, optional: <o>, required: <r>`
 *   (the schema's flags, verbatim; for a block, optional/required follow from `min_items`);
 * - `synthesizeHclAttributes()` / `<struct>ToHclTerraform()` give each settable attribute's
 *   Terraform name, collection kind (`simple`, `list`, `set`, `map`, `struct`) and element type,
 *   and `cdktf.listMapperHcl(<struct>ToHclTerraform, <isBlock>)` tells a block list from an
 *   attribute list;
 * - a block's config property is documented as `<name> block`; a list or set block with
 *   `max_items = 1` is stored as `<Struct>OutputReference`, one without as `<Struct>List` (whose
 *   last constructor argument is `true` for a set);
 * - read-only attributes are getters (`getStringAttribute('<name>')`, `Fn.tolist(...)` for sets).
 *
 * What the generated code cannot tell (so these schemas do not hold it): descriptions,
 * `sensitive`, `deprecated`, validation rules (enums, regexes, conflicts), `min_items` above 1
 * (recorded as 1) and `max_items` other than 1 (not recorded), and whether a nested attribute
 * whose every field has its parent's flags was an object type or a nested type (recorded as an
 * object type). The round trip in `__tests__/scripts/prebuilt-schemas.test.ts` regenerates
 * bindings from the derived schemas and compares them with the prebuilt ones, so nothing the
 * generator encodes is lost.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import type { ProviderSchemaDocument, SchemaAttribute, SchemaBlock, SchemaBlockType, SchemaEntry } from "./bindings-lib";
import { REGISTRY_HOST, trimBlock } from "./bindings-lib";

export { PREBUILT_DIR, readPrebuiltConfig, type BuiltinProviderSpec, type PrebuiltConfig, type PrebuiltProviderSpec } from "./prebuilt-schemas-config";
import { PREBUILT_DIR, readPrebuiltConfig, type BuiltinProviderSpec, type PrebuiltProviderSpec } from "./prebuilt-schemas-config";

/** The folder of an installed package (resolved from this project). */
export function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/**
 * The TypeScript source `@cdktf/provider-generator` wrote for one submodule (`lib/<folder>`),
 * read from the inline source map of its compiled `index.js`.
 */
export function generatedSource(pkgDir: string, folder: string): string {
  const js = fs.readFileSync(path.join(pkgDir, "lib", folder, "index.js"), "utf8");
  const match = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(js);
  if (!match) throw new Error(`${folder}/index.js has no inline source map`);
  const map = JSON.parse(Buffer.from(match[1]!, "base64").toString("utf8")) as { sourcesContent?: string[] };
  const source = map.sourcesContent?.[0];
  if (!source) throw new Error(`${folder}/index.js: its source map holds no source`);
  return source;
}

/** Names the generator suffixes with `_resource` (provider-generator resource-parser.ts). */
const RESERVED_BASE_NAMES = ["string", "object", "function", "implements", "interface", "let", "package", "private", "protected", "public", "static", "yield", "await", "license", "version", "provider"];

/** The generator's folder for a type: `azuread_synchronization_job` -> `synchronization-job`. */
export function submoduleFolder(provider: string, type: string, kind: "resource" | "data" | "provider"): string {
  if (kind === "provider") return "provider";
  const base = kind === "data" ? `data_${type}` : type.startsWith(`${provider}_`) ? type.slice(provider.length + 1) : type;
  const sanitized = RESERVED_BASE_NAMES.includes(base.toLowerCase()) ? `${base}_resource` : base;
  return sanitized === "index" ? "index-resource" : sanitized.replace(/_/g, "-");
}

/** Flags of one attribute as the generator wrote them. */
interface Flags {
  computed: boolean;
  optional: boolean;
  required: boolean;
}

/** What `synthesizeHclAttributes` / `<struct>ToHclTerraform` say of one settable attribute. */
interface HclAttribute {
  readonly value: string;
  readonly isBlock: boolean;
  readonly type: string;
  readonly storageClassType: string;
}

/** One attribute of a generated class: its flags, storage initializer and getter. */
interface ClassAttribute {
  readonly name: string;
  readonly flags: Flags;
  /** `new X(this, "name"[, wrapsSet])` of a stored class, as text. */
  initializer?: string;
  /** The getter's return expression, as text. */
  getter?: string;
}

/** The parts of a generated file this derivation reads. */
interface GeneratedFile {
  readonly classes: Map<string, { extends: string; attributes: ClassAttribute[]; hcl: Map<string, HclAttribute>; statics: Map<string, string> }>;
  readonly interfaces: Map<string, Map<string, { optional: boolean; doc: string }>>;
  readonly hclFunctions: Map<string, Map<string, HclAttribute>>;
}

const FLAGS = /^\/\/ (\S+) - computed: (true|false), optional: (true|false), required: (true|false)$/;

function hclAttributes(node: ts.Node, sf: ts.SourceFile): Map<string, HclAttribute> {
  const out = new Map<string, HclAttribute>();
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && n.name.getText(sf) === "attrs" && n.initializer && ts.isObjectLiteralExpression(n.initializer)) {
      for (const p of n.initializer.properties) {
        if (!ts.isPropertyAssignment(p) || !ts.isObjectLiteralExpression(p.initializer)) continue;
        const field = (key: string) => {
          const f = (p.initializer as ts.ObjectLiteralExpression).properties.find((q) => q.name?.getText(sf) === key);
          if (!f || !ts.isPropertyAssignment(f)) throw new Error(`attrs.${p.name.getText(sf)} has no ${key}`);
          return f.initializer.getText(sf);
        };
        out.set(p.name.getText(sf), {
          value: field("value"),
          isBlock: field("isBlock") === "true",
          type: JSON.parse(field("type")) as string,
          storageClassType: JSON.parse(field("storageClassType")) as string,
        });
      }
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

/** Parses a generated file into the classes, interfaces and HCL mappers it declares. */
export function parseGenerated(source: string): GeneratedFile {
  const sf = ts.createSourceFile("index.ts", source, ts.ScriptTarget.ES2020, true);
  const file: GeneratedFile = { classes: new Map(), interfaces: new Map(), hclFunctions: new Map() };
  for (const statement of sf.statements) {
    if (ts.isInterfaceDeclaration(statement)) {
      const props = new Map<string, { optional: boolean; doc: string }>();
      for (const m of statement.members) {
        if (!ts.isPropertySignature(m)) continue;
        const doc = ts.getJSDocCommentsAndTags(m).map((d) => d.getText(sf)).join("\n");
        props.set(m.name.getText(sf), { optional: m.questionToken !== undefined, doc });
      }
      file.interfaces.set(statement.name.text, props);
    } else if (ts.isFunctionDeclaration(statement) && statement.name?.text.endsWith("ToHclTerraform")) {
      file.hclFunctions.set(statement.name.text, hclAttributes(statement, sf));
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      const heritage = statement.heritageClauses?.[0]?.types[0]?.expression.getText(sf) ?? "";
      const attributes: ClassAttribute[] = [];
      const statics = new Map<string, string>();
      let current: ClassAttribute | undefined;
      for (const member of statement.members) {
        const comments = ts.getLeadingCommentRanges(source, member.pos) ?? [];
        for (const c of comments) {
          const m = FLAGS.exec(source.slice(c.pos, c.end));
          if (m) {
            current = { name: m[1]!, flags: { computed: m[2] === "true", optional: m[3] === "true", required: m[4] === "true" } };
            attributes.push(current);
          }
        }
        if (ts.isPropertyDeclaration(member) && member.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword) && member.initializer) {
          statics.set(member.name.getText(sf), member.initializer.getText(sf));
        }
        if (!current) continue;
        if (ts.isPropertyDeclaration(member) && member.initializer && ts.isNewExpression(member.initializer)) current.initializer = member.initializer.getText(sf);
        // The attribute's getter is the first one after its comment (named by codemaker's camelCase).
        if (ts.isGetAccessorDeclaration(member) && current.getter === undefined && member.body) {
          const ret = member.body.statements.find(ts.isReturnStatement);
          if (ret?.expression) current.getter = ret.expression.getText(sf);
        }
      }
      const synth = statement.members.find((m) => ts.isMethodDeclaration(m) && m.name.getText(sf) === "synthesizeHclAttributes");
      file.classes.set(statement.name.text, {
        extends: heritage,
        attributes,
        hcl: synth ? hclAttributes(synth, sf) : new Map(),
        statics,
      });
    }
  }
  return file;
}

const PRIMITIVES: Record<string, string> = { string: "string", number: "number", boolean: "bool" };

/** A Terraform type from a settable attribute's HCL metadata. */
function typeFromHcl(where: string, hcl: HclAttribute): unknown {
  const { type, storageClassType: sct } = hcl;
  if (type === "simple" && PRIMITIVES[sct]) return PRIMITIVES[sct];
  const collection = /^(string|number|boolean)(List|Map)$/.exec(sct);
  if (collection && (type === "list" || type === "set") && collection[2] === "List") return [type, PRIMITIVES[collection[1]!]];
  if (collection && type === "map" && collection[2] === "Map") return ["map", PRIMITIVES[collection[1]!]];
  if (type === "map" && sct === "anyMap") return "dynamic";
  if ((type === "list" || type === "set") && sct === "stringMapList") return [type, ["map", "string"]];
  throw new Error(`${where}: no rule for HCL type ${type}/${sct} (extend scripts/prebuilt-schemas-lib.ts)`);
}

/** A Terraform type from a read-only attribute's getter or stored class. */
function typeFromGetter(where: string, attribute: ClassAttribute): unknown {
  const g = attribute.getter ?? "";
  const q = `\\('${attribute.name}'\\)`;
  const rules: Array<[RegExp, unknown]> = [
    [new RegExp(`^this\\.getStringAttribute${q}$`), "string"],
    [new RegExp(`^this\\.getNumberAttribute${q}$`), "number"],
    [new RegExp(`^this\\.getBooleanAttribute${q}$`), "bool"],
    [new RegExp(`^this\\.getListAttribute${q}$`), ["list", "string"]],
    [new RegExp(`^cdktf\\.Fn\\.tolist\\(this\\.getListAttribute${q}\\)$`), ["set", "string"]],
    [new RegExp(`^this\\.getNumberListAttribute${q}$`), ["list", "number"]],
    [new RegExp(`^cdktf\\.Token\\.asNumberList\\(cdktf\\.Fn\\.tolist\\(this\\.getNumberListAttribute${q}\\)\\)$`), ["set", "number"]],
    [new RegExp(`^this\\.getStringMapAttribute${q}$`), ["map", "string"]],
  ];
  for (const [re, type] of rules) if (re.test(g)) return type;
  const stored = /^new cdktf\.(String|Number|Boolean|Any)Map\(this, "([^"]+)"\)$/.exec(attribute.initializer ?? "");
  if (stored) return stored[1] === "Any" ? "dynamic" : ["map", PRIMITIVES[stored[1]!.toLowerCase()]];
  throw new Error(`${where}: no rule for the getter ${g || "(none)"} / initializer ${attribute.initializer ?? "(none)"} (extend scripts/prebuilt-schemas-lib.ts)`);
}

/** The struct a complex attribute stores, and how: single object, list/set of them, or map. */
function storedStruct(file: GeneratedFile, attribute: ClassAttribute): { struct: string; shape: "single" | "list" | "set" | "map" } | undefined {
  const m = /^new (\w+)\(this, "([^"]+)"(?:, (true|false))?\)$/.exec(attribute.initializer ?? "");
  if (!m || m[1]!.startsWith("cdktf.")) return undefined;
  const cls = m[1]!;
  const strip = (suffix: string) => (cls.endsWith(suffix) && file.interfaces.has(cls.slice(0, -suffix.length)) ? cls.slice(0, -suffix.length) : undefined);
  const single = strip("OutputReference");
  if (single) return { struct: single, shape: "single" };
  const list = strip("List");
  if (list) return { struct: list, shape: m[3] === "true" ? "set" : "list" };
  const map = strip("Map");
  if (map) return { struct: map, shape: "map" };
  return undefined;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function flagsOf(flags: Flags): Pick<SchemaAttribute, "required" | "optional" | "computed"> {
  return { ...(flags.required ? { required: true } : {}), ...(flags.optional ? { optional: true } : {}), ...(flags.computed ? { computed: true } : {}) };
}

function sameFlags(a: Flags, b: Flags): boolean {
  return a.computed === b.computed && a.optional === b.optional && a.required === b.required;
}

/** The object type of a struct whose fields carry their parent's flags (an object-typed attribute). */
function objectType(file: GeneratedFile, struct: string, where: string): unknown {
  const cls = file.classes.get(`${struct}OutputReference`);
  if (!cls) throw new Error(`${where}: no ${struct}OutputReference class`);
  const hcl = file.hclFunctions.get(`${lowerFirst(struct)}ToHclTerraform`) ?? new Map<string, HclAttribute>();
  const fields: Record<string, unknown> = {};
  for (const a of cls.attributes) {
    const inner = storedStruct(file, a);
    const h = hcl.get(a.name);
    if (inner) {
      const t = objectType(file, inner.struct, `${where}.${a.name}`);
      fields[a.name] = inner.shape === "single" ? t : [inner.shape, t];
    } else fields[a.name] = h ? typeFromHcl(`${where}.${a.name}`, h) : typeFromGetter(`${where}.${a.name}`, a);
  }
  return ["object", fields];
}

/**
 * The schema block of a generated class (a resource, data source, provider or a struct's
 * `OutputReference`), with `hcl` the settable attributes' metadata and `config` the interface
 * that documents them.
 */
function blockOf(
  file: GeneratedFile,
  where: string,
  attributes: readonly ClassAttribute[],
  hcl: Map<string, HclAttribute>,
  config: Map<string, { optional: boolean; doc: string }> | undefined,
): SchemaBlock {
  const block: { attributes: Record<string, SchemaAttribute>; block_types: Record<string, SchemaBlockType> } = { attributes: {}, block_types: {} };
  for (const a of attributes) {
    const at = `${where}.${a.name}`;
    const h = hcl.get(a.name);
    const stored = storedStruct(file, a);
    if (!stored) {
      block.attributes[a.name] = { type: h ? typeFromHcl(at, h) : typeFromGetter(at, a), ...flagsOf(a.flags) };
      continue;
    }
    const { struct, shape } = stored;
    const inner = file.classes.get(`${struct}OutputReference`);
    if (!inner) throw new Error(`${at}: no ${struct}OutputReference class`);
    const innerHcl = file.hclFunctions.get(`${lowerFirst(struct)}ToHclTerraform`) ?? new Map<string, HclAttribute>();
    // The config property documents its Terraform name in a registry link: `...#<name> Class#<name>}`.
    const doc = [...(config?.values() ?? [])].find((p) => p.doc.includes(`#${a.name} `))?.doc ?? "";
    const listMapper = h ? /^cdktf\.listMapperHcl\(\w+ToHclTerraform, (true|false)\)$/.exec(h.value) : null;
    const isBlock = listMapper ? listMapper[1] === "true" : new RegExp(`^/\\*\\*\\s*\\n\\s*\\* ${a.name} block\\s*\\n`).test(doc);
    if (isBlock) {
      if (!h) throw new Error(`${at}: a block that is not settable`);
      const nesting = h.type === "struct" ? "single" : h.type === "map" ? "map" : h.type;
      if (!["single", "list", "set", "map"].includes(nesting)) throw new Error(`${at}: block of HCL type ${h.type}`);
      const blockType: SchemaBlockType = {
        nesting_mode: nesting,
        block: blockOf(file, at, inner.attributes, innerHcl, file.interfaces.get(struct)),
      };
      if ((nesting === "list" || nesting === "set") && a.flags.required) blockType.min_items = 1;
      if ((nesting === "list" || nesting === "set") && shape === "single") blockType.max_items = 1;
      block.block_types[a.name] = blockType;
      continue;
    }
    // An attribute of a struct type: a nested type when a field's flags differ from the parent's
    // (object types give every field the parent's flags), else an object type.
    const nested = inner.attributes.some((f) => !sameFlags(f.flags, a.flags));
    if (nested) {
      const body = blockOf(file, at, inner.attributes, innerHcl, file.interfaces.get(struct));
      if (Object.keys(body.block_types ?? {}).length > 0) throw new Error(`${at}: a nested type with blocks`);
      block.attributes[a.name] = { nested_type: { attributes: body.attributes ?? {}, nesting_mode: shape }, ...flagsOf(a.flags) };
    } else {
      const t = objectType(file, struct, at);
      block.attributes[a.name] = { type: shape === "single" ? t : [shape, t], ...flagsOf(a.flags) };
    }
  }
  const out: SchemaBlock = {};
  if (Object.keys(block.attributes).length > 0) out.attributes = block.attributes;
  if (Object.keys(block.block_types).length > 0) out.block_types = block.block_types;
  return out;
}

/** What one generated file describes. */
export interface DerivedEntry {
  readonly kind: "resource" | "data" | "provider";
  /** The Terraform type (`azuread_synchronization_job`), or the provider name. */
  readonly type: string;
  /** The provider version in the file's generator metadata (resources and data sources). */
  readonly version?: string;
  /** The version constraint the bindings were generated for, e.g. `~> 3.0`. */
  readonly constraint?: string;
  readonly schema: SchemaEntry;
}

/** Derives the schema of the resource, data source or provider one generated file describes. */
export function deriveFromSource(source: string, where: string): DerivedEntry {
  const file = parseGenerated(source);
  const main = [...file.classes].find(([, c]) => /^cdktf\.Terraform(Resource|DataSource|Provider)$/.test(c.extends));
  if (!main) throw new Error(`${where}: no TerraformResource, TerraformDataSource or TerraformProvider class`);
  const [className, cls] = main;
  const kind = cls.extends === "cdktf.TerraformResource" ? "resource" : cls.extends === "cdktf.TerraformDataSource" ? "data" : "provider";
  const tfType = cls.statics.get("tfResourceType");
  if (!tfType) throw new Error(`${where}: ${className} has no tfResourceType`);
  const type = JSON.parse(tfType) as string;
  const config = file.interfaces.get(`${className}Config`);
  // The generator adds `alias` to every provider; it is a meta-argument, not a schema attribute.
  const attributes = kind === "provider" ? cls.attributes.filter((a) => a.name !== "alias") : cls.attributes;
  const block = blockOf(file, kind === "data" ? `data.${type}` : type, attributes, cls.hcl, config);
  const version = /providerVersion: '([^']+)'/.exec(source)?.[1];
  const constraint = /providerVersionConstraint: '([^']+)'/.exec(source)?.[1];
  return { kind, type, ...(version ? { version } : {}), ...(constraint ? { constraint } : {}), schema: { version: 0, block } };
}

/**
 * Derives the trimmed schema document of one prebuilt provider: its provider block and the listed
 * resources and data sources, in the format of `terraform providers schema -json` (names, types,
 * flags, nesting modes and item limits only; schema versions are not in the bindings and are 0).
 */
export function derivePrebuiltSchema(name: string, spec: PrebuiltProviderSpec, pkgDir: string = packageDir(spec.package)): ProviderSchemaDocument {
  const fqn = `${REGISTRY_HOST}/${spec.source}`;
  const derive = (kind: "resource" | "data" | "provider", type: string): DerivedEntry => {
    const folder = submoduleFolder(name, type, kind);
    const entry = deriveFromSource(generatedSource(pkgDir, folder), `${spec.package}/lib/${folder}`);
    const expected = kind === "provider" ? name : type;
    if (entry.type !== expected || entry.kind !== kind) throw new Error(`${spec.package}/lib/${folder} describes ${entry.kind} ${entry.type}, not ${kind} ${expected}`);
    if (entry.version !== undefined && entry.version !== spec.version) {
      throw new Error(`${spec.package}/lib/${folder} was generated from ${spec.source} ${entry.version}, but prebuilt.json says ${spec.version}`);
    }
    return entry;
  };
  const pick = (kind: "resource" | "data", types: readonly string[]) =>
    Object.fromEntries([...types].sort().map((t) => [t, derive(kind, t).schema]));
  return {
    format_version: "1.0",
    provider_schemas: {
      [fqn]: {
        provider: derive("provider", name).schema,
        resource_schemas: pick("resource", spec.resources),
        data_source_schemas: pick("data", spec.dataSources),
      },
    },
    provider_versions: { [fqn]: spec.version },
  };
}

/** The version constraint the prebuilt bindings were generated for (from one resource file). */
export function prebuiltConstraint(name: string, spec: PrebuiltProviderSpec, pkgDir: string = packageDir(spec.package)): string {
  const type = spec.resources[0] ?? spec.dataSources[0];
  if (!type) throw new Error(`${name}: prebuilt.json lists no resource or data source`);
  const kind = spec.resources[0] ? "resource" : "data";
  const constraint = deriveFromSource(generatedSource(pkgDir, submoduleFolder(name, type, kind)), type).constraint;
  if (!constraint) throw new Error(`${name}: no providerVersionConstraint in the generated code`);
  return constraint;
}

/** Serializes a derived schema the way the committed files are written. */
export function formatPrebuiltSchema(doc: ProviderSchemaDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * The trimmed schema of a provider built into Terraform, from `terraform providers schema -json`
 * of the installed Terraform CLI (no provider download: built-in providers need none). The
 * Terraform version is recorded as the provider version.
 */
export function deriveBuiltinSchema(spec: BuiltinProviderSpec, terraform: string = process.env.TERRAFORM_BINARY_NAME ?? "terraform"): ProviderSchemaDocument {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "builtin-schema-"));
  try {
    const cliConfig = path.join(dir, "terraformrc");
    fs.writeFileSync(cliConfig, "");
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ resource: { terraform_data: { probe: {} } } }));
    const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
    const run = (args: string[]) => {
      const result = spawnSync(terraform, args, { cwd: dir, encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
      if (result.error || result.status !== 0) throw new Error(`terraform ${args.join(" ")} failed (the Terraform CLI is required): ${result.error?.message ?? result.stderr}`);
      return result.stdout;
    };
    run(["init", "-input=false", "-no-color"]);
    const full = JSON.parse(run(["providers", "schema", "-json"])) as ProviderSchemaDocument;
    const version = (JSON.parse(run(["version", "-json"])) as { terraform_version: string }).terraform_version;
    const entry = full.provider_schemas[spec.source];
    if (!entry) throw new Error(`terraform providers schema -json has no ${spec.source}`);
    const pick = (kind: string, all: Record<string, SchemaEntry> | undefined, names: readonly string[]) =>
      Object.fromEntries(
        [...names].sort().map((n) => {
          const e = all?.[n];
          if (!e) throw new Error(`${kind} ${n} is not in the schema of ${spec.source}`);
          return [n, { version: e.version, block: trimBlock(e.block) }];
        }),
      );
    return {
      format_version: full.format_version,
      provider_schemas: {
        [spec.source]: {
          // The built-in provider has no configuration (its schema has no block at all).
          provider: { version: entry.provider.version, block: entry.provider.block ? trimBlock(entry.provider.block) : {} },
          resource_schemas: pick("resource", entry.resource_schemas, spec.resources),
          data_source_schemas: pick("data source", entry.data_source_schemas, spec.dataSources),
        },
      },
      provider_versions: { [spec.source]: version },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every derived schema file, freshly derived: file name (relative to the folder) and content. */
export function deriveAll(dir: string = PREBUILT_DIR): Array<{ file: string; content: string }> {
  const config = readPrebuiltConfig(dir);
  return [
    ...Object.entries(config.providers).map(([name, spec]) => ({ file: spec.schema, content: formatPrebuiltSchema(derivePrebuiltSchema(name, spec)) })),
    ...Object.values(config.builtin).map((spec) => ({ file: spec.schema, content: formatPrebuiltSchema(deriveBuiltinSchema(spec)) })),
  ];
}

/** The committed derived schema files that differ from a fresh derivation (empty: current). */
export function stalePrebuiltSchemas(dir: string = PREBUILT_DIR): string[] {
  return deriveAll(dir)
    .filter(({ file, content }) => !fs.existsSync(path.join(dir, file)) || fs.readFileSync(path.join(dir, file), "utf8") !== content)
    .map(({ file }) => file);
}

/**
 * The generated code with what a schema without descriptions cannot reproduce taken out: doc
 * comments, line comments other than the attribute flags, blank lines and trailing spaces.
 */
export function comparableSource(source: string): string {
  return source
    .replace(/\/\*\*[\s\S]*?\*\//g, "")
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "" && !(line.trim().startsWith("//") && !/ - computed: (true|false), optional: /.test(line)))
    .join("\n");
}

/** `spec` widened to every resource and data source its package has a submodule for. */
export function allPrebuiltTypes(spec: PrebuiltProviderSpec, pkgDir: string = packageDir(spec.package)): PrebuiltProviderSpec {
  const resources: string[] = [];
  const dataSources: string[] = [];
  for (const folder of fs.readdirSync(path.join(pkgDir, "lib")).sort()) {
    if (folder === "provider" || folder === "lazy-index" || !fs.existsSync(path.join(pkgDir, "lib", folder, "index.js"))) continue;
    const entry = deriveFromSource(generatedSource(pkgDir, folder), `${spec.package}/lib/${folder}`);
    (entry.kind === "data" ? dataSources : resources).push(entry.type);
  }
  return { ...spec, resources, dataSources };
}

/**
 * Feeds `schema` (by default the one derived for `spec`) to `@cdktf/provider-generator`, the
 * generator that wrote the prebuilt bindings, and compares what it writes with the prebuilt code of
 * every type of `spec` (see {@link comparableSource}). Returns the submodules that differ; empty
 * means the derived schema holds everything the bindings encode.
 */
export async function roundTripDifferences(name: string, spec: PrebuiltProviderSpec, schema?: ProviderSchemaDocument): Promise<string[]> {
  const { generateProvider } = await import("./bindings-lib");
  const pkgDir = packageDir(spec.package);
  const doc = schema ?? derivePrebuiltSchema(name, spec, pkgDir);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "prebuilt-round-trip-"));
  try {
    // The generator writes the constraint it was given into every file; use the prebuilt one.
    await generateProvider(name, { ...spec, version: prebuiltConstraint(name, spec, pkgDir) }, JSON.parse(JSON.stringify(doc)) as ProviderSchemaDocument, out);
    const folders = [
      "provider",
      ...spec.resources.map((t) => submoduleFolder(name, t, "resource")),
      ...spec.dataSources.map((t) => submoduleFolder(name, t, "data")),
    ];
    return folders.filter((folder) => {
      const file = path.join(out, "providers", name, folder, "index.ts");
      return !fs.existsSync(file) || comparableSource(fs.readFileSync(file, "utf8")) !== comparableSource(generatedSource(pkgDir, folder));
    });
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
