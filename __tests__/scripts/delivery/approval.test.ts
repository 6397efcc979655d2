/**
 * The plan digest that ties an apply to the plan a person approved, on real plan fixtures.
 * The end-to-end refusal (a real re-plan that differs) is in __tests__/scripts/ci/terraform-apply.test.ts.
 */
import { approvalMismatch, approvalOf, canonical, changedAttributes, digestEntries, DIGEST_FORMAT, isDigest, masked, maskedPair } from "../../../scripts/delivery/approval";
import type { PlanJson } from "../../../scripts/delivery/plan-json";
import { CANARIES, planJson, SCENARIOS, scenarioEnv } from "../../support/plans";

const clone = (plan: PlanJson): PlanJson => JSON.parse(JSON.stringify(plan)) as PlanJson;

describe("approvalOf", () => {
  it("GIVEN every fixture THEN each has its own well-formed digest, and plans without changes share the empty one", () => {
    const digests = SCENARIOS.map((name) => approvalOf("prod", planJson(name)).digest);
    expect(digests.every(isDigest)).toBe(true);
    expect(approvalOf("prod", planJson("no-changes")).digest).toBe(approvalOf("prod", planJson("checks")).digest); // a failing check is not a change
    const withChanges = SCENARIOS.filter((n) => n !== "no-changes" && n !== "checks").map((name) => approvalOf("prod", planJson(name)).digest);
    expect(new Set(withChanges).size).toBe(withChanges.length);
  });

  it("GIVEN the same plan with its keys in another order and another timestamp THEN the digest is the same", () => {
    const plan = planJson("mixed");
    const reversed = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(reversed) : value !== null && typeof value === "object" ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)])) : value;
    const shuffled = reversed(plan) as PlanJson;
    expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(plan));
    expect(approvalOf("prod", { ...shuffled, timestamp: "2030-01-01T00:00:00Z" }).digest).toBe(approvalOf("prod", plan).digest);
  });

  it("GIVEN an attribute that does not change, but differs between two refreshes THEN the digest does not see it", () => {
    const plan = planJson("update");
    const refreshed = clone(plan);
    const change = refreshed.resource_changes![0]!.change as { before: Record<string, unknown>; after: Record<string, unknown> };
    change.before.id = "another-id-after-refresh";
    change.after.id = "another-id-after-refresh";
    expect(approvalOf("prod", refreshed).digest).toBe(approvalOf("prod", plan).digest);
  });

  it("GIVEN a value that will change differently THEN the digest differs and the mismatch names the resource", () => {
    const plan = planJson("update");
    const other = clone(plan);
    (other.resource_changes![0]!.change as { after: Record<string, unknown> }).after.input = "v3";
    const mismatch = approvalMismatch(approvalOf("prod", plan), approvalOf("prod", other));
    expect(mismatch).toMatch(/^plan changed since approval: approved sha256:[0-9a-f]{64}, this plan is sha256:[0-9a-f]{64}\. Differences: terraform_data\.app \(changes differently\)\./);
    expect(approvalMismatch(approvalOf("prod", plan), approvalOf("prod", clone(plan)))).toBeUndefined();
  });

  it("GIVEN resources added or gone since approval THEN the mismatch says which", () => {
    const mismatch = approvalMismatch(approvalOf("prod", planJson("create")), approvalOf("prod", planJson("destroy")));
    expect(mismatch).toContain("Differences: terraform_data.app (changes differently)");
    const added = approvalMismatch(approvalOf("prod", planJson("no-changes")), approvalOf("prod", planJson("create")));
    expect(added).toContain("terraform_data.app (new in this plan)");
    const gone = approvalMismatch(approvalOf("prod", planJson("create")), approvalOf("prod", planJson("no-changes")));
    expect(gone).toContain("terraform_data.app (no longer in this plan)");
  });

  it("GIVEN an approval for another stack or format THEN it never matches", () => {
    const approval = approvalOf("prod", planJson("create"));
    expect(approvalMismatch(approval, approvalOf("dev", planJson("create")))).toBe("the approval is for stack prod, not dev");
    expect(approvalMismatch({ ...approval, format: "v0" as typeof DIGEST_FORMAT }, approval)).toContain("plan again");
  });

  it("GIVEN a moved resource, an import-free plan and a changed output THEN each is an entry", () => {
    expect(Object.keys(digestEntries(planJson("moved")))).toEqual(["terraform_data.new_name"]);
    expect(digestEntries(planJson("moved"))["terraform_data.new_name"]).toEqual({ moved_from: "terraform_data.old_name", actions: ["no-op"], attributes: {} });
    expect(Object.keys(digestEntries(planJson("mixed")))).toContain("output.tenant_url");
  });
});

describe("no secret enters the digest", () => {
  it.each(["mixed", "sensitive-shapes"])("GIVEN %s THEN its entries hold (sensitive) and none of the sensitive values", (name) => {
    const entries = canonical(digestEntries(planJson(name)));
    expect(entries).toContain("(sensitive)");
    const env = scenarioEnv("sensitive-shapes");
    const decoded = Buffer.from(env.TF_VAR_base64_secret!, "base64").toString("utf8");
    const secrets = name === "mixed" ? CANARIES : [...Object.values(env), decoded, "MultiLineSecretLineOne0123", '"k9Z"', "918273"];
    for (const secret of secrets) expect(entries).not.toContain(secret);
  });

  it("GIVEN a sensitive value that changes THEN the digest says that it changes, not to what", () => {
    const entry = digestEntries(planJson("mixed"))["terraform_data.token"]!;
    expect(entry.attributes).toEqual({ input: ["(sensitive)", "(sensitive, changed)"], output: ["(redacted)", "(known after apply)"] });
  });
});

describe("helpers", () => {
  it("masked, changedAttributes and canonical", () => {
    expect(masked({ a: "x", b: { c: "secret", d: 1 } }, { b: { c: true } })).toEqual({ a: "x", b: { c: "(sensitive)", d: 1 } });
    expect(masked(["a", "b"], [false, true])).toEqual(["a", "(sensitive)"]);
    expect(maskedPair({ k: "old", n: "same" }, { k: "new", n: "same" }, { k: true, n: true }, { k: true, n: true })).toEqual([
      { k: "(sensitive)", n: "(sensitive)" },
      { k: "(sensitive, changed)", n: "(sensitive)" },
    ]);
    expect(changedAttributes({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { a: 1, b: { c: 2, d: 4 }, l: [2, 1] })).toEqual({ "b.d": [3, 4], l: [[1, 2], [2, 1]] });
    expect(changedAttributes(null, { a: 1 })).toEqual({ "(value)": [null, { a: 1 }] });
    expect(canonical({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });
});
