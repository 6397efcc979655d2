/**
 * One owner per Grafana organization (constructs/grafana/organization.ts): the names of an
 * organization, the grouping of owners that share one, and both constructs refusing a second owner
 * within an app (the environment-file format applies the same functions between files:
 * __tests__/environment-format/conflicts.test.ts).
 */
import { App, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { GrafanaProvider } from "../../../.gen/providers/grafana/provider";
import { ConfigurationError } from "../../../constructs/errors";
import { GrafanaScim } from "../../../constructs/grafana/grafana-scim";
import { grafanaOrganizationKeys, grafanaUrlOrganizationKeys, ownersSharingKeys } from "../../../constructs/grafana/organization";
import { grafanaProviderConfig } from "../../../constructs/grafana/provider-config";
import { GrafanaSamlSettings } from "../../../constructs/grafana/saml-settings";
import type { GrafanaInstance } from "../../../constructs/grafana/tenant-url";

describe("grafanaOrganizationKeys", () => {
  it("names an organization by its origin, and a Cloud stack also by its id and its slug's host", () => {
    expect(grafanaOrganizationKeys({ kind: "self-hosted", url: "https://Grafana.Example.com:443" })).toEqual(["https://grafana.example.com organization 1"]);
    expect(grafanaOrganizationKeys({ kind: "cloud", stackSlug: "acme", stackId: 7, url: "https://grafana.acme.example" })).toEqual([
      "Grafana Cloud stack 7",
      "https://acme.grafana.net organization 1",
      "https://grafana.acme.example organization 1",
    ]);
    expect(grafanaUrlOrganizationKeys("https://acme.grafana.net")).toEqual(["https://acme.grafana.net organization 1"]);
  });

  it("GIVEN Terraform references THEN they give no name (only Terraform knows them)", () => {
    const stack = new TerraformStack(Testing.app(), "refs");
    const id = new TerraformVariable(stack, "id", { type: "number" }).numberValue;
    const url = new TerraformVariable(stack, "url", { type: "string" }).stringValue;
    expect(grafanaOrganizationKeys({ kind: "cloud", stackSlug: "acme", stackId: id })).toEqual(["https://acme.grafana.net organization 1"]);
    expect(grafanaOrganizationKeys({ kind: "self-hosted", url })).toEqual([]);
    expect(grafanaUrlOrganizationKeys(url)).toEqual([]);
  });
});

describe("ownersSharingKeys", () => {
  it("groups owners that share a key, once per set of owners", () => {
    const keys: Record<string, string[]> = { a: ["x", "y"], b: ["y", "x"], c: ["z"], d: ["z", "w"], e: ["v"] };
    expect(ownersSharingKeys(Object.keys(keys), (o) => keys[o]!)).toEqual([
      { key: "x", members: ["a", "b"] },
      { key: "z", members: ["c", "d"] },
    ]);
  });
});

/** Runs `fn`, returning the ConfigurationError it throws (or failing). */
function refusal(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error("not refused");
}

describe("within an app, one GrafanaScim and one GrafanaSamlSettings per Grafana organization", () => {
  const cloud: GrafanaInstance = { kind: "cloud", stackSlug: "acme", stackId: 123456 };
  const stackOf = (app: App, name: string, instance: GrafanaInstance) => {
    const stack = new TerraformStack(app, name);
    return { stack, provider: new GrafanaProvider(stack, "grafana", grafanaProviderConfig(instance)) };
  };

  it("GIVEN two GrafanaScim on one Cloud stack in two stacks of an app THEN the second is refused naming instance and the first", () => {
    const app = Testing.app();
    const a = stackOf(app, "a", cloud);
    new GrafanaScim(a.stack, "scim", { instance: cloud, provider: a.provider });
    const b = stackOf(app, "b", { kind: "cloud", stackSlug: "other", stackId: 123456 });
    const error = refusal(() => new GrafanaScim(b.stack, "scim", { instance: { kind: "cloud", stackSlug: "other", stackId: 123456 }, provider: b.provider }));
    expect(error.field).toBe("instance");
    expect(error.problem).toBe(
      'is the same Grafana as GrafanaScim "a/scim" (Grafana Cloud stack 123456): its SCIM settings (grafana_scim_config) are one per organization, ' +
        "so two owners would overwrite each other's on every apply. Keep one GrafanaScim per Grafana organization",
    );
  });

  it("GIVEN the same self-hosted host written differently, or a Cloud stack's custom domain THEN refused; another Grafana or another app is fine", () => {
    const app = Testing.app();
    const a = stackOf(app, "a", { kind: "self-hosted", url: "https://grafana.example.com" });
    new GrafanaScim(a.stack, "scim", { instance: { kind: "self-hosted", url: "https://grafana.example.com" }, provider: a.provider });
    expect(refusal(() => new GrafanaScim(a.stack, "scim-2", { instance: { kind: "self-hosted", url: "https://GRAFANA.example.com:443" }, provider: a.provider })).problem).toMatch(
      /^is the same Grafana as GrafanaScim "a\/scim" \(https:\/\/grafana\.example\.com organization 1\)/,
    );
    const c = stackOf(app, "c", { kind: "cloud", stackSlug: "acme", stackId: 1, url: "https://grafana.example.com" });
    expect(refusal(() => new GrafanaScim(c.stack, "scim", { instance: { kind: "cloud", stackSlug: "acme", stackId: 1, url: "https://grafana.example.com" }, provider: c.provider })).field).toBe("instance");
    const d = stackOf(app, "d", { kind: "self-hosted", url: "https://grafana-2.example.com" });
    expect(() => new GrafanaScim(d.stack, "scim", { instance: { kind: "self-hosted", url: "https://grafana-2.example.com" }, provider: d.provider })).not.toThrow();
    const other = stackOf(Testing.app(), "a", { kind: "self-hosted", url: "https://grafana.example.com" });
    expect(() => new GrafanaScim(other.stack, "scim", { instance: { kind: "self-hosted", url: "https://grafana.example.com" }, provider: other.provider })).not.toThrow();
  });

  it("GIVEN two GrafanaSamlSettings for one Grafana THEN the second is refused, by instance or by grafanaUrl; one of each construct is fine", () => {
    const app = Testing.app();
    const a = stackOf(app, "a", cloud);
    const saml = { idpMetadataUrl: "https://idp.example.com/metadata", signing: "managed-elsewhere" as const };
    new GrafanaScim(a.stack, "scim", { instance: cloud, provider: a.provider });
    new GrafanaSamlSettings(a.stack, "saml", { ...saml, grafanaUrl: "https://acme.grafana.net", instance: cloud, provider: a.provider });
    const b = stackOf(app, "b", cloud);
    const byInstance = refusal(() => new GrafanaSamlSettings(b.stack, "saml", { ...saml, grafanaUrl: "https://acme.grafana.net", instance: cloud, provider: b.provider }));
    expect([byInstance.field, byInstance.problem]).toEqual([
      "instance",
      expect.stringMatching(/^is the same Grafana as GrafanaSamlSettings "a\/saml" \(Grafana Cloud stack 123456\): its SAML settings \(grafana_sso_settings\) are one per organization/),
    ]);
    const byUrl = refusal(() => new GrafanaSamlSettings(b.stack, "saml-2", { ...saml, grafanaUrl: "https://acme.grafana.net", provider: b.provider }));
    expect(byUrl.field).toBe("grafanaUrl");
  });

  it("GIVEN instances from Terraform references THEN nothing is compared (skipped, as every validator skips them)", () => {
    const app = Testing.app();
    for (const name of ["a", "b"]) {
      const stack = new TerraformStack(app, name);
      const stackId = new TerraformVariable(stack, "stack_id", { type: "number" }).numberValue;
      const stackSlug = new TerraformVariable(stack, "slug", { type: "string" }).stringValue;
      const instance: GrafanaInstance = { kind: "cloud", stackSlug, stackId };
      const provider = new GrafanaProvider(stack, "grafana", grafanaProviderConfig(instance));
      expect(() => new GrafanaScim(stack, "scim", { instance, provider })).not.toThrow();
    }
  });
});
