/**
 * The schema transform, evaluated by the real Terraform CLI on the Graph fixture
 * (`__tests__/fixtures/entra/scim-job-schema.json`, a `scim` job's schema with Microsoft's
 * default mappings) and on variants derived from it. `terraform console` evaluates them
 * (support/terraform.ts evaluateOutputs): the same values as an apply, in one evaluation instead
 * of an apply's three.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  ACTIVE_FROM_SOFT_DELETE,
  GRAFANA_GROUP_MAPPINGS,
  GRAFANA_USER_MAPPINGS,
  graphAttributeMapping,
  mergeMappings,
  sourceExpression,
  type AttributeMapping,
} from "../../../../constructs/entra/attribute-mappings";
import {
  canonicalExpression,
  canonicalExpressionHcl,
  mappingDriftExpression,
  provisioningRuleIdExpression,
  schemaShapeProblemsExpression,
  transformedSchemaExpression,
} from "../../../../constructs/entra/private/schema-transform";
import { evaluateOutputs } from "../../../support/terraform";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const FIXTURES_DIR = path.join(__dirname, "..", "..", "..", "fixtures", "entra");
const FIXTURE: Json = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, "scim-job-schema.json"), "utf8"));
/** Every schema document in the fixtures folder, by file name. */
const FIXTURE_FILES: Record<string, Json> = Object.fromEntries(
  fs
    .readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => [f, JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, f), "utf8"))]),
);
const clone = (v: Json): Json => JSON.parse(JSON.stringify(v));
const users = (schema: Json) => schema.synchronizationRules[0].objectMappings.find((om: Json) => om.sourceObjectName === "User");
const groups = (schema: Json) => schema.synchronizationRules[0].objectMappings.find((om: Json) => om.sourceObjectName === "Group");
const targets = (om: Json): string[] => om.attributeMappings.map((m: Json) => m.targetAttributeName);
const mapped = (om: Json, target: string): Json => om.attributeMappings.find((m: Json) => m.targetAttributeName === target);

// ---- variants of the fixture ----
const legacy = (() => {
  const s = clone(FIXTURE);
  s.directories[0].name = "Azure Active Directory";
  s.synchronizationRules[0].sourceDirectoryName = "Azure Active Directory";
  users(s).name = "Provision Azure Active Directory Users";
  groups(s).name = "Provision Azure Active Directory Groups";
  return s;
})();
const noExternalId = (() => {
  const s = clone(FIXTURE);
  users(s).attributeMappings = users(s).attributeMappings.filter((m: Json) => m.targetAttributeName !== "externalId");
  return s;
})();
const reordered = (() => {
  const s = clone(FIXTURE);
  users(s).attributeMappings.reverse();
  s.synchronizationRules[0].objectMappings.reverse();
  return s;
})();
const EXTRA_RULE = {
  editable: true,
  id: "7c9e2a61-1111-4a2b-9c3d-0e1f2a3b4c5d",
  name: "USER_INBOUND_USER",
  priority: 2,
  sourceDirectoryName: "customappsso",
  targetDirectoryName: "Microsoft Entra ID",
  containerFilter: null,
  groupFilter: null,
  metadata: [],
  objectMappings: [
    {
      enabled: false,
      flowTypes: "Add,Update",
      name: "Import Users",
      scope: null,
      sourceObjectName: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      targetObjectName: "User",
      metadata: [],
      attributeMappings: [clone(mapped(users(FIXTURE), "displayName"))],
    },
  ],
};
const extraRule = (() => {
  const s = clone(FIXTURE);
  s.synchronizationRules.push(clone(EXTRA_RULE));
  return s;
})();
const otherActiveTree = (() => {
  // Same Switch expression as Grafana's, but Graph's parse tree differs from the hand-built one.
  const s = clone(FIXTURE);
  mapped(users(s), "active").source.parameters = [{ key: "source", value: { expression: "[IsSoftDeleted]", name: "IsSoftDeleted", type: "Attribute", parameters: [] } }];
  return s;
})();
const otherActiveExpression = (() => {
  const s = clone(FIXTURE);
  mapped(users(s), "active").source = { expression: "Not([IsSoftDeleted])", name: "Not", type: "Function", parameters: [] };
  mapped(users(s), "userName").matchingPriority = 0;
  return s;
})();

const spacedActive = (() => {
  // The same Switch with other whitespace outside its literals, as Graph may return it.
  const s = clone(FIXTURE);
  mapped(users(s), "active").source.expression = 'Switch([IsSoftDeleted],, "False","True",  "True", "False" )';
  return s;
})();
const lowercaseExternalId = (() => {
  // A portal edit left the target spelled `externalid`: the same SCIM attribute (RFC 7643 §2.1).
  const s = clone(FIXTURE);
  mapped(users(s), "externalId").targetAttributeName = "externalid";
  return s;
})();
const duplicateExternalId = (() => {
  const s = clone(FIXTURE);
  const objectId = { ...clone(mapped(users(s), "externalId")), targetAttributeName: "externalId", source: { expression: "[objectId]", name: "objectId", type: "Attribute", parameters: [] } };
  mapped(users(s), "externalId").targetAttributeName = "externalid";
  users(s).attributeMappings.push(objectId);
  return s;
})();
const defaultValueExternalId = (() => {
  const s = clone(FIXTURE);
  Object.assign(mapped(users(s), "externalId"), { source: null, defaultValue: "none" });
  return s;
})();
const collidingPriority = (() => {
  // An unmanaged mapping claims matching priority 1, Grafana's userName's.
  const s = clone(FIXTURE);
  mapped(users(s), "title").matchingPriority = 1;
  return s;
})();

const objectAddOnlyActive = (() => {
  // A portal edit: active flows on create only, so a user removed in Entra is never deactivated.
  const s = clone(FIXTURE);
  mapped(users(s), "active").flowType = "ObjectAddOnly";
  return s;
})();
const otherSettings = (() => {
  // Portal edits of the other settings the transform writes: flow behavior, default value, export of missing references.
  const s = clone(FIXTURE);
  mapped(users(s), "displayName").flowBehavior = "FlowAlways";
  mapped(users(s), "userName").defaultValue = "nobody@example.com";
  mapped(groups(s), "members").exportMissingReferences = true;
  // Absent settings mean Graph's defaults, and an empty default value is none: not drift.
  delete mapped(users(s), 'emails[type eq "work"].value').flowBehavior;
  mapped(groups(s), "externalId").defaultValue = "";
  return s;
})();

const VARIANTS: Record<string, Json> = {
  fixture: FIXTURE,
  legacy,
  noExternalId,
  reordered,
  extraRule,
  otherActiveTree,
  otherActiveExpression,
  spacedActive,
  lowercaseExternalId,
  duplicateExternalId,
  defaultValueExternalId,
  collidingPriority,
  objectAddOnlyActive,
  otherSettings,
};

/** Expressions and their canonical form (whitespace outside string literals dropped). */
const CANONICAL: Array<[string, string]> = [
  ['Switch([IsSoftDeleted], , "False", "True", "True", "False")', 'Switch([IsSoftDeleted],,"False","True","True","False")'],
  ['Replace([preferredLanguage], "-", , , "_", ,  )', 'Replace([preferredLanguage],"-",,,"_",,)'],
  ['Join(" ", [givenName], [surname])', 'Join(" ",[givenName],[surname])'],
  ["[objectId]", "[objectId]"],
  ['"Grafana  user"', '"Grafana  user"'],
];
const CANONICAL_SAMPLES = CANONICAL.map(([e]) => e);

/** Documents the shape check must reject (or accept), with what it must say. */
const SHAPES: Record<string, [Json, string[]]> = {
  fixture: [FIXTURE, []],
  empty: [{}, ["it has no synchronizationRules list", 'no object mapping has sourceObjectName "User" (Entra users)']],
  rulesAsObject: [{ synchronizationRules: { a: 1 } }, ["it has no synchronizationRules list", 'no object mapping has sourceObjectName "User" (Entra users)']],
  ruleWithoutObjectMappings: [{ synchronizationRules: [{ id: "r" }, clone(FIXTURE.synchronizationRules[0])] }, ["synchronizationRules[0] has no objectMappings list"]],
  objectMappingWithoutAttributeMappings: [
    { synchronizationRules: [{ objectMappings: [{ sourceObjectName: "User", attributeMappings: "x" }, { sourceObjectName: "Group" }] }] },
    ["synchronizationRules[0].objectMappings[0] has no attributeMappings list", "synchronizationRules[0].objectMappings[1] has no attributeMappings list"],
  ],
  noUsers: [{ synchronizationRules: [{ objectMappings: [{ sourceObjectName: "user", attributeMappings: [] }] }] }, ['no object mapping has sourceObjectName "User" (Entra users)']],
  errorBody: [{ error: { code: "Request_ResourceNotFound", message: "…" } }, ["it has no synchronizationRules list", 'no object mapping has sourceObjectName "User" (Entra users)']],
};
const userOverrides: AttributeMapping[] = [
  { target: "userName", source: { attribute: "mail" }, matchingPriority: 1 },
  { target: "title", source: { constant: "Grafana user" } },
];

/** Runs T and D on every variant, T twice, and D on T's output: one Terraform run. */
function evaluateAll() {
  const locals: Record<string, unknown> = {
    user_mappings: GRAFANA_USER_MAPPINGS.map(graphAttributeMapping),
    group_mappings: GRAFANA_GROUP_MAPPINGS.map(graphAttributeMapping),
    override_user_mappings: mergeMappings(GRAFANA_USER_MAPPINGS, userOverrides, "mappings.user").map(graphAttributeMapping),
  };
  const documents: Record<string, unknown> = {};
  const output: Record<string, { value: string }> = {};
  const add = (name: string, current: string, strict: boolean, userMappings = "local.user_mappings") => {
    const input = { current, userMappings, groupMappings: "local.group_mappings", strict };
    locals[`${name}_t`] = `\${${transformedSchemaExpression(input)}}`;
    const again = { ...input, current: `local.${name}_t` };
    output[`${name}_t`] = { value: `\${local.${name}_t}` };
    output[`${name}_tt`] = { value: `\${${transformedSchemaExpression(again)}}` };
    output[`${name}_drift`] = { value: `\${${mappingDriftExpression(input)}}` };
    output[`${name}_drift_after`] = { value: `\${${mappingDriftExpression(again)}}` };
  };
  for (const [name, schema] of Object.entries(VARIANTS)) {
    documents[name] = schema;
    add(name, `local.${name}`, false);
  }
  Object.values(FIXTURE_FILES).forEach((schema, i) => {
    documents[`file${i}`] = schema;
    add(`file${i}`, `local.file${i}`, false);
    add(`file${i}_strict`, `local.file${i}`, true);
    output[`file${i}_shape`] = { value: `\${${schemaShapeProblemsExpression(`local.file${i}`)}}` };
  });
  CANONICAL_SAMPLES.forEach((expression, i) => {
    output[`canonical${i}`] = { value: `\${${canonicalExpressionHcl(JSON.stringify(expression))}}` };
  });
  for (const [name, [schema]] of Object.entries(SHAPES)) {
    documents[`shape_${name}`] = schema;
    output[`shape_${name}`] = { value: `\${${schemaShapeProblemsExpression(`local.shape_${name}`)}}` };
  }
  add("strict", "local.fixture", true);
  add("override", "local.fixture", false, "local.override_user_mappings");
  // A managed source without its expression text (a parse tree as msgraph might return it): transform only.
  locals.treeless_user_mappings = GRAFANA_USER_MAPPINGS.map(graphAttributeMapping).map((m) =>
    m.targetAttributeName === "active" ? { ...m, source: Object.fromEntries(Object.entries(m.source).filter(([k]) => k !== "expression")) } : m,
  );
  for (const strict of [false, true]) {
    const input = { current: "local.fixture", userMappings: "local.treeless_user_mappings", groupMappings: "local.group_mappings", strict };
    output[`treeless${strict ? "_strict" : ""}_t`] = { value: `\${${transformedSchemaExpression(input)}}` };
  }
  output.rule_id = { value: `\${${provisioningRuleIdExpression("local.reordered")}}` };
  return evaluateOutputs({ locals, documents, output }) as Record<string, Json>;
}

const MANAGED_USER_TARGETS = ["userName", 'emails[type eq "work"].value', "displayName", "externalId", "active"];
const MANAGED_GROUP_TARGETS = ["externalId", "displayName", "members"];
const UNMANAGED_DEFAULT_USER_TARGETS = targets(users(FIXTURE)).filter((t) => !MANAGED_USER_TARGETS.includes(t));

describe("the synchronization schema transform (Terraform CLI on fixtures)", () => {
  let out: Record<string, Json>;
  beforeAll(() => (out = evaluateAll()));

  it("GIVEN Microsoft's defaults THEN the user mappings are Grafana's, first, then the other defaults in their order", () => {
    const u = users(out.fixture_t);
    expect(targets(u)).toEqual([...MANAGED_USER_TARGETS, ...UNMANAGED_DEFAULT_USER_TARGETS]);
    expect(u.attributeMappings.slice(0, 5).map((m: Json) => [m.targetAttributeName, m.source.expression, m.matchingPriority])).toEqual([
      ["userName", "[userPrincipalName]", 1],
      ['emails[type eq "work"].value', "[mail]", 0],
      ["displayName", "[displayName]", 0],
      ["externalId", "[objectId]", 0],
      ["active", 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', 0],
    ]);
    // objectId, not Microsoft's default mailNickname, is what SAML and SCIM must agree on.
    expect(mapped(u, "externalId")).toEqual({
      defaultValue: null,
      exportMissingReferences: false,
      flowBehavior: "FlowWhenChanged",
      flowType: "Always",
      matchingPriority: 0,
      source: { expression: "[objectId]", name: "objectId", type: "Attribute", parameters: [] },
      targetAttributeName: "externalId",
    });
    for (const t of UNMANAGED_DEFAULT_USER_TARGETS) expect(mapped(u, t)).toEqual(mapped(users(FIXTURE), t));
  });

  it("GIVEN Microsoft's defaults THEN the group mappings are objectId->externalId, displayName (matching), members", () => {
    const g = groups(out.fixture_t);
    expect(g.attributeMappings.map((m: Json) => [m.targetAttributeName, m.source.expression, m.matchingPriority])).toEqual([
      ["externalId", "[objectId]", 0],
      ["displayName", "[displayName]", 1],
      ["members", "[members]", 0],
    ]);
  });

  it("changes nothing but the mappings and drops the @odata annotation", () => {
    const { ["@odata.context"]: odata, ...rest } = FIXTURE;
    expect(odata).toBeDefined();
    expect(out.fixture_t["@odata.context"]).toBeUndefined();
    const strip = (s: Json) => {
      const c = clone(s);
      for (const rule of c.synchronizationRules) for (const om of rule.objectMappings) delete om.attributeMappings;
      return c;
    };
    expect(strip(out.fixture_t)).toEqual(strip(rest));
  });

  it.each(Object.keys(VARIANTS).concat(["strict", "override"]))("is idempotent on %s: applied to its own output it changes nothing", (name) => {
    expect(out[`${name}_tt`]).toEqual(out[`${name}_t`]);
    expect(out[`${name}_drift_after`]).toEqual([]);
  });

  it("reports the drift of Microsoft's defaults: only externalId is wrong", () => {
    expect(out.fixture_drift).toEqual(["User externalId: want [objectId] (matching priority 0), found [mailNickname] (matching priority 0)"]);
  });

  it("GIVEN legacy 'Azure Active Directory' names THEN the same mappings result and the names stay", () => {
    expect(users(out.legacy_t).attributeMappings).toEqual(users(out.fixture_t).attributeMappings);
    expect(groups(out.legacy_t).attributeMappings).toEqual(groups(out.fixture_t).attributeMappings);
    expect(out.legacy_t.directories[0].name).toBe("Azure Active Directory");
    expect(users(out.legacy_t).name).toBe("Provision Azure Active Directory Users");
  });

  it("GIVEN no externalId mapping THEN it is added, and the drift says it was missing", () => {
    expect(users(out.noExternalId_t).attributeMappings).toEqual(users(out.fixture_t).attributeMappings);
    expect(out.noExternalId_drift).toEqual(["User externalId: want [objectId] (matching priority 0), found no mapping"]);
  });

  it("GIVEN reordered mappings and object mappings THEN mappings are found by name, not position", () => {
    const u = users(out.reordered_t);
    expect(targets(u)).toEqual([...MANAGED_USER_TARGETS, ...[...UNMANAGED_DEFAULT_USER_TARGETS].reverse()]);
    expect(u.attributeMappings.slice(0, 5)).toEqual(users(out.fixture_t).attributeMappings.slice(0, 5));
    expect(out.reordered_t.synchronizationRules[0].objectMappings[0].sourceObjectName).toBe("Group");
    expect(groups(out.reordered_t).attributeMappings).toEqual(groups(out.fixture_t).attributeMappings);
    expect(out.rule_id).toBe("03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8");
  });

  it("GIVEN an extra rule that does not provision Entra users or groups THEN it is left untouched", () => {
    expect(out.extraRule_t.synchronizationRules[1]).toEqual(EXTRA_RULE);
    expect(users(out.extraRule_t).attributeMappings).toEqual(users(out.fixture_t).attributeMappings);
    expect(out.extraRule_drift).toEqual(out.fixture_drift);
  });

  it("GIVEN a managed source without its expression text THEN the transform still succeeds and uses that source as it is, in both modes", () => {
    const treeless = mapped({ attributeMappings: GRAFANA_USER_MAPPINGS.map(graphAttributeMapping) } as Json, "active").source;
    for (const name of ["treeless_t", "treeless_strict_t"]) {
      const active = mapped(users(out[name]), "active").source;
      expect({ name, expression: active.expression }).toEqual({ name, expression: undefined });
      expect(Object.keys(active).sort()).toEqual(Object.keys(treeless).filter((k: string) => k !== "expression").sort());
      expect(mapped(users(out[name]), "userName").source).toEqual(mapped(users(out.fixture_t), "userName").source);
    }
  });

  it("GIVEN Graph's own parse tree for the same Switch expression THEN that tree is kept", () => {
    expect(mapped(users(out.otherActiveTree_t), "active").source).toEqual(mapped(users(otherActiveTree), "active").source);
    expect(mapped(users(out.otherActiveTree_t), "active").source).not.toEqual(mapped(users(out.fixture_t), "active").source);
  });

  it("GIVEN another expression for active and no matching on userName THEN Grafana's are restored and reported", () => {
    expect(mapped(users(out.otherActiveExpression_t), "active").source.expression).toBe(sourceExpression(ACTIVE_FROM_SOFT_DELETE));
    expect(mapped(users(out.otherActiveExpression_t), "userName").matchingPriority).toBe(1);
    // In the order of the managed mappings.
    expect(out.otherActiveExpression_drift).toEqual([
      "User userName: want [userPrincipalName] (matching priority 1), found [userPrincipalName] (matching priority 0)",
      "User externalId: want [objectId] (matching priority 0), found [mailNickname] (matching priority 0)",
      'User active: want Switch([IsSoftDeleted], , "False", "True", "True", "False") (matching priority 0), found Not([IsSoftDeleted]) (matching priority 0)',
    ]);
  });

  it("GIVEN strict mode THEN only Grafana's mappings remain, and every removed default is reported beforehand", () => {
    expect(targets(users(out.strict_t))).toEqual(MANAGED_USER_TARGETS);
    expect(targets(groups(out.strict_t))).toEqual(MANAGED_GROUP_TARGETS);
    expect(out.strict_drift).toHaveLength(1 + UNMANAGED_DEFAULT_USER_TARGETS.length);
    expect(out.strict_drift).toContain("User title: unmanaged mapping from [jobTitle]");
  });

  it("GIVEN user overrides THEN an override replaces Grafana's mapping in place and an addition replaces the default of its target", () => {
    const u = users(out.override_t);
    expect(targets(u).slice(0, 6)).toEqual([...MANAGED_USER_TARGETS, "title"]);
    expect(mapped(u, "userName").source.expression).toBe("[mail]");
    expect(mapped(u, "title").source).toEqual({ expression: '"Grafana user"', name: "Grafana user", type: "Constant", parameters: [] });
    expect(targets(u).filter((t) => t === "title")).toHaveLength(1);
  });

  it("GIVEN the same Switch with other whitespace THEN it counts as Grafana's: no drift, the job's text and tree are kept", () => {
    expect(out.spacedActive_drift).toEqual(out.fixture_drift);
    expect(mapped(users(out.spacedActive_t), "active").source).toEqual(mapped(users(spacedActive), "active").source);
    expect(canonicalExpression(mapped(users(spacedActive), "active").source.expression)).toBe(canonicalExpression(sourceExpression(ACTIVE_FROM_SOFT_DELETE)));
  });

  it("GIVEN a portal-edited `externalid` THEN it is replaced by externalId, not kept beside it, and the drift says what was found", () => {
    const u = users(out.lowercaseExternalId_t);
    expect(targets(u).filter((t) => t.toLowerCase() === "externalid")).toEqual(["externalId"]);
    expect(mapped(u, "externalId").source.expression).toBe("[objectId]");
    expect(out.lowercaseExternalId_drift).toEqual(["User externalId: want [objectId] (matching priority 0), found [mailNickname] (matching priority 0)"]);
  });

  it("GIVEN externalId mapped twice (two spellings) THEN one mapping results, and the drift names both", () => {
    expect(targets(users(out.duplicateExternalId_t)).filter((t) => t.toLowerCase() === "externalid")).toEqual(["externalId"]);
    expect(out.duplicateExternalId_drift).toEqual([
      "User externalId: want [objectId] (matching priority 0), found 2 mappings: [mailNickname] (matching priority 0); [objectId] (matching priority 0)",
    ]);
  });

  it("GIVEN externalId set from a default value THEN the drift says so, not 'no mapping'", () => {
    expect(out.defaultValueExternalId_drift).toEqual(['User externalId: want [objectId] (matching priority 0), found default value "none" (matching priority 0)']);
    expect(mapped(users(out.defaultValueExternalId_t), "externalId").source.expression).toBe("[objectId]");
  });

  it("GIVEN an unmanaged mapping with a managed mapping's matching priority THEN it loses it (0), and the drift says so beforehand", () => {
    expect(mapped(users(out.collidingPriority_t), "title")).toEqual({ ...mapped(users(collidingPriority), "title"), matchingPriority: 0 });
    expect(mapped(users(out.collidingPriority_t), "userName").matchingPriority).toBe(1);
    expect(out.collidingPriority_drift).toEqual([
      "User externalId: want [objectId] (matching priority 0), found [mailNickname] (matching priority 0)",
      "User title: unmanaged mapping with matching priority 1, which userName has; it becomes 0",
    ]);
  });

  it("GIVEN active set to flow on create only (ObjectAddOnly) THEN the drift says so, and the transform restores Always", () => {
    expect(out.objectAddOnlyActive_drift).toEqual([
      "User externalId: want [objectId] (matching priority 0), found [mailNickname] (matching priority 0)",
      'User active: want Switch([IsSoftDeleted], , "False", "True", "True", "False") (matching priority 0), found Switch([IsSoftDeleted], , "False", "True", "True", "False") (matching priority 0, flow type ObjectAddOnly)',
    ]);
    expect(mapped(users(out.objectAddOnlyActive_t), "active").flowType).toBe("Always");
    expect(out.objectAddOnlyActive_drift_after).toEqual([]);
  });

  it("GIVEN another flow behavior, a default value beside a source, or exported missing references THEN each is drift, named; absent or empty settings are not", () => {
    expect(out.otherSettings_drift).toEqual([
      "User userName: want [userPrincipalName] (matching priority 1), found [userPrincipalName] (matching priority 1, default value \"nobody@example.com\")",
      "User displayName: want [displayName] (matching priority 0), found [displayName] (matching priority 0, flow behavior FlowAlways)",
      "User externalId: want [objectId] (matching priority 0), found [mailNickname] (matching priority 0)",
      "Group members: want [members] (matching priority 0), found [members] (matching priority 0, exportMissingReferences true)",
    ]);
    for (const om of [users(out.otherSettings_t), groups(out.otherSettings_t)]) {
      for (const m of om.attributeMappings.slice(0, om === users(out.otherSettings_t) ? 5 : 3)) {
        expect([m.targetAttributeName, m.flowType, m.flowBehavior, m.defaultValue, m.exportMissingReferences]).toEqual([m.targetAttributeName, "Always", "FlowWhenChanged", null, false]);
      }
    }
  });

  it.each(Object.keys(SHAPES))("checks the shape of a document that is %s", (name) => {
    expect(out[`shape_${name}`]).toEqual(SHAPES[name]![1]);
  });

  describe.each(Object.keys(FIXTURE_FILES).map((file, i) => [file, i] as const))("on the schema document %s", (_file, i) => {
    const source = () => Object.values(FIXTURE_FILES)[i];
    const lower = (t: string) => t.toLowerCase();
    const managedTargets = (om: Json) => (om.sourceObjectName === "User" ? MANAGED_USER_TARGETS : MANAGED_GROUP_TARGETS).map(lower);
    const isEntraObject = (om: Json) => om.sourceObjectName === "User" || om.sourceObjectName === "Group";

    it("THEN it passes the shape check", () => expect(out[`file${i}_shape`]).toEqual([]));

    it("THEN every object mapping of Entra users and groups starts with exactly Grafana's mappings, then the others in their order (none of the same target, colliding priorities 0)", () => {
      const before = source();
      const after = out[`file${i}_t`];
      before.synchronizationRules.forEach((rule: Json, r: number) =>
        rule.objectMappings.forEach((om: Json, o: number) => {
          const result = after.synchronizationRules[r].objectMappings[o];
          if (!isEntraObject(om)) return expect(result).toEqual(om);
          const wanted = (om.sourceObjectName === "User" ? GRAFANA_USER_MAPPINGS : GRAFANA_GROUP_MAPPINGS).map(graphAttributeMapping);
          const managedCount = wanted.length;
          expect(result.attributeMappings.slice(0, managedCount).map((m: Json) => [m.targetAttributeName, m.source.expression, m.matchingPriority])).toEqual(
            wanted.map((m) => [m.targetAttributeName, m.source.expression, m.matchingPriority]),
          );
          const priorities = wanted.map((m) => m.matchingPriority).filter((p) => p > 0);
          const others = om.attributeMappings
            .filter((m: Json) => !managedTargets(om).includes(lower(m.targetAttributeName)))
            .map((m: Json) => (priorities.includes(m.matchingPriority) ? { ...m, matchingPriority: 0 } : m));
          expect(result.attributeMappings.slice(managedCount)).toEqual(others);
        }),
      );
    });

    it("THEN nothing else changes: directories, rules, object mapping properties, version", () => {
      const strip = (schema: Json) => {
        const c = clone(schema);
        delete c["@odata.context"];
        for (const rule of c.synchronizationRules) for (const om of rule.objectMappings) if (isEntraObject(om)) delete om.attributeMappings;
        return c;
      };
      expect(strip(out[`file${i}_t`])).toEqual(strip(source()));
    });

    it("THEN it is idempotent and leaves no drift, in keep-defaults and in strict mode", () => {
      expect(out[`file${i}_tt`]).toEqual(out[`file${i}_t`]);
      expect(out[`file${i}_drift_after`]).toEqual([]);
      expect(out[`file${i}_strict_tt`]).toEqual(out[`file${i}_strict_t`]);
      expect(out[`file${i}_strict_drift_after`]).toEqual([]);
    });
  });

  it.each(CANONICAL.map(([e, c], i) => [e, c, i] as const))("canonical form of %s is %s, in TypeScript and in HCL alike", (expression, canonical, i) => {
    expect(canonicalExpression(expression)).toBe(canonical);
    expect(out[`canonical${i}`]).toBe(canonical);
  });
});
