import { DataResource, TerraformStack, Testing } from "cdktf";
import { TerraformData } from "../../../../constructs/private/terraform/data";
import { lazyAddress } from "../../../../constructs/private/terraform/address";
import { requiredTerraformVersion } from "../../../../constructs/terraform-version";
import { planAfter } from "../../../support/terraform";
import { childProcessesStartedBy } from "../../../support/no-terraform";

/** The same configuration built with `Data` (TerraformData or cdktf's DataResource), synthesized without validations. */
function synthWith(Data: typeof TerraformData | typeof DataResource, triggers: Record<string, unknown>): string {
  const stack = new TerraformStack(Testing.app(), "test");
  const intent = new Data(stack, "intent", { triggersReplace: triggers, input: { note: "x" } });
  const follower = new Data(stack, "follower", {
    input: { seen: intent.output.lookup("note"), id: intent.id },
    lifecycle: { replaceTriggeredBy: [lazyAddress(intent)] },
    dependsOn: [intent],
  });
  void follower;
  return Testing.synth(stack);
}

describe("TerraformData", () => {
  it("GIVEN the configuration DataResource takes THEN it synthesizes the same bytes as cdktf's DataResource", () => {
    const triggers = { mappings: { user: ["a", "b"] }, mode: "strict" };
    const { terraform, ...ours } = JSON.parse(synthWith(TerraformData, triggers)) as Record<string, unknown>;
    // The one addition: the stack's floor (see below), where DataResource ran `terraform version`.
    expect(terraform).toEqual({ required_version: ">= 1.4" });
    expect(JSON.stringify(ours, null, 2)).toBe(synthWith(DataResource, triggers));
    expect((ours as { resource: { terraform_data: Record<string, unknown> } }).resource.terraform_data.intent).toEqual(expect.objectContaining({ triggers_replace: triggers, input: { note: "x" } }));
  });

  it("declares Terraform 1.4 as the stack's floor, as DataResource's own check required", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new TerraformData(stack, "d");
    expect(requiredTerraformVersion(stack)).toBe("1.4");
  });

  it("GIVEN the stack's validations THEN no subprocess runs, where cdktf's DataResource runs `terraform version`", () => {
    const validated = (Data: typeof TerraformData | typeof DataResource) =>
      childProcessesStartedBy(() => {
        const stack = new TerraformStack(Testing.app(), "test");
        new Data(stack, "d", { input: { v: 1 } });
        stack.runAllValidations();
      });
    expect(validated(TerraformData)).toBe(0);
    // The control: the count sees cdktf's check.
    expect(validated(DataResource)).toBe(1);
  });

  it("GIVEN a change of triggers_replace THEN the Terraform CLI replaces it and what replace_triggered_by it", () => {
    const config = (mode: string) => JSON.parse(synthWith(TerraformData, { mode })) as Record<string, unknown>;
    expect(planAfter(config("strict"), config("strict"))).toEqual({ "terraform_data.intent": ["no-op"], "terraform_data.follower": ["no-op"] });
    expect(planAfter(config("strict"), config("keep-defaults"))).toEqual({
      "terraform_data.intent": ["delete", "create"],
      "terraform_data.follower": ["delete", "create"],
    });
  });
});
