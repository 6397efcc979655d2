import { TerraformVariable, Testing } from "cdktf";
import { TerraformCheck } from "../../../constructs/terraform/check";
import { addressOf, lazyExpression } from "../../../constructs/terraform/address";
import { DataGrafanaRole } from "../../../.gen/providers/grafana/data-grafana-role";
import { applyConfig } from "../../support/terraform";
import { ServiceAccount } from "../../../.gen/providers/grafana/service-account";
import { GrafanaProvider } from "../../../.gen/providers/grafana/provider";

describe("TerraformCheck", () => {
  it("synthesizes a check block that the Terraform CLI runs: a false assertion warns, a true one is silent", () => {
    const synthesized = JSON.parse(
      Testing.synthScope((stack) => {
        const v = new TerraformVariable(stack, "answer", { type: "number" });
        new TerraformCheck(stack, "answer_is_42", {
          assertions: [{ condition: `\${var.answer == 42}`, errorMessage: `expected 42, got \${var.answer}` }],
        });
        void v;
      }),
    );
    expect(synthesized.check).toEqual({
      answer_is_42: { assert: [{ condition: "${var.answer == 42}", error_message: "expected 42, got ${var.answer}" }] },
    });
    const wrong = applyConfig(synthesized, { answer: "41" });
    expect(wrong.ok).toBe(true);
    expect(wrong.diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", summary: "Check block assertion failed", detail: "expected 42, got 41" }),
    ]);
    expect(applyConfig(synthesized, { answer: "42" }).diagnostics).toEqual([]);
  });

  it("needs at least one assertion", () => {
    expect(() => Testing.synthScope((stack) => new TerraformCheck(stack, "empty", { assertions: [] }))).toThrow(/at least one assertion/);
  });

  it("GIVEN a lazyExpression WHEN the resource's logical id is overridden afterwards THEN the check follows the new address", () => {
    const synthesized = JSON.parse(
      Testing.synthScope((stack) => {
        new GrafanaProvider(stack, "grafana", {});
        const sa = new ServiceAccount(stack, "sa", { name: "x", role: "None" });
        new TerraformCheck(stack, "c", { assertions: [{ condition: lazyExpression(sa, (a) => `${a}.id != ""`), errorMessage: "m" }] });
        sa.overrideLogicalId("renamed");
      }),
    );
    expect(Object.keys(synthesized.resource.grafana_service_account)).toEqual(["renamed"]);
    expect(synthesized.check.c.assert[0].condition).toBe('${grafana_service_account.renamed.id != ""}');
  });

  it("addressOf prefixes data sources with data.", () => {
    Testing.synthScope((stack) => {
      new GrafanaProvider(stack, "grafana", {});
      const role = new DataGrafanaRole(stack, "role", { name: "fixed:teams:writer" });
      expect(addressOf(role)).toBe(`data.grafana_role.${role.friendlyUniqueId}`);
    });
  });
});
