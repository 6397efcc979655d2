import * as fs from "node:fs";
import * as path from "node:path";
import {
  BINDINGS_DIR,
  diffCommittedBindings,
  readBindingsConfig,
  trimProviderSchema,
  type ProviderSchemaDocument,
} from "../../scripts/bindings-lib";

const config = readBindingsConfig();
/** Paths of description text (a string `description`, or any `description_kind`) in a schema. */
function descriptionTexts(value: unknown, at = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => descriptionTexts(v, `${at}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...((k === "description" && typeof v === "string") || k === "description_kind" ? [`${at}.${k}`] : []),
    ...descriptionTexts(v, `${at}.${k}`),
  ]);
}

const committed = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(BINDINGS_DIR, config.providers[name]!.schema), "utf8")) as ProviderSchemaDocument;

describe("trimProviderSchema", () => {
  const full: ProviderSchemaDocument = {
    format_version: "1.0",
    provider_schemas: {
      "registry.terraform.io/acme/acme": {
        provider: { version: 0, block: { attributes: { url: { type: "string", optional: true, description: "The URL." } }, description: "p" } },
        resource_schemas: {
          acme_thing: {
            version: 1,
            block: {
              attributes: { name: { type: "string", required: true, description: "d", description_kind: "plain" } },
              block_types: { rule: { nesting_mode: "list", max_items: 2, block: { attributes: { x: { type: "number", optional: true, description: "x" } } } } },
              description: "A thing.",
            },
          },
          acme_unused: { version: 0, block: {} },
        },
        data_source_schemas: { acme_thing: { version: 0, block: { attributes: { id: { type: "string", computed: true } } } } },
        functions: {},
      },
    },
  };
  const spec = { source: "acme/acme", version: "1.2.3", schema: "x.json", resources: ["acme_thing"], dataSources: ["acme_thing"] };

  it("keeps the listed types with names, types, flags and nesting, drops descriptions, and pins the version", () => {
    expect(trimProviderSchema(full, spec)).toEqual({
      format_version: "1.0",
      provider_schemas: {
        "registry.terraform.io/acme/acme": {
          provider: { version: 0, block: { attributes: { url: { type: "string", optional: true } } } },
          resource_schemas: {
            acme_thing: {
              version: 1,
              block: {
                attributes: { name: { type: "string", required: true } },
                block_types: { rule: { nesting_mode: "list", max_items: 2, block: { attributes: { x: { type: "number", optional: true } } } } },
              },
            },
          },
          data_source_schemas: { acme_thing: { version: 0, block: { attributes: { id: { type: "string", computed: true } } } } },
        },
      },
      provider_versions: { "registry.terraform.io/acme/acme": "1.2.3" },
    });
  });

  it("finds description text but not an attribute named description", () => {
    expect(descriptionTexts({ attributes: { description: { type: "string" } } })).toEqual([]);
    expect(descriptionTexts({ block: { description: "text", description_kind: "plain" } })).toEqual(["$.block.description", "$.block.description_kind"]);
  });

  it("fails on a listed type the schema lacks, and on a schema for another provider", () => {
    expect(() => trimProviderSchema(full, { ...spec, resources: ["acme_missing"] })).toThrow('resource "acme_missing" is listed in bindings.json but is not in the provider schema');
    expect(() => trimProviderSchema(full, { ...spec, source: "other/other" })).toThrow('schema has no provider "registry.terraform.io/other/other" (found: registry.terraform.io/acme/acme)');
  });
});

describe("the committed bindings", () => {
  it("hold only the types bindings.json lists, with no description text", () => {
    for (const [name, spec] of Object.entries(config.providers)) {
      const doc = committed(name);
      const provider = Object.values(doc.provider_schemas)[0]!;
      expect(Object.keys(provider.resource_schemas ?? {}).sort()).toEqual([...spec.resources].sort());
      expect(Object.keys(provider.data_source_schemas ?? {}).sort()).toEqual([...spec.dataSources].sort());
      expect(descriptionTexts(doc)).toEqual([]);
      expect(doc.provider_versions).toEqual({ [`registry.terraform.io/${spec.source}`]: spec.version });
    }
  });

  it("are exactly what @cdktf/provider-generator makes of the committed schemas (npm run bindings -- --check)", async () => {
    expect(await diffCommittedBindings()).toEqual([]);
  });

  it("pin the exact provider versions in the generated provider classes", () => {
    for (const [name, spec] of Object.entries(config.providers)) {
      const source = fs.readFileSync(path.join(BINDINGS_DIR, "providers", name, "provider", "index.ts"), "utf8");
      expect(source).toContain(`providerVersion: '${spec.version}'`);
      expect(source).toContain(`terraformProviderSource: '${spec.source}'`);
    }
  });
});

describe("the environment JSON Schema", () => {
  it("is up to date with environment-format/environment.ts (npm run schema)", () => {
    const { renderSchema, SCHEMA_FILE } = require("../../scripts/environment-schema") as typeof import("../../scripts/environment-schema");
    expect(fs.readFileSync(SCHEMA_FILE, "utf8")).toBe(renderSchema());
  });
});
