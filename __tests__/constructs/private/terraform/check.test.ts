import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DataResource, Lazy, TerraformVariable, Testing } from "cdktf";
import { TerraformCheck } from "../../../../constructs/private/terraform/check";
import { addressOf, lazyExpression } from "../../../../constructs/private/terraform/address";
import { DataGrafanaRole } from "../../../../.gen/providers/grafana/data-grafana-role";
import { applyConfig } from "../../../support/terraform";
import { ServiceAccount } from "../../../../.gen/providers/grafana/service-account";
import { GrafanaProvider } from "../../../../.gen/providers/grafana/provider";

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

  describe("GIVEN a scoped data source that depends on a resource", () => {
    /** A "remote" value kept in a local state file: the data source reads it, the resource's provisioner writes it. */
    const stateFile = (value: string) => JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 1, lineage: "check-test", outputs: { value: { type: "string", value } }, resources: [] });
    function synth(file: string) {
      let check!: TerraformCheck;
      const synthesized = JSON.parse(
        Testing.synthScope((stack) => {
          const writer = new DataResource(stack, "writer", {
            input: { value: "after" },
            provisioners: [{ type: "local-exec", command: `printf '%s' "$STATE" > '${file}'`, environment: { STATE: `\${jsonencode({ version = 4, terraform_version = "1.11.4", serial = 2, lineage = "check-test", outputs = { value = { type = "string", value = self.input.value } }, resources = [] })}` } }],
          });
          check = new TerraformCheck(stack, "c", {
            dataSources: [{ type: "terraform_remote_state", name: "remote", config: { backend: "local", config: { path: file } }, dependsOn: [writer] }],
            assertions: [{ condition: Lazy.stringValue({ produce: () => `\${${check.dataAddress("remote")}.outputs.value == "after"}` }), errorMessage: "read before the write" }],
          });
        }),
      );
      return { synthesized, check };
    }

    it("THEN the check holds the data source with its depends_on, named after the check", () => {
      const { synthesized } = synth("/tmp/x.tfstate");
      expect(synthesized.check.c).toEqual({
        data: { terraform_remote_state: { c_remote: { backend: "local", config: { path: "/tmp/x.tfstate" }, depends_on: ["terraform_data.writer"] } } },
        assert: [{ condition: '${data.terraform_remote_state.c_remote.outputs.value == "after"}', error_message: "read before the write" }],
      });
    });

    it("THEN the Terraform CLI reads it after the resource is applied: no warning", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scoped-"));
      const file = path.join(dir, "remote.tfstate");
      fs.writeFileSync(file, stateFile("before"));
      const result = applyConfig(synth(file).synthesized);
      expect(result.ok).toBe(true);
      expect(fs.readFileSync(file, "utf8")).toContain('"value":"after"');
      expect(result.diagnostics).toEqual([]);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("rejects two scoped data sources of one name, and an unknown name", () => {
      expect(() =>
        Testing.synthScope((stack) => {
          const d = { type: "terraform_remote_state", name: "r", config: {} };
          new TerraformCheck(stack, "c", { dataSources: [d, d], assertions: [{ condition: "${true}", errorMessage: "m" }] });
        }),
      ).toThrow(/dataSources names terraform_remote_state\.r twice/);
      expect(() => Testing.synthScope((stack) => new TerraformCheck(stack, "c", { assertions: [{ condition: "${true}", errorMessage: "m" }] }).dataAddress("x"))).toThrow(/no scoped data source named x/);
    });
  });

  it("addressOf prefixes data sources with data.", () => {
    Testing.synthScope((stack) => {
      new GrafanaProvider(stack, "grafana", {});
      const role = new DataGrafanaRole(stack, "role", { name: "fixed:teams:writer" });
      expect(addressOf(role)).toBe(`data.grafana_role.${role.friendlyUniqueId}`);
    });
  });
});
