/**
 * The plan summary on real plans: the fixtures in __tests__/fixtures/plans/ were made by
 * Terraform 1.11 from provider-free configurations (generate.sh). Their resources are all
 * terraform_data, so the critical-change mechanism is tested with a policy that names that type.
 */
import type { CriticalPolicy } from "../../../scripts/delivery/critical";
import type { PlanJson } from "../../../scripts/delivery/plan-json";
import { checkResults, countsLine, summarizePlan } from "../../../scripts/delivery/summary";
import { exitCode, planJson, planText, SCENARIOS } from "../../support/plans";

const FIXTURE_CRITICAL: CriticalPolicy = { replaceOrDestroy: { terraform_data: { critical: "fixture: treated as critical" } } };

describe("summarizePlan on real plans", () => {
  it("GIVEN a create THEN one add and nothing critical", () => {
    const s = summarizePlan(planJson("create"), FIXTURE_CRITICAL);
    expect(s.counts).toEqual({ add: 1, change: 0, replace: 0, destroy: 0, forget: 0, import: 0, move: 0 });
    expect(s.changes).toEqual([{ address: "terraform_data.app", type: "terraform_data", kind: "create", importing: false }]);
    expect(s.critical).toEqual([]);
  });

  it("GIVEN an in-place update THEN one change and nothing critical", () => {
    const s = summarizePlan(planJson("update"), FIXTURE_CRITICAL);
    expect(s.counts).toEqual({ add: 0, change: 1, replace: 0, destroy: 0, forget: 0, import: 0, move: 0 });
    expect(s.critical).toEqual([]);
  });

  it("GIVEN replacements (delete-then-create and create-before-destroy) of a critical type THEN both are replaces and both are flagged", () => {
    const s = summarizePlan(planJson("replace"), FIXTURE_CRITICAL);
    expect(s.counts).toEqual({ add: 0, change: 0, replace: 2, destroy: 0, forget: 0, import: 0, move: 0 });
    expect(s.critical.map((c) => [c.address, c.kind, c.reason, c.critical])).toEqual([
      ["terraform_data.app", "replace", "replace_because_cannot_update", "fixture: treated as critical"],
      ["terraform_data.token", "replace", "replace_because_cannot_update", "fixture: treated as critical"],
    ]);
  });

  it("GIVEN a destroy of a critical type THEN it is flagged", () => {
    const s = summarizePlan(planJson("destroy"), FIXTURE_CRITICAL);
    expect(s.counts).toEqual({ add: 0, change: 0, replace: 0, destroy: 1, forget: 0, import: 0, move: 0 });
    expect(s.critical).toEqual([
      { address: "terraform_data.app", type: "terraform_data", kind: "delete", importing: false, reason: "delete_because_no_resource_config", critical: "fixture: treated as critical" },
    ]);
  });


  it("GIVEN no changes THEN nothing is listed and hasChanges is false", () => {
    const s = summarizePlan(planJson("no-changes"), FIXTURE_CRITICAL);
    expect(s).toMatchObject({ changes: [], critical: [], outputsChanged: [], hasChanges: false, errored: false });
  });

  it("GIVEN a mixed plan THEN only the replace and the destroys are critical, and the changed output is listed", () => {
    const s = summarizePlan(planJson("mixed"), FIXTURE_CRITICAL);
    expect(s.counts).toEqual({ add: 2, change: 2, replace: 1, destroy: 2, forget: 0, import: 0, move: 0 });
    expect(s.changes.map((c) => `${c.kind} ${c.address}`)).toEqual([
      "create terraform_data.created",
      "delete terraform_data.destroyed",
      "delete terraform_data.items[1]",
      "create terraform_data.leaky",
      "replace terraform_data.replaced",
      "update terraform_data.token",
      "update terraform_data.updated",
    ]);
    expect(s.critical.map((c) => c.address)).toEqual(["terraform_data.destroyed", "terraform_data.items[1]", "terraform_data.replaced"]);
    expect(s.outputsChanged).toEqual(["tenant_url"]);
  });

  it.each(SCENARIOS)("GIVEN %s THEN the counts agree with Terraform's own Plan line and the exit code agrees with hasChanges", (name) => {
    const s = summarizePlan(planJson(name));
    const line = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy\./.exec(planText(name));
    // Terraform counts a replace as one add plus one destroy.
    const terraformCounts = line ? line.slice(1, 4).map(Number) : [0, 0, 0];
    expect([s.counts.add + s.counts.replace, s.counts.change, s.counts.destroy + s.counts.replace]).toEqual(terraformCounts);
    expect(s.hasChanges).toBe(exitCode(name) === 2);
  });

  it("GIVEN an import in the plan THEN it is listed and counted even without other changes", () => {
    const plan: PlanJson = {
      resource_changes: [
        { address: "grafana_service_account.sa", mode: "managed", type: "grafana_service_account", change: { actions: ["no-op"], importing: { id: "1:42" } } },
        { address: "data.grafana_role.r", mode: "data", type: "grafana_role", change: { actions: ["read"] } },
      ],
    };
    const s = summarizePlan(plan);
    expect(s.counts.import).toBe(1);
    expect(s.changes).toEqual([{ address: "grafana_service_account.sa", type: "grafana_service_account", kind: "no-op", importing: true }]);
    expect(s.critical).toEqual([]);
  });
});

describe("countsLine", () => {
  it("GIVEN counts THEN the line uses Terraform's words and mentions imports only when there are some", () => {
    expect(countsLine({ add: 1, change: 2, replace: 3, destroy: 4, forget: 0, import: 0, move: 0 })).toBe("1 to add, 2 to change, 3 to replace, 4 to destroy");
    expect(countsLine({ add: 0, change: 0, replace: 0, destroy: 0, forget: 1, import: 2, move: 0 })).toContain("2 to import, 1 to forget");
  });
});

describe("checks: the package's warnings", () => {
  it("GIVEN a plan with no resource changes and a failing check THEN Terraform's text says only 'No changes' (why the summary reads the JSON)", () => {
    expect(exitCode("checks")).toBe(0);
    expect(planText("checks")).toContain("No changes.");
    expect(planText("checks")).not.toContain("token_expiry");
  });

  it("GIVEN that plan THEN the failing check is reported with its message, the passing one is not, and it is a finding", () => {
    const s = summarizePlan(planJson("checks"));
    expect(s.hasChanges).toBe(false);
    expect(s.checksFail).toBe(true);
    expect(s.checks).toEqual([
      {
        address: "check.token_expiry",
        status: "fail",
        messages: ["The SCIM token expired on 2026-01-02T00:00:00Z: replace it (old value glsa_FixtureNotARealToken0123456789_0a1b2c3d)."],
      },
    ]);
  });

  it("GIVEN a check that depends on a value known only after apply THEN it is reported as unknown, which is not a failure", () => {
    const s = summarizePlan(planJson("check-unknown"));
    expect(s.checks).toEqual([{ address: "check.app_ready", status: "unknown", messages: [] }]);
    expect(s.checksFail).toBe(false);
  });

  it("GIVEN plans without checks THEN there are none", () => {
    for (const name of ["create", "mixed", "moved"]) expect(summarizePlan(planJson(name)).checks).toEqual([]);
  });

  it("GIVEN unknown, failing and erroring checks in any order THEN failing and erroring ones come first, each in plan order", () => {
    const plan: PlanJson = {
      checks: [
        { address: { to_display: "check.a" }, status: "unknown", instances: [{ status: "unknown" }] },
        { address: { to_display: "check.b" }, status: "fail", instances: [{ status: "fail", problems: [{ message: "b1" }, { message: "b2" }] }] },
        { address: { to_display: "check.c" }, status: "pass" },
        { address: { to_display: "terraform_data.d" }, status: "error", instances: [{ status: "error", problems: [{ message: "d" }] }] },
      ],
    };
    expect(checkResults(plan).map((c) => [c.address, c.status, c.messages])).toEqual([
      ["check.b", "fail", ["b1", "b2"]],
      ["terraform_data.d", "error", ["d"]],
      ["check.a", "unknown", []],
    ]);
  });
});

describe("moves", () => {
  it("GIVEN a plan that only moves a resource THEN Terraform counts nothing, but the summary counts the move and has changes, like the exit code", () => {
    expect(planText("moved")).toContain("Plan: 0 to add, 0 to change, 0 to destroy.");
    const s = summarizePlan(planJson("moved"));
    expect(s.counts).toEqual({ add: 0, change: 0, replace: 0, destroy: 0, forget: 0, import: 0, move: 1 });
    expect(s.changes).toEqual([{ address: "terraform_data.new_name", type: "terraform_data", kind: "no-op", importing: false, movedFrom: "terraform_data.old_name" }]);
    expect(s.hasChanges).toBe(true);
    expect(exitCode("moved")).toBe(2);
  });
});
