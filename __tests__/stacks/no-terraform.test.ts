/**
 * Synthesis needs no Terraform CLI: cdktf's DataResource, importFrom and CloudBackend run
 * `terraform version` at synthesis and fail without it; the package emits those blocks itself
 * (constructs/private/terraform/data.ts and import.ts, stacks/backend.ts CloudBlock) and states
 * the floor as `required_version`. Here the app runs as cdktf runs it, with a PATH that has no
 * terraform, over environments that use every such block.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathWithoutTerraform } from "../support/no-terraform";

const ROOT = path.resolve(__dirname, "..", "..");
const TENANT = "72f988bf-0000-4000-8000-0000000000aa";
const saml = { signing: "variables", idpMetadataUrl: "https://idp.example.com/metadata" };
/** Each environment owns its own Grafana stack (two environments may not share one). */
const cloud = (stackSlug: string, stackId: number) => ({ grafana: { kind: "cloud", stackSlug, stackId }, saml });
const ENVIRONMENTS: Record<string, object> = {
  // Entra: terraform_data (the mapping intent), and every Entra and Grafana import block.
  "adopt-entra": {
    ...cloud("acme", 123456),
    backend: { kind: "local" },
    identityProvider: { kind: "entra", tenantId: TENANT, appDisplayName: "Grafana", groups: [{ displayName: "Grafana Users" }] },
    adopt: {
      grafana: { serviceAccountId: "1:42", customRoleUid: "scimrole" },
      entra: {
        applicationObjectId: "11111111-0000-4000-8000-000000000001",
        servicePrincipalObjectId: "22222222-0000-4000-8000-000000000002",
        synchronizationJobId: "scim.72f988bf000040008000000000000aa0.33333333-0000-4000-8000-000000000003",
        groupAssignmentIds: { "Grafana Users": "aBc-123_x" },
      },
    },
  },
  // Okta's import blocks, and the cloud block (HCP Terraform).
  "adopt-okta": {
    ...cloud("acme-okta", 234567),
    backend: { kind: "cloud", organization: "acme" },
    identityProvider: { kind: "okta", orgName: "acme", groups: [{ name: "Grafana Users" }] },
    adopt: { okta: { appId: "0oa1a2b3c4d5e6f7g8h9" } },
  },
};

/** The TypeScript files under `relative` (a file or folder of the project). */
function sources(relative: string): string[] {
  const full = path.join(ROOT, relative);
  if (!fs.statSync(full).isDirectory()) return relative.endsWith(".ts") ? [relative] : [];
  return fs.readdirSync(full).flatMap((name) => sources(path.join(relative, name)));
}

/** The files that synthesize: the library, the environment format, the wiring, the app and its command line. */
const SYNTHESIZING = ["main.ts", "constructs", "environment-format", "stacks", "cli"];

/** What adds cdktf's `terraform version` validation (node_modules/cdktf/lib: terraform-data-resource.js, terraform-resource.js, importable-resource.js, backends/cloud-backend.js, synthesize/synthesizer.js). */
const VALIDATED = [
  [/\.importFrom\(/, "importFrom: use importInto (constructs/private/terraform/import.ts)"],
  [/\bnew DataResource\b/, "DataResource: use TerraformData (constructs/private/terraform/data.ts)"],
  [/\bnew CloudBackend\b/, "CloudBackend: use CloudBlock (stacks/backend.ts)"],
  [/\bnew ImportableResource\b|\.generateConfigForImport\(/, "ImportableResource: emit an import block with importInto"],
  [/\.moveTo(Id)?\(/, "moveTo: a moved block makes every synthesis run terraform version; emit it as an element of the package"],
] as const;

describe("nothing the package synthesizes adds cdktf's terraform version check", () => {
  it("GIVEN every source file of the library, the wiring, the app and the command line THEN none uses what adds it", () => {
    const files = SYNTHESIZING.flatMap(sources);
    expect(files).toEqual(expect.arrayContaining(["main.ts", path.join("constructs", "entra", "private", "scim-provisioning.ts"), path.join("stacks", "backend.ts")]));
    const uses = files.flatMap((file) =>
      fs
        .readFileSync(path.join(ROOT, file), "utf8")
        .split("\n")
        .flatMap((line, i) => VALIDATED.filter(([pattern]) => pattern.test(line) && !line.trim().startsWith("*") && !line.trim().startsWith("//")).map(([, fix]) => `${file}:${i + 1}: ${fix}`)),
    );
    expect(uses).toEqual([]);
  });

  it("GIVEN a use of each THEN the check sees it", () => {
    const samples = ["this.app.importFrom(id);", "new DataResource(this, 'x');", "new CloudBackend(stack, {});", "DataResource.generateConfigForImport(a, b, c);", "resource.moveTo('x');"];
    expect(samples.map((line) => VALIDATED.some(([pattern]) => pattern.test(line)))).toEqual(samples.map(() => true));
  });
});

describe("synthesis with no terraform on PATH", () => {
  it("GIVEN environments with terraform_data, import blocks and a cloud block WHEN the app runs as cdktf runs it THEN every stack is written", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "no-terraform-"));
    const bin = pathWithoutTerraform();
    try {
      const environments = path.join(dir, "environments");
      fs.mkdirSync(environments);
      for (const [name, document] of Object.entries(ENVIRONMENTS)) fs.writeFileSync(path.join(environments, `${name}.json`), JSON.stringify(document));
      const outdir = path.join(dir, "cdktf.out");
      expect(spawnSync("terraform", ["version"], { env: { PATH: bin } }).error).toEqual(expect.objectContaining({ code: "ENOENT" }));
      const result = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
        cwd: ROOT,
        encoding: "utf8",
        // TMPDIR: the run's scratch folder, where tsx keeps its transform cache (else /tmp, kept across runs).
        env: { PATH: bin, HOME: process.env.HOME, TMPDIR: os.tmpdir(), CDKTF_OUTDIR: outdir, SCIM_ENVIRONMENTS_DIR: environments, CHECKPOINT_DISABLE: "1" },
      });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
      const stack = (name: string) => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as Record<string, any>;
      const entra = stack("adopt-entra");
      const okta = stack("adopt-okta");
      // What cdktf's classes would have checked with `terraform version` is in the files.
      expect(Object.keys(entra.resource.terraform_data)).toHaveLength(1);
      expect(entra.import.map((i: { to: string }) => i.to.split(".")[0]).sort()).toEqual([
        "azuread_app_role_assignment",
        "azuread_application_from_template",
        "azuread_synchronization_job",
        "grafana_role",
        "grafana_role_assignment_item",
        "grafana_scim_config",
        "grafana_service_account",
        "grafana_sso_settings",
      ]);
      expect(okta.import.map((i: { to: string }) => i.to.split(".")[0]).sort()).toEqual(["okta_app_group_assignments", "okta_app_saml"]);
      expect(okta.terraform.cloud).toEqual({ organization: "acme", hostname: "app.terraform.io", workspaces: { name: "grafana-scim-adopt-okta" } });
      expect([entra.terraform.required_version, okta.terraform.required_version]).toEqual([">= 1.7", ">= 1.7"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});
