/** The JSON plan fixtures (real Terraform 1.11 output) and how plan actions are read. */
import type { PlanJson } from "../../../scripts/delivery/plan-json";
import { changeKind, parsePlan } from "../../../scripts/delivery/plan-json";
import { exitCode, planJson, planText, SCENARIOS } from "../../support/plans";

describe("the fixtures are what they claim to be", () => {
  it.each(SCENARIOS)("GIVEN %s THEN it is a Terraform 1.11 JSON plan with a text rendering and an exit code", (name) => {
    const plan = planJson(name) as PlanJson & { terraform_version: string; format_version: string };
    expect(plan.terraform_version).toMatch(/^1\.11\./);
    expect(plan.format_version).toMatch(/^1\./);
    expect(planText(name)).toMatch(/Terraform will perform the following actions|No changes\./);
    expect([0, 2]).toContain(exitCode(name));
  });
});

describe("parsePlan", () => {
  it("GIVEN a fixture THEN it parses; GIVEN something else THEN the message names the file", () => {
    expect(parsePlan(JSON.stringify(planJson("create")), "plan.json").format_version).toMatch(/^1\./);
    expect(() => parsePlan("{ nope", "out/plan.json")).toThrow(/^out\/plan\.json is not JSON: /);
    expect(() => parsePlan('{"resource_changes": []}', "out/plan.json")).toThrow("out/plan.json is not a Terraform JSON plan (no format_version)");
  });
});

describe("changeKind", () => {
  it.each<[string[], string]>([
    [["create"], "create"],
    [["update"], "update"],
    [["delete"], "delete"],
    [["delete", "create"], "replace"],
    [["create", "delete"], "replace"],
    [["no-op"], "no-op"],
    [["read"], "read"],
    [["forget"], "forget"],
  ])("GIVEN actions %j THEN the kind is %s", (actions, kind) => {
    expect(changeKind(actions)).toBe(kind);
  });

  it("GIVEN actions it does not know THEN it fails instead of miscounting", () => {
    expect(() => changeKind(["create", "update"])).toThrow("unknown plan actions: [create, update]");
  });
});
