import { allowedKeys } from "../../environment-format/allowed-keys";
import { environmentJsonSchema, validateEnvironment } from "../../environment-format";
import { fieldName, fieldPath } from "../../environment-format/fields";

const schema = environmentJsonSchema();
const cloud = { kind: "cloud", stackSlug: "acme", stackId: 123456 };

describe("allowedKeys: the fields allowed at a place in a file, from the JSON Schema", () => {
  it("GIVEN the root or a plain section THEN its properties in the schema's order", () => {
    expect(allowedKeys(schema, [], {})).toEqual(["$schema", "description", "grafana", "scim", "serviceAccount", "token", "saml", "identityProvider", "backend", "adopt"]);
    expect(allowedKeys(schema, ["scim"], { scim: {} })).toEqual(["userSync", "groupSync", "rejectNonProvisionedUsers"]);
  });

  it("GIVEN a union resolved by kind THEN the branch the document names; an unknown kind says nothing", () => {
    expect(allowedKeys(schema, ["grafana"], { grafana: cloud })).toEqual(["kind", "stackSlug", "stackId", "url"]);
    expect(allowedKeys(schema, ["grafana"], { grafana: { kind: "self-hosted" } })).toEqual(["kind", "url", "orgId"]);
    expect(allowedKeys(schema, ["backend"], { backend: { kind: "s3" } })).toEqual(["kind", "bucket", "key", "region", "useLockfile", "dynamodbTable", "encrypt"]);
    expect(allowedKeys(schema, ["grafana"], { grafana: { kind: "on-prem" } })).toEqual([]);
  });

  it("GIVEN an array item or a union with one object branch THEN that object's properties", () => {
    const document = { identityProvider: { kind: "okta", groups: [{ name: "a" }] }, saml: { signing: { certificatePath: "x" } } };
    expect(allowedKeys(schema, ["identityProvider", "groups", 0], document)).toEqual(["id", "name", "create", "description", "key"]);
    expect(allowedKeys(schema, ["saml", "signing"], document)).toEqual(["certificatePath", "privateKeyPath"]);
  });

  it("describes serviceAccount as the constructs do: one role of the account's own, the fixed roles' permissions copied into it, never assigned", () => {
    const properties = (schema as { properties: Record<string, { properties: Record<string, { description?: string }> }> }).properties.serviceAccount!.properties;
    expect(properties.permissions!.description).toMatch(/fixed-roles: the permissions of Grafana's fixed:org\.users:writer and fixed:teams:writer, copied into that role.*never assigned/);
    expect(properties.roleName!.description).toMatch(/either permission model/);
  });

  it("GIVEN a path the schema does not describe THEN nothing", () => {
    expect(allowedKeys(schema, ["nowhere", "deeper"], {})).toEqual([]);
    expect(allowedKeys({}, ["grafana"], {})).toEqual([]);
  });

  it("is what an unknown field's message lists", () => {
    expect(validateEnvironment({ grafana: { ...cloud, tokne: "x" } }).problems).toEqual([{ field: "grafana.tokne", problem: "unknown field; allowed here: kind, stackSlug, stackId, url" }]);
  });
});

describe("field paths and names", () => {
  it.each<[string, Array<string | number>]>([
    ["orgMapping[0].value", ["orgMapping", 0, "value"]],
    ["roleValues.admin[2]", ["roleValues", "admin", 2]],
    ["assertionAttributeRole", ["assertionAttributeRole"]],
  ])("%s <-> %j", (name, path) => {
    expect(fieldPath(name)).toEqual(path);
    expect(fieldName(path)).toBe(name);
  });

  it("names the root", () => expect(fieldName([])).toBe("(root)"));
});
