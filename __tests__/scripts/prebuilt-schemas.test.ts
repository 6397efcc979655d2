/**
 * The derived schemas of the prebuilt providers (.gen/prebuilt-schemas): current, faithful to the
 * bindings (the generator that wrote the bindings, fed the derived schema, writes the same code
 * again), sensitive to a change (a control), and covering every prebuilt submodule the package
 * imports.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  comparableSource,
  deriveFromSource,
  derivePrebuiltSchema,
  generatedSource,
  packageDir,
  readPrebuiltConfig,
  roundTripDifferences,
  stalePrebuiltSchemas,
  submoduleFolder,
} from "../../scripts/prebuilt-schemas-lib";
import type { ProviderSchemaDocument, SchemaBlock } from "../../scripts/bindings-lib";

const ROOT = path.resolve(__dirname, "..", "..");
const config = readPrebuiltConfig();

function block(doc: ProviderSchemaDocument, type: string): SchemaBlock {
  return Object.values(doc.provider_schemas)[0]!.resource_schemas![type]!.block;
}

describe("derived schemas of the prebuilt providers", () => {
  it("are what the installed packages and the Terraform CLI derive (npm run schemas:prebuilt)", () => {
    expect(stalePrebuiltSchemas()).toEqual([]);
  });

  it.each(Object.entries(config.providers))("round trip %s: the provider generator, fed the derived schema, writes the prebuilt code again", async (name, spec) => {
    expect(await roundTripDifferences(name, spec)).toEqual([]);
  }, 60_000);

  it("round trip control: a changed flag, nesting mode, item limit or type is seen", async () => {
    const spec = config.providers.okta!;
    const doc = derivePrebuiltSchema("okta", spec);
    const saml = block(doc, "okta_app_saml");
    saml.attributes!.label!.required = false; // required -> optional
    saml.attributes!.label!.optional = true;
    saml.block_types!.attribute_statements!.nesting_mode = "set"; // list -> set
    const assignments = block(doc, "okta_app_group_assignments");
    assignments.block_types!.group!.max_items = 1; // no limit -> one
    const group = block(doc, "okta_group");
    group.attributes!.skip_users!.type = "string"; // bool -> string
    expect((await roundTripDifferences("okta", spec, doc)).sort()).toEqual(["app-group-assignments", "app-saml", "group"]);
  }, 60_000);

  it("record what the bindings say of attributes the package sets (cross-checked with the provider sources, see README)", () => {
    const azuread = JSON.parse(fs.readFileSync(path.join(ROOT, ".gen", "prebuilt-schemas", "azuread.json"), "utf8")) as ProviderSchemaDocument;
    const secret = block(azuread, "azuread_synchronization_secret");
    expect(secret.attributes!.service_principal_id).toEqual({ type: "string", required: true });
    expect(secret.block_types!.credential).toEqual({
      nesting_mode: "list",
      block: { attributes: { key: { type: "string", required: true }, value: { type: "string", required: true } } },
    });
    const onDemand = block(azuread, "azuread_synchronization_job_provision_on_demand");
    expect(onDemand.block_types!.parameter!.min_items).toBe(1);
    expect(onDemand.block_types!.parameter!.block.block_types!.subject!.min_items).toBe(1);
    expect(block(azuread, "azuread_synchronization_job").attributes!.schedule).toEqual({
      type: ["list", ["object", { expiration: "string", interval: "string", state: "string" }]],
      computed: true,
    });
    const okta = JSON.parse(fs.readFileSync(path.join(ROOT, ".gen", "prebuilt-schemas", "okta.json"), "utf8")) as ProviderSchemaDocument;
    // Required with a DefaultFunc in the source: the SDK's core schema makes it optional.
    expect(block(okta, "okta_app_group_assignments").block_types!.group!.block.attributes!.profile).toEqual({ type: "string", optional: true });
    expect(block(okta, "okta_app_saml").block_types!.acs_endpoints_indices!.nesting_mode).toBe("set");
  });

  it("derive a struct attribute whose fields have their own flags as a nested type, and one whose fields share the parent's as an object type", () => {
    const flags = (name: string, c: boolean, o: boolean, r: boolean) => `  // ${name} - computed: ${c}, optional: ${o}, required: ${r}\n`;
    const source = [
      "export interface XConfig extends cdktf.TerraformMetaArguments {",
      "  readonly n?: XN;",
      "}",
      "export interface XN {",
      "  readonly a: string;",
      "}",
      "export function xNToHclTerraform(struct?: XN): any {",
      "  const attrs = {",
      '    a: { value: cdktf.stringToHclTerraform(struct!.a), isBlock: false, type: "simple", storageClassType: "string" },',
      "  };",
      "  return attrs;",
      "}",
      "export class XNOutputReference extends cdktf.ComplexObject {",
      flags("a", false, false, true),
      "  private _a?: string;",
      "  public get a() { return this.getStringAttribute('a'); }",
      "}",
      "export class XOOutputReference extends cdktf.ComplexObject {",
      flags("b", true, false, false),
      "  public get b() { return this.getNumberAttribute('b'); }",
      "}",
      "export interface XO {",
      "}",
      "export class X extends cdktf.TerraformResource {",
      '  public static readonly tfResourceType = "p_x";',
      flags("n", false, true, false),
      '  private _n = new XNOutputReference(this, "n");',
      "  public get n() { return this._n; }",
      flags("o", true, false, false),
      '  private _o = new XOOutputReference(this, "o");',
      "  public get o() { return this._o; }",
      "  protected synthesizeHclAttributes(): { [name: string]: any } {",
      "    const attrs = {",
      '      n: { value: xNToHclTerraform(this._n.internalValue), isBlock: true, type: "struct", storageClassType: "XN" },',
      "    };",
      "    return attrs;",
      "  }",
      "}",
    ].join("\n");
    expect(deriveFromSource(source, "test").schema.block).toEqual({
      attributes: {
        n: { nested_type: { attributes: { a: { type: "string", required: true } }, nesting_mode: "single" }, optional: true },
        o: { type: ["object", { b: "number" }], computed: true },
      },
    });
  });

  it("fail loudly on code they have no rule for", () => {
    const source = [
      "export class X extends cdktf.TerraformResource {",
      '  public static readonly tfResourceType = "p_x";',
      "  // v - computed: true, optional: false, required: false",
      "  public get v() { return this.getAnyMapAttribute('v'); }",
      "}",
    ].join("\n");
    expect(() => deriveFromSource(source, "test")).toThrow(/p_x\.v: no rule for the getter this\.getAnyMapAttribute\('v'\)/);
  });

  it("list every prebuilt resource and data source the source tree imports", () => {
    const imported = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory() && !["node_modules", "lib", "cdktf.out", ".git", "__tests__", ".gen"].includes(e.name)) walk(p);
        else if (e.isFile() && e.name.endsWith(".ts")) {
          for (const m of fs.readFileSync(p, "utf8").matchAll(/from "@cdktf\/provider-(\w+)\/lib\/([\w-]+)"/g)) imported.add(`${m[1]}/${m[2]}`);
        }
      }
    };
    walk(ROOT);
    const listed = Object.entries(config.providers).flatMap(([name, spec]) => [
      `${name}/provider`,
      ...spec.resources.map((t) => `${name}/${submoduleFolder(name, t, "resource")}`),
      ...spec.dataSources.map((t) => `${name}/${submoduleFolder(name, t, "data")}`),
    ]);
    expect(imported.size).toBeGreaterThan(10);
    expect([...imported].filter((i) => !listed.includes(i))).toEqual([]);
  });

  it("name the provider versions the packages were generated from", () => {
    for (const [name, spec] of Object.entries(config.providers)) {
      const source = generatedSource(packageDir(spec.package), submoduleFolder(name, spec.resources[0]!, "resource"));
      expect(source).toContain(`providerVersion: '${spec.version}'`);
      expect(comparableSource(source)).not.toContain("Docs at Terraform Registry");
    }
  });
});
