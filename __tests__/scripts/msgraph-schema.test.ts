/**
 * The hand-written msgraph schema (`.gen/schemas/msgraph.json`) agrees, attribute by attribute,
 * with the provider's source. Each row names the file it was read from; `.gen/README.md` says
 * which commits (no source of the v0.5.0 tag itself is stored here).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { BINDINGS_DIR } from "../../scripts/bindings-lib";

type Flags = "required" | "optional" | "optional+computed" | "computed";
interface SchemaAttribute {
  readonly type?: unknown;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly nested_type?: unknown;
}
interface SchemaBlock {
  readonly attributes?: Record<string, SchemaAttribute>;
  readonly block_types?: Record<string, { nesting_mode: string; block: SchemaBlock }>;
}

const schema = JSON.parse(fs.readFileSync(path.join(BINDINGS_DIR, "schemas", "msgraph.json"), "utf8")) as {
  provider_schemas: Record<string, { provider: { block: SchemaBlock }; resource_schemas: Record<string, { block: SchemaBlock }>; data_source_schemas: Record<string, { block: SchemaBlock }> }>;
};
const msgraph = schema.provider_schemas["registry.terraform.io/microsoft/msgraph"]!;

function flagsOf(attribute: SchemaAttribute): Flags {
  if (attribute.required) return "required";
  if (attribute.optional && attribute.computed) return "optional+computed";
  return attribute.optional ? "optional" : "computed";
}

const RETRY = { nested_type: { attributes: { error_message_regex: { type: ["list", "string"], required: true } }, nesting_mode: "single" } };

/** internal/services/msgraph_resource_action.go (schema.Schema of MSGraphResourceAction). */
const RESOURCE_ACTION: Record<string, [Flags, unknown]> = {
  id: ["computed", "string"],
  resource_url: ["required", "string"],
  method: ["required", "string"],
  action: ["optional", "string"],
  // Optional, Computed, Default "v1.0": a plan shows the default, so it is computed.
  api_version: ["optional+computed", "string"],
  body: ["optional", "dynamic"],
  query_parameters: ["optional", ["map", ["list", "string"]]],
  headers: ["optional", ["map", "string"]],
  response_export_values: ["optional", ["map", "string"]],
  retry: ["optional", RETRY],
  output: ["computed", "dynamic"],
};

/** internal/services/msgraph_data_source.go (schema.Schema of MSGraphDataSource). */
const DATA_RESOURCE: Record<string, [Flags, unknown]> = {
  id: ["computed", "string"],
  url: ["required", "string"],
  // Optional only: the read falls back to v1.0 without a schema default.
  api_version: ["optional", "string"],
  response_export_values: ["optional", ["map", "string"]],
  headers: ["optional", ["map", "string"]],
  query_parameters: ["optional", ["map", ["list", "string"]]],
  retry: ["optional", RETRY],
  output: ["computed", "dynamic"],
};

/** internal/provider/provider.go (MSGraphProvider.Schema): every attribute optional, none sensitive. */
const PROVIDER_STRINGS = [
  "client_id", "client_id_file_path", "tenant_id", "client_certificate_path", "client_certificate", "client_certificate_password",
  "client_secret", "client_secret_file_path", "oidc_request_token", "oidc_request_url", "oidc_token", "oidc_token_file_path",
  "oidc_azure_service_connection_id", "msgraph_endpoint", "partner_id", "custom_correlation_request_id",
];
const PROVIDER_BOOLS = ["use_oidc", "use_cli", "use_powershell", "use_msi", "use_aks_workload_identity", "disable_correlation_request_id", "disable_terraform_partner_id"];

function shapeOf(attribute: SchemaAttribute): unknown {
  return attribute.nested_type ? { nested_type: attribute.nested_type } : attribute.type;
}

describe("the msgraph schema written by hand matches the provider source", () => {
  it.each([
    ["resource msgraph_resource_action", msgraph.resource_schemas.msgraph_resource_action!.block, RESOURCE_ACTION],
    ["data msgraph_resource", msgraph.data_source_schemas.msgraph_resource!.block, DATA_RESOURCE],
  ] as const)("%s: every attribute, its flags and its type", (_name, block, expected) => {
    const actual = Object.fromEntries(Object.entries(block.attributes ?? {}).map(([name, a]) => [name, [flagsOf(a), shapeOf(a)]]));
    expect(actual).toEqual(expected);
    expect(Object.values(block.attributes ?? {}).some((a) => a.sensitive)).toBe(false);
  });

  it("timeouts: create on the resource, read on the data source (terraform-plugin-framework-timeouts, single block)", () => {
    const timeouts = (block: SchemaBlock) => block.block_types?.timeouts;
    expect(timeouts(msgraph.resource_schemas.msgraph_resource_action!.block)).toEqual({ nesting_mode: "single", block: { attributes: { create: { type: "string", optional: true } } } });
    expect(timeouts(msgraph.data_source_schemas.msgraph_resource!.block)).toEqual({ nesting_mode: "single", block: { attributes: { read: { type: "string", optional: true } } } });
  });

  it("provider: the attributes of the provider source, all optional, none marked sensitive", () => {
    const attributes = msgraph.provider.block.attributes ?? {};
    expect(Object.keys(attributes).sort()).toEqual([...PROVIDER_STRINGS, ...PROVIDER_BOOLS].sort());
    for (const name of PROVIDER_STRINGS) expect([name, attributes[name]]).toEqual([name, { type: "string", optional: true }]);
    for (const name of PROVIDER_BOOLS) expect([name, attributes[name]]).toEqual([name, { type: "bool", optional: true }]);
  });
});
