/**
 * One environment's stack: the Grafana side of SCIM provisioning for the Grafana the
 * environment file names, with the outputs a deployer needs.
 */
import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { GrafanaProvider } from "../.gen/providers/grafana/provider";
import { GrafanaScim } from "../constructs/grafana/grafana-scim";
import { grafanaProviderConfig } from "../constructs/grafana/provider-config";
import {
  GrafanaSamlSettings,
  type GrafanaSamlSettingsProps,
  type IdentityProviderSamlSettings,
  type ISamlIdentityProvider,
  type SamlSigningKeyPair,
} from "../constructs/grafana/saml-settings";
import type { GrafanaInstance } from "../constructs/grafana/tenant-url";
import { ConfigurationError, mapConfigurationErrors, prefixedFields, prefixFieldMapper } from "../constructs/errors";
import {
  deploymentCommands,
  EnvironmentError,
  tokenDelivery,
  type DeploymentMode,
  type Environment,
  type EnvironmentConfig,
  type EnvironmentProblem,
  type SamlConfig,
} from "../environment-format";
import { addBackend } from "./backend";
import { allowDestroy } from "./destroy";
import { addIdentityProvider } from "./identity-providers";
import { OUTPUTS } from "./outputs";

/** What the `saml` section and the identity provider give {@link GrafanaSamlSettings}: everything but Grafana's URL, instance and provider. */
type SamlSectionProps = Omit<GrafanaSamlSettingsProps, "grafanaUrl" | "instance" | "provider">;

/** Props of {@link ScimStack}. */
export interface ScimStackProps {
  /** The validated environment this stack deploys. */
  readonly environment: Environment;
  /**
   * Synthesize without `prevent_destroy`, for the destroy workflow (see `stacks/destroy.ts`).
   * @default false
   */
  readonly allowDestroy?: boolean;
  /**
   * Whose commands and documentation the Okta runbook and warnings name: this repository's
   * (`repository`) or an installed package's (`package`).
   * @default the mode this copy of the package runs in (see environment-format/deployment.ts)
   */
  readonly deploymentMode?: DeploymentMode;
}

/** The environment's Grafana as the constructs take it. */
export function grafanaInstance(config: EnvironmentConfig): GrafanaInstance {
  const grafana = config.grafana;
  return grafana.kind === "cloud"
    ? { kind: "cloud", stackSlug: grafana.stackSlug, stackId: grafana.stackId, ...(grafana.url === undefined ? {} : { url: grafana.url }) }
    : { kind: "self-hosted", url: grafana.url, ...(grafana.orgId === undefined ? {} : { orgId: grafana.orgId }) };
}

/**
 * Where each prop of {@link GrafanaScim} comes from in an environment file, for its errors.
 * `tokenDelivery` follows from the identity provider's kind.
 */
export const GRAFANA_SCIM_FIELDS = prefixFieldMapper({
  instance: "grafana",
  userSync: "scim.userSync",
  groupSync: "scim.groupSync",
  rejectNonProvisionedUsers: "scim.rejectNonProvisionedUsers",
  "serviceAccount.permissionModel": "serviceAccount.permissions",
  tokenDelivery: "identityProvider.kind",
});

/** Where each prop of {@link GrafanaSamlSettings} comes from in an environment file: its `saml` section, Grafana's URL. */
export const GRAFANA_SAML_FIELDS = prefixFieldMapper({ grafanaUrl: "grafana.url", instance: "grafana" }, prefixedFields("saml"));

/**
 * A stack per environment; its name is the environment's (`cdktf deploy <name>`). It composes
 * the Grafana side, the identity provider (which takes the tenant URL and token from it), and
 * Grafana's SAML settings (which take the identity provider's metadata URL and claim names).
 */
export class ScimStack extends TerraformStack {
  /** The Grafana side. */
  readonly grafana: GrafanaScim;
  /** The identity provider's construct, when one is configured. */
  readonly identityProvider?: ISamlIdentityProvider;
  /** Grafana's SAML settings, when the environment has a `saml` section. */
  readonly saml?: GrafanaSamlSettings;

  constructor(scope: Construct, props: ScimStackProps) {
    const { name, config } = props.environment;
    super(scope, name);
    addBackend(this, name, config.backend);
    if (props.allowDestroy) allowDestroy(this);
    const instance = grafanaInstance(config);
    const provider = new GrafanaProvider(this, "grafana", mapConfigurationErrors(prefixedFields("grafana"), () => grafanaProviderConfig(instance)));

    this.grafana = mapConfigurationErrors(
      GRAFANA_SCIM_FIELDS,
      () =>
        new GrafanaScim(this, "grafana-scim", {
          instance,
          provider,
          userSync: config.scim.userSync,
          groupSync: config.scim.groupSync,
          rejectNonProvisionedUsers: config.scim.rejectNonProvisionedUsers,
          serviceAccount: { name: config.serviceAccount.name, permissionModel: config.serviceAccount.permissions, roleName: config.serviceAccount.roleName },
          token: config.token,
          tokenOutput: OUTPUTS.token,
          // The identity-provider construct declares how it receives the token; without one, it is pasted.
          ...(config.identityProvider ? {} : { tokenDelivery: tokenDelivery(undefined) }),
        }),
    );
    if (config.identityProvider) {
      const commands = deploymentCommands(props.deploymentMode);
      this.identityProvider = addIdentityProvider({ stack: this, environment: props.environment, grafana: this.grafana, commands }, config.identityProvider);
    }
    if (config.saml) {
      const saml = config.saml;
      this.saml = mapConfigurationErrors(
        GRAFANA_SAML_FIELDS,
        () =>
          new GrafanaSamlSettings(this, "grafana-saml", {
            // The identity provider's settings carry it (identityProvider), which turns on the claim check.
            ...this.samlProps(saml, this.identityProvider?.grafanaSamlSettings),
            grafanaUrl: this.grafana.grafanaUrl,
            instance,
            provider,
          }),
      );
    }
    const adopt = config.adopt?.grafana;
    if (adopt) {
      // Import blocks for what exists; the token cannot be imported and is created fresh.
      mapConfigurationErrors(prefixFieldMapper({ adopt: "adopt.grafana" }), () => this.grafana.adopt(adopt));
      this.saml?.adopt();
    }

    new TerraformOutput(this, OUTPUTS.tenantUrl, {
      value: this.grafana.tenantUrl,
      description: "SCIM tenant URL: Entra ID 'Tenant URL', Okta 'SCIM connector base URL'.",
    });
    new TerraformOutput(this, OUTPUTS.grafanaUrl, { value: this.grafana.grafanaUrl, description: "Grafana's root URL." });
    new TerraformOutput(this, OUTPUTS.serviceAccountId, {
      value: this.grafana.serviceAccountId,
      description: "The SCIM service account, as <orgId>:<serviceAccountId>.",
    });
    new TerraformOutput(this, OUTPUTS.token, {
      value: this.grafana.tokenValue,
      sensitive: true,
      description: `The SCIM bearer token. Read it with: terraform output -raw ${OUTPUTS.token}`,
    });
  }

  /**
   * The environment's `saml` section over the Grafana SAML settings the identity provider implies:
   * set values win, and a metadata source set in the file replaces the identity provider's
   * metadata URL.
   */
  private samlProps(saml: SamlConfig, fromIdentityProvider: IdentityProviderSamlSettings | undefined): SamlSectionProps {
    const { signing, ...rest } = saml;
    const explicit = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as SamlSectionProps;
    const { idpMetadataUrl, ...otherDefaults } = fromIdentityProvider ?? {};
    const metadata = explicit.idpMetadataUrl !== undefined || explicit.idpMetadataPath !== undefined ? {} : { idpMetadataUrl };
    // The format requires saml.signing; were it missing, the construct would refuse it (saml.signing: is required).
    return { ...otherDefaults, ...metadata, ...explicit, signing: (signing === undefined ? undefined : this.samlSigning(signing)) as SamlSigningKeyPair };
  }

  private samlSigning(signing: NonNullable<SamlConfig["signing"]>): SamlSigningKeyPair {
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

/**
 * One {@link ScimStack} per environment. The environment files are already validated; a rule that
 * only a construct can check still throws a {@link ConfigurationError}, which the stack re-phrases
 * from the construct's props into the environment file's paths. Those are collected for every
 * environment and thrown together as one {@link EnvironmentError} that names each file.
 * `options.allowDestroy` names the one environment synthesized without `prevent_destroy`.
 */
export function addScimStacks(
  scope: Construct,
  environments: readonly Environment[],
  options: { readonly allowDestroy?: string; readonly deploymentMode?: DeploymentMode } = {},
): ScimStack[] {
  const stacks: ScimStack[] = [];
  const problems: Array<EnvironmentProblem & { file: string }> = [];
  for (const environment of environments) {
    try {
      stacks.push(
        new ScimStack(scope, {
          environment,
          allowDestroy: environment.name === options.allowDestroy,
          ...(options.deploymentMode === undefined ? {} : { deploymentMode: options.deploymentMode }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      problems.push({ file: environment.file, field: error.field, problem: error.problem });
    }
  }
  if (problems.length > 0) throw new EnvironmentError(problems);
  return stacks;
}
