import { CloudBackend, NamedCloudWorkspace, TerraformStack, Testing } from "cdktf";
import { CloudBlock, localStatePath } from "../../stacks/backend";
import { childProcessesStartedBy } from "../support/no-terraform";
import { environment, synthEnvironment } from "../support/environments";

const cloud = { grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 } };

/** The `terraform` block of the stack synthesized for `backend` in environment `name`. */
function terraformBlock(name: string, backend: unknown): Record<string, unknown> {
  const { required_providers: _providers, ...rest } = synthEnvironment(environment(name, { ...cloud, backend })).json.terraform ?? {};
  return rest;
}

describe("the local state path", () => {
  it("GIVEN an environment name THEN the local path follows it", () => {
    expect(localStatePath("prod-eu")).toBe("../../../state/prod-eu.tfstate");
  });
});

describe("addBackend: the block each kind synthesizes", () => {
  it("GIVEN no backend section THEN the stack keeps local state outside cdktf.out", () => {
    expect(synthEnvironment(environment("dev", cloud)).json.terraform?.backend).toEqual({ local: { path: "../../../state/dev.tfstate" } });
  });

  it("GIVEN s3 with only bucket and region THEN the key is derived, locking uses a lock file and the state is encrypted", () => {
    expect(terraformBlock("prod", { kind: "s3", bucket: "acme-terraform-state", region: "eu-central-1" })).toEqual({
      backend: { s3: { bucket: "acme-terraform-state", key: "grafana-scim/prod.tfstate", region: "eu-central-1", encrypt: true, use_lockfile: true } },
      // use_lockfile is an s3 backend argument since Terraform 1.10.
      required_version: ">= 1.10",
    });
  });

  it("GIVEN s3 with a key and a DynamoDB table THEN both are used as given", () => {
    expect(
      terraformBlock("prod", { kind: "s3", bucket: "acme-tf", key: "scim/prod/terraform.tfstate", region: "us-east-1", dynamodbTable: "tf-locks", useLockfile: false }),
    ).toEqual({
      backend: { s3: { bucket: "acme-tf", key: "scim/prod/terraform.tfstate", region: "us-east-1", encrypt: true, use_lockfile: false, dynamodb_table: "tf-locks" } },
      required_version: ">= 1.7",
    });
  });

  it("GIVEN azurerm without key or auth settings THEN the key is derived, Entra ID auth is on and use_oidc is left to ARM_USE_OIDC", () => {
    const block = terraformBlock("staging", { kind: "azurerm", resourceGroupName: "rg-tfstate", storageAccountName: "acmetfstate", containerName: "tfstate" });
    expect(block).toEqual({
      backend: {
        azurerm: {
          resource_group_name: "rg-tfstate",
          storage_account_name: "acmetfstate",
          container_name: "tfstate",
          key: "grafana-scim/staging.tfstate",
          use_azuread_auth: true,
        },
      },
      required_version: ">= 1.7",
    });
  });

  it("GIVEN azurerm with useOidc THEN use_oidc is written", () => {
    const block = terraformBlock("staging", {
      kind: "azurerm",
      resourceGroupName: "rg-tfstate",
      storageAccountName: "acmetfstate",
      containerName: "tfstate",
      key: "scim.tfstate",
      useOidc: true,
    });
    expect(block.backend).toEqual({ azurerm: expect.objectContaining({ key: "scim.tfstate", use_oidc: true, use_azuread_auth: true }) });
  });

  it("GIVEN cloud with only the organization THEN a cloud block names the derived workspace on HCP Terraform", () => {
    expect(terraformBlock("prod", { kind: "cloud", organization: "acme" })).toEqual({
      cloud: { organization: "acme", hostname: "app.terraform.io", workspaces: { name: "grafana-scim-prod" } },
      required_version: ">= 1.7",
    });
  });

  it("GIVEN cloud on Terraform Enterprise with a workspace and project THEN those are used", () => {
    expect(terraformBlock("prod", { kind: "cloud", organization: "acme", workspace: "scim-prod", project: "Identity", hostname: "tfe.example.com" })).toEqual({
      cloud: { organization: "acme", hostname: "tfe.example.com", workspaces: { name: "scim-prod", project: "Identity" } },
      required_version: ">= 1.7",
    });
  });

  it("GIVEN two environments with the same s3 bucket THEN each gets its own state key", () => {
    const backend = { kind: "s3", bucket: "acme-tf", region: "eu-west-1" };
    const keys = ["dev", "prod"].map((name) => (terraformBlock(name, backend).backend as { s3: { key: string } }).s3.key);
    expect(keys).toEqual(["grafana-scim/dev.tfstate", "grafana-scim/prod.tfstate"]);
  });
});


describe("CloudBlock: cdktf's CloudBackend without its terraform version check", () => {
  /** The stack's whole rendering (metadata included) with `Backend`, and the subprocesses its validations start. */
  function render(Backend: typeof CloudBlock | typeof CloudBackend, hostname?: string): { json: unknown; subprocesses: number } {
    const stack = new TerraformStack(Testing.app(), "test");
    new Backend(stack, { organization: "acme", ...(hostname ? { hostname } : {}), workspaces: new NamedCloudWorkspace("scim-prod", "Identity") });
    const subprocesses = childProcessesStartedBy(() => stack.runAllValidations());
    const { terraform, ...rest } = stack.toTerraform() as { terraform: { required_version?: string } };
    // The one difference: CloudBlock declares its floor (1.1) as the stack's required_version instead.
    expect(terraform.required_version).toBe(Backend === CloudBlock ? ">= 1.1" : undefined);
    delete terraform.required_version;
    return { json: JSON.parse(JSON.stringify({ ...rest, terraform })), subprocesses };
  }

  it.each([undefined, "app.terraform.io", "tfe.example.com"])("GIVEN hostname %s THEN the same cloud block and metadata, and no subprocess", (hostname) => {
    const ours = render(CloudBlock, hostname);
    const theirs = render(CloudBackend, hostname);
    expect(ours.json).toEqual(theirs.json);
    expect(JSON.stringify(ours.json)).toBe(JSON.stringify(theirs.json));
    expect(ours.json).toEqual(expect.objectContaining({ "//": expect.objectContaining({ metadata: expect.objectContaining({ backend: "cloud", cloud: hostname === "tfe.example.com" ? "tfe" : "tfc" }) }) }));
    expect([ours.subprocesses, theirs.subprocesses]).toEqual([0, 1]);
  });
});
