/**
 * One environment's stack: the Grafana side of SCIM provisioning for the Grafana the
 * environment file names, with the outputs a deployer needs.
 */
import { LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { GrafanaProvider } from "../.gen/providers/grafana/provider";
import { GrafanaScim } from "../constructs/grafana/grafana-scim";
import { grafanaProviderConfig } from "../constructs/grafana/provider-config";
import type { GrafanaSamlSettingsProps, SamlSigningKeyPair } from "../constructs/grafana/saml-settings";
import type { GrafanaInstance } from "../constructs/grafana/tenant-url";
import type { Environment, EnvironmentConfig } from "./environment";

/** Props of {@link ScimStack}. */
export interface ScimStackProps {
  /** The validated environment this stack deploys. */
  readonly environment: Environment;
}

/** Names of the stack's outputs, as `cdktf output`/`terraform output` show them. */
export const OUTPUTS = {
  tenantUrl: "scim_tenant_url",
  grafanaUrl: "grafana_url",
  serviceAccountId: "scim_service_account_id",
  token: "scim_token",
} as const;

/** Local state file of an environment, relative to the stack's synthesized directory. */
export function localStatePath(environmentName: string): string {
  return `../../../state/${environmentName}.tfstate`;
}

/** The environment's Grafana as the constructs take it. */
export function grafanaInstance(config: EnvironmentConfig): GrafanaInstance {
  return config.grafana.kind === "cloud"
    ? { kind: "cloud", stackSlug: config.grafana.stackSlug, stackId: config.grafana.stackId }
    : { kind: "self-hosted", url: config.grafana.url };
}

/** A stack per environment; its name is the environment's (`cdktf deploy <name>`). */
export class ScimStack extends TerraformStack {
  /** The Grafana side. */
  readonly grafana: GrafanaScim;

  constructor(scope: Construct, props: ScimStackProps) {
    const { name, config } = props.environment;
    super(scope, name);
    // Relative to cdktf.out/stacks/<name>, where terraform runs: state/<name>.tfstate in the project.
    new LocalBackend(this, { path: localStatePath(name) });
    const instance = grafanaInstance(config);
    const provider = new GrafanaProvider(this, "grafana", grafanaProviderConfig(instance));

    this.grafana = new GrafanaScim(this, "grafana-scim", {
      instance,
      provider,
      userSync: config.scim.userSync,
      groupSync: config.scim.groupSync,
      rejectNonProvisionedUsers: config.scim.rejectNonProvisionedUsers,
      serviceAccount: { name: config.serviceAccount.name, permissionModel: config.serviceAccount.permissions, roleName: config.serviceAccount.roleName },
      token: config.token,
      saml: config.saml ? this.samlProps(config.saml) : undefined,
    });

    new TerraformOutput(this, OUTPUTS.tenantUrl, {
      value: this.grafana.tenantUrl,
      description: "SCIM tenant URL: Entra ID 'Tenant URL', Okta 'SCIM connector base URL'.",
    });
    new TerraformOutput(this, OUTPUTS.grafanaUrl, { value: this.grafana.grafanaUrl, description: "Grafana's root URL." });
    new TerraformOutput(this, OUTPUTS.serviceAccountId, {
      value: this.grafana.serviceAccount.serviceAccountId,
      description: "The SCIM service account, as <orgId>:<serviceAccountId>.",
    });
    new TerraformOutput(this, OUTPUTS.token, {
      value: this.grafana.tokenValue,
      sensitive: true,
      description: `The SCIM bearer token. Read it with: terraform output -raw ${OUTPUTS.token}`,
    });
  }

  private samlProps(saml: NonNullable<EnvironmentConfig["saml"]>): Omit<GrafanaSamlSettingsProps, "grafanaUrl" | "provider"> {
    const { signing, ...rest } = saml;
    return { ...rest, signing: signing === undefined ? undefined : this.samlSigning(signing) };
  }

  private samlSigning(signing: NonNullable<NonNullable<EnvironmentConfig["saml"]>["signing"]>): SamlSigningKeyPair {
    if (signing !== "variables") return signing;
    const certificate = new TerraformVariable(this, "saml_certificate", {
      type: "string",
      nullable: false,
      description: "Grafana's SAML SP certificate, base64-encoded PEM (TF_VAR_saml_certificate).",
    });
    const privateKey = new TerraformVariable(this, "saml_private_key", {
      type: "string",
      nullable: false,
      sensitive: true,
      description: "Grafana's SAML SP private key, base64-encoded PEM (TF_VAR_saml_private_key). Secret.",
    });
    return { certificate: certificate.stringValue, privateKey: privateKey.stringValue };
  }
}
