/** environmentConflicts on state: no two environment files on one state, whatever spelling makes them meet. */
import { environmentConflicts } from "../../environment-format/conflicts";
import type { Environment } from "../../environment-format/environment";

/** An environment with a Grafana of its own, so only the state can conflict. */
const env = (name: string, backend?: unknown) =>
  ({ name, file: `environments/${name}.json`, config: { backend, grafana: { kind: "self-hosted", url: `https://${name}.grafana.example.com` } } }) as unknown as Environment;
const sharedStateProblems = (environments: readonly Environment[]) => environmentConflicts(environments).filter((p) => p.field === "backend");
const S3 = { kind: "s3", bucket: "acme-tf", region: "eu-west-1" };

describe("environmentConflicts: state locations", () => {
  it("GIVEN derived keys, workspaces and local files THEN every environment has its own state", () => {
    expect(sharedStateProblems([env("prod", S3), env("dev", S3), env("a", { kind: "cloud", organization: "acme" }), env("b", { kind: "cloud", organization: "acme" }), env("x"), env("y", { kind: "local" })])).toEqual([]);
  });

  it.each<[string, ReturnType<typeof env>[], string[]]>([
    ["an explicit key equal to another's default", [env("prod", S3), env("prod-eu", { ...S3, key: "grafana-scim/prod.tfstate" })], ["environments/prod.json", "environments/prod-eu.json"]],
    ["the same workspace in one organization", [env("a", { kind: "cloud", organization: "acme", workspace: "w" }), env("b", { kind: "cloud", organization: "acme", workspace: "w" })], ["environments/a.json", "environments/b.json"]],
    // Host names are case-insensitive and 443 is https's port: one HCP Terraform workspace.
    ["the same workspace on the default host spelled in upper case and with its port", [env("a", { kind: "cloud", organization: "acme", workspace: "w" }), env("b", { kind: "cloud", organization: "acme", workspace: "w", hostname: "APP.Terraform.io" }), env("c", { kind: "cloud", organization: "acme", workspace: "w", hostname: "app.terraform.io:443" })], ["environments/a.json", "environments/b.json", "environments/c.json"]],
    ["one blob in one container", [env("a", { kind: "azurerm", storageAccountName: "st", containerName: "c", key: "k" }), env("b", { kind: "azurerm", storageAccountName: "st", containerName: "c", key: "k" })], ["environments/a.json", "environments/b.json"]],
    ["three files", [env("a", { ...S3, key: "k" }), env("b", { ...S3, key: "k" }), env("c", { ...S3, key: "k" })], ["environments/a.json", "environments/b.json", "environments/c.json"]],
  ])("GIVEN %s THEN each file sharing it gets one problem on backend naming the others", (_name, environments, files) => {
    const problems = sharedStateProblems(environments);
    expect(problems.map((p) => p.file)).toEqual(files);
    for (const p of problems) {
      expect(p.field).toBe("backend");
      for (const other of files.filter((f) => f !== p.file)) expect(p.problem).toContain(other);
      expect(p.problem).not.toContain(`${p.file} `);
    }
  });

  it("GIVEN the same key in two buckets, or the same workspace on two hosts THEN they do not meet", () => {
    expect(sharedStateProblems([env("a", { ...S3, key: "k" }), env("b", { ...S3, bucket: "other-tf", key: "k" })])).toEqual([]);
    expect(sharedStateProblems([env("a", { kind: "cloud", organization: "acme", workspace: "w" }), env("b", { kind: "cloud", organization: "acme", workspace: "w", hostname: "tfe.acme.example" })])).toEqual([]);
  });
});
