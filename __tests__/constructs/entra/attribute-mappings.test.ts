import { Lazy, Token } from "cdktf";
import {
  ACTIVE_FROM_SOFT_DELETE,
  GRAFANA_GROUP_MAPPINGS,
  GRAFANA_USER_MAPPINGS,
  graphAttributeMapping,
  graphSource,
  mappingProblem,
  matchingPriorityProblem,
  MAX_MATCHING_PRIORITY,
  mergeMappings,
  sourceExpression,
} from "../../../constructs/entra/attribute-mappings";
import { validateEnvironment } from "../../../environment-format";

describe("Grafana's mapping table", () => {
  it("users: userPrincipalName->userName (matching), mail->work email, displayName, objectId->externalId, soft delete->active", () => {
    expect(GRAFANA_USER_MAPPINGS.map((m) => [sourceExpression(m.source), m.target, m.matchingPriority ?? 0])).toEqual([
      ["[userPrincipalName]", "userName", 1],
      ["[mail]", 'emails[type eq "work"].value', 0],
      ["[displayName]", "displayName", 0],
      ["[objectId]", "externalId", 0],
      ['Switch([IsSoftDeleted], , "False", "True", "True", "False")', "active", 0],
    ]);
  });

  it("groups: objectId->externalId, displayName (matching), members", () => {
    expect(GRAFANA_GROUP_MAPPINGS.map((m) => [sourceExpression(m.source), m.target, m.matchingPriority ?? 0])).toEqual([
      ["[objectId]", "externalId", 0],
      ["[displayName]", "displayName", 1],
      ["[members]", "members", 0],
    ]);
  });
});

describe("Graph encoding", () => {
  it("encodes an attribute, a constant (quotes doubled) and a function without a hand-built tree (Graph parses it)", () => {
    expect(graphSource({ attribute: "mail" })).toEqual({ expression: "[mail]", name: "mail", type: "Attribute", parameters: [] });
    expect(graphSource({ constant: 'say "hi"' })).toEqual({ expression: '"say ""hi"""', name: 'say "hi"', type: "Constant", parameters: [] });
    expect(graphSource(ACTIVE_FROM_SOFT_DELETE)).toEqual({ name: "Switch", type: "Function", expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', parameters: [] });
  });

  it("fills Graph's attributeMapping defaults", () => {
    expect(graphAttributeMapping({ target: "externalId", source: { attribute: "objectId" } })).toEqual({
      defaultValue: null,
      exportMissingReferences: false,
      flowBehavior: "FlowWhenChanged",
      flowType: "Always",
      matchingPriority: 0,
      source: { expression: "[objectId]", name: "objectId", type: "Attribute", parameters: [] },
      targetAttributeName: "externalId",
    });
  });
});

describe("mergeMappings", () => {
  it("replaces by target in place and appends the rest", () => {
    const merged = mergeMappings(GRAFANA_GROUP_MAPPINGS, [{ target: "members", source: { constant: "x" } }, { target: "x", source: { attribute: "y" } }], "f");
    expect(merged.map((m) => [m.target, sourceExpression(m.source)])).toEqual([
      ["externalId", "[objectId]"],
      ["displayName", "[displayName]"],
      ["members", '"x"'],
      ["x", "[y]"],
    ]);
  });

  it.each([
    [[{ target: "a", source: { attribute: "b" } }, { target: "a", source: { attribute: "c" } }], /^mappings\.user\[1\]\.target: "a" is mapped twice \(also \[0\]\)$/],
    [[{ target: "externalId", source: { attribute: "b" } }, { target: "externalid", source: { attribute: "c" } }], /^mappings\.user\[1\]\.target: "externalid" is mapped twice \(also \[0\] as "externalId"; SCIM attribute names are case-insensitive\)$/],
    [[{ target: " ", source: { attribute: "b" } }], /^mappings\.user\[0\]: target must not be empty$/],
    [[{ target: "a", source: { attribute: "b" }, matchingPriority: -1 }], /^mappings\.user\[0\]\.matchingPriority: must be 0 or more \(got -1\)$/],
    // Graph's matchingPriority is an Int32: 3e12 was accepted by the construct (only the format refused it).
    [[{ target: "a", source: { attribute: "b" }, matchingPriority: 3e12 }], /^mappings\.user\[0\]\.matchingPriority: must be at most 2147483647: Graph's matchingPriority is a 32-bit integer \(got 3000000000000\)$/],
    [[{ target: "a", source: { attribute: "b" }, matchingPriority: 1.5 }], /^mappings\.user\[0\]\.matchingPriority: must be a whole number \(got 1\.5\)$/],
    [[{ target: "a", source: { function: "Join", expression: "" } }], /a function source needs its name and expression/],
  ])("rejects bad overrides with the field: %#", (overrides, message) => {
    expect(() => mergeMappings(GRAFANA_USER_MAPPINGS, overrides, "mappings.user")).toThrow(message);
  });

  it("an override in another spelling replaces Grafana's mapping of that target (SCIM names are case-insensitive)", () => {
    const merged = mergeMappings(GRAFANA_USER_MAPPINGS, [{ target: "EXTERNALID", source: { attribute: "employeeId" } }], "f");
    expect(merged.map((m) => m.target)).toEqual(["userName", 'emails[type eq "work"].value', "displayName", "EXTERNALID", "active"]);
  });

  it("mappingProblem accepts a good mapping", () => expect(mappingProblem({ target: "t", source: { attribute: "a" }, matchingPriority: 2 })).toBeUndefined());

  it("matchingPriorityProblem: 0 to 2147483647 whole, a reference left to Terraform; the environment-file format says the same words", () => {
    expect([0, 1, MAX_MATCHING_PRIORITY].map(matchingPriorityProblem)).toEqual([undefined, undefined, undefined]);
    expect(matchingPriorityProblem(MAX_MATCHING_PRIORITY + 1)).toBe("must be at most 2147483647: Graph's matchingPriority is a 32-bit integer (got 2147483648)");
    expect(matchingPriorityProblem(Token.asNumber(Lazy.numberValue({ produce: () => 1 })))).toBeUndefined();
    const document = {
      grafana: { kind: "cloud", stackSlug: "acme", stackId: 1 },
      identityProvider: { kind: "entra", tenantId: "72f988bf-0000-4000-8000-0000000000a1", appDisplayName: "G", mappings: { user: [{ target: "a", source: { attribute: "b" }, matchingPriority: 3e12 }] } },
    };
    expect(validateEnvironment(document).problems).toEqual([{ field: "identityProvider.mappings.user[0].matchingPriority", problem: matchingPriorityProblem(3e12) }]);
  });
});
