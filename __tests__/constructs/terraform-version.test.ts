/**
 * A stack declares the Terraform version its blocks need (`terraform.required_version`), so an
 * older Terraform stops at `terraform init` with "Unsupported Terraform Core version" rather than
 * on the first block it cannot read. Checked with the real Terraform CLI.
 */
import { TerraformStack, Testing } from "cdktf";
import { TerraformCheck } from "../../constructs/private/terraform/check";
import { TerraformRemoved } from "../../constructs/private/terraform/removed";
import { requiredTerraformVersion, requireTerraformVersion } from "../../constructs/terraform-version";
import { initConfig, terraformVersion } from "../support/terraform";

function synth(build: (stack: TerraformStack) => void): Record<string, { required_version?: string } & Record<string, unknown>> {
  const stack = new TerraformStack(Testing.app(), "test");
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Record<string, { required_version?: string } & Record<string, unknown>>;
}

describe("requireTerraformVersion", () => {
  it("GIVEN several floors THEN the stack requires the highest, compared as numbers", () => {
    const json = synth((stack) => {
      requireTerraformVersion(stack, "1.7");
      requireTerraformVersion(stack, "1.10");
      requireTerraformVersion(stack, "1.9.5");
      expect(requiredTerraformVersion(stack)).toBe("1.10");
    });
    expect(json.terraform).toEqual({ required_version: ">= 1.10" });
  });

  it("GIVEN nothing that needs a version THEN no required_version", () => {
    expect(synth(() => undefined).terraform).toBeUndefined();
  });

  it("GIVEN a removed block or a check block THEN the version that reads it", () => {
    expect(synth((stack) => new TerraformRemoved(stack, "r", { from: "terraform_data.x" })).terraform).toEqual({ required_version: ">= 1.7" });
    expect(synth((stack) => new TerraformCheck(stack, "c", { assertions: [{ condition: "${true}", errorMessage: "m" }] })).terraform).toEqual({ required_version: ">= 1.5" });
  });

  it("GIVEN an app that sets required_version itself THEN its own wins", () => {
    const json = synth((stack) => {
      new TerraformRemoved(stack, "r", { from: "terraform_data.x" });
      stack.addOverride("terraform.required_version", "~> 1.11.0");
    });
    expect(json.terraform).toEqual({ required_version: "~> 1.11.0" });
  });

  it("refuses a version that is not major.minor[.patch]", () => {
    expect(() => synth((stack) => requireTerraformVersion(stack, ">= 1.7"))).toThrow(/^version: must be a Terraform version such as "1\.7"/);
  });
});

describe("the real Terraform CLI reads the floor", () => {
  const installed = terraformVersion;

  it("GIVEN a removed block THEN init accepts the declared floor with this Terraform, and refuses a floor above it with Unsupported Terraform Core version", () => {
    const json = synth((stack) => new TerraformRemoved(stack, "r", { from: "terraform_data.x" }));
    expect(initConfig(json)).toEqual(expect.objectContaining({ ok: true }));
    const [major, minor] = installed().split(".").map(Number);
    const tooNew = { ...json, terraform: { required_version: `>= ${major}.${minor! + 1}` } };
    const refused = initConfig(tooNew);
    expect(refused.ok).toBe(false);
    expect(refused.log).toContain("Unsupported Terraform Core version");
  });
});
