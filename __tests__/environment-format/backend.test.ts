import {
  missingBackendProblem,
  stateLocation,
  awsRegionProblem,
  containerProblem,
  defaultStateKey,
  defaultWorkspaceName,
  dynamodbTableProblem,
  hostnameProblem,
  resourceGroupProblem,
  s3BucketProblem,
  stateKeyProblem,
  storageAccountProblem,
  terraformNameProblem,
} from "../../environment-format/backend";
import { validateEnvironment } from "../../environment-format";

const cloud = { grafana: { kind: "cloud", stackSlug: "acme", stackId: 123456 } };

function problemsOf(backend: unknown): string[] {
  return validateEnvironment({ ...cloud, backend }).problems.map((p) => `${p.field}: ${p.problem}`);
}

describe("default names derived from the environment", () => {
  it("GIVEN an environment name THEN state keys and workspaces follow it", () => {
    expect(defaultStateKey("prod-eu")).toBe("grafana-scim/prod-eu.tfstate");
    expect(defaultWorkspaceName("prod-eu")).toBe("grafana-scim-prod-eu");
  });
});

describe("validation: a bad backend names the field", () => {
  it.each<[string, unknown, string[]]>([
    ["unknown kind", { kind: "gcs", bucket: "x" }, ['backend.kind: must be one of "local", "s3", "azurerm", "cloud" (got "gcs")']],
    ["missing bucket", { kind: "s3", region: "eu-central-1" }, ["backend.bucket: is required (string)"]],
    ["bucket as URL", { kind: "s3", bucket: "s3://acme-tf", region: "eu-central-1" }, [
      "backend.bucket: must be an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit (not a URL or ARN)",
    ]],
    ["bad region", { kind: "s3", bucket: "acme-tf", region: "Frankfurt" }, ['backend.region: must be an AWS region such as "eu-central-1"']],
    ["absolute key", { kind: "s3", bucket: "acme-tf", region: "eu-central-1", key: "/prod.tfstate" }, ['backend.key: must be relative: no leading "/"']],
    ["no locking at all", { kind: "s3", bucket: "acme-tf", region: "eu-central-1", useLockfile: false }, [
      "backend.useLockfile: state would not be locked: keep useLockfile true or set dynamodbTable, so two applies cannot write the state at once",
    ]],
    ["a credential field on s3", { kind: "s3", bucket: "acme-tf", region: "eu-central-1", secretKey: "x" }, [
      "backend.secretKey: unknown field; allowed here: kind, bucket, key, region, useLockfile, dynamodbTable, encrypt",
    ]],
    ["a credential field on azurerm", { kind: "azurerm", resourceGroupName: "rg", storageAccountName: "acmetf", containerName: "tfstate", accessKey: "x" }, [
      "backend.accessKey: unknown field; allowed here: kind, resourceGroupName, storageAccountName, containerName, key, useAzureadAuth, useOidc",
    ]],
    ["storage account with capitals", { kind: "azurerm", resourceGroupName: "rg", storageAccountName: "AcmeTF", containerName: "tfstate" }, [
      "backend.storageAccountName: must be a storage account name: 3-24 lowercase letters and digits (not a URL)",
    ]],
    ["missing container", { kind: "azurerm", resourceGroupName: "rg", storageAccountName: "acmetf" }, ["backend.containerName: is required (string)"]],
    ["azurerm with access-key lookup", { kind: "azurerm", resourceGroupName: "rg", storageAccountName: "acmetf", containerName: "tfstate", useAzureadAuth: false }, [
      "backend.useAzureadAuth: must be true: without Entra ID auth the backend looks up the storage account key through Azure Resource Manager, which needs the account's subscription id, and neither this file nor the workflows set one. Grant the identity Storage Blob Data Contributor on the container instead",
    ]],
    ["a token on cloud", { kind: "cloud", organization: "acme", token: "x" }, [
      "backend.token: unknown field; allowed here: kind, organization, workspace, project, hostname",
    ]],
    ["hostname with scheme", { kind: "cloud", organization: "acme", hostname: "https://tfe.example.com" }, ['backend.hostname: must be a host name only, without "https://"']],
    ["workspace with spaces", { kind: "cloud", organization: "acme", workspace: "scim prod" }, ["backend.workspace: must be 1-90 letters, digits, underscores and hyphens"]],
    ["extra field on local", { kind: "local", path: "/tmp/x.tfstate" }, ["backend.path: unknown field; allowed here: kind"]],
  ])("%s", (_name, backend, expected) => {
    expect(problemsOf(backend)).toEqual(expected);
  });

  it("GIVEN a credential pasted into a backend value THEN it is rejected as a secret and the message does not repeat it", () => {
    const secret = "https://admin:hunter2@tfe.example.com";
    const problems = problemsOf({ kind: "cloud", organization: "acme", hostname: secret });
    expect(problems).toEqual([
      expect.stringMatching(/^backend\.hostname: looks like a URL with embedded credentials\./),
      'backend.hostname: must be a host name only, without "https://"',
    ]);
    expect(problems.join("\n")).not.toContain("hunter2");
  });
});

describe("value checks", () => {
  it.each<[string, (v: string) => string | undefined, string[], string[]]>([
    ["s3 bucket", s3BucketProblem, ["abc", "acme-terraform-state", "acme.tf.state"], ["ab", "Acme", "-acme", "acme..tf", "arn:aws:s3:::acme", "a".repeat(64)]],
    ["aws region", awsRegionProblem, ["eu-central-1", "us-gov-west-1", "ap-southeast-2"], ["eu", "EU-CENTRAL-1", "eu-central", "europe"]],
    ["state key", stateKeyProblem, ["prod.tfstate", "a/b/c.tfstate"], ["", " x", "/x", "dir/", "k".repeat(1025)]],
    ["storage account", storageAccountProblem, ["acmetf", "abc", "a".repeat(24)], ["ab", "acme-tf", "AcmeTF", "a".repeat(25)]],
    ["container", containerProblem, ["tfstate", "tf-state", "abc"], ["ab", "tf--state", "-tf", "TfState", "tf-"]],
    ["resource group", resourceGroupProblem, ["rg", "rg-tf.state_(1)"], ["", "rg.", "rg/x", "r".repeat(91)]],
    ["dynamodb table", dynamodbTableProblem, ["tf-locks", "a.b_c"], ["ab", "arn:aws:dynamodb:eu-central-1:1:table/x"]],
    ["terraform name", terraformNameProblem, ["acme", "grafana-scim-prod", "A_b-1"], ["", "a b", "a/b", "x".repeat(91)]],
    ["hostname", hostnameProblem, ["app.terraform.io", "tfe.example.com", "tfe.example.com:8443"], ["https://app.terraform.io", "localhost", "tfe.example.com/app", "-x.example.com"]],
  ])("%s: accepts the good values and rejects the bad ones", (_name, problem, good, bad) => {
    expect(good.map((v) => [v, problem(v)])).toEqual(good.map((v) => [v, undefined]));
    for (const v of bad) expect([v, problem(v)]).toEqual([v, expect.any(String)]);
  });
});

describe("stateLocation: where an environment's state lives, to compare two environment files", () => {
  it.each<[string, string, unknown, string]>([
    ["no backend", "prod", undefined, "local://state/prod.tfstate"],
    ["local", "prod", { kind: "local" }, "local://state/prod.tfstate"],
    ["s3, derived key", "prod", { kind: "s3", bucket: "acme-tf", region: "eu-west-1" }, "s3://acme-tf/grafana-scim/prod.tfstate"],
    ["s3, explicit key", "prod-eu", { kind: "s3", bucket: "acme-tf", region: "eu-west-1", key: "grafana-scim/prod.tfstate" }, "s3://acme-tf/grafana-scim/prod.tfstate"],
    ["azurerm", "prod", { kind: "azurerm", resourceGroupName: "rg", storageAccountName: "acmetf", containerName: "tfstate" }, "azurerm://acmetf/tfstate/grafana-scim/prod.tfstate"],
    ["cloud, derived workspace", "prod", { kind: "cloud", organization: "acme" }, "cloud://app.terraform.io/acme/grafana-scim-prod"],
    ["cloud, explicit workspace on TFE", "prod-eu", { kind: "cloud", organization: "acme", workspace: "grafana-scim-prod", hostname: "tfe.example.com" }, "cloud://tfe.example.com/acme/grafana-scim-prod"],
  ])("%s", (_name, environment, backend, expected) => {
    expect(stateLocation(environment, backend)).toBe(expected);
  });
});

describe("missingBackendProblem", () => {
  it("GIVEN no backend section THEN only example-* environments may omit it", () => {
    expect(missingBackendProblem("example-cloud", {})).toBeUndefined();
    expect(missingBackendProblem("prod", { backend: { kind: "local" } })).toBeUndefined();
    expect(missingBackendProblem("prod", {})).toMatch(/^is required outside example-\* environments/);
    expect(missingBackendProblem("prod", null)).toMatch(/^is required/);
  });
});
