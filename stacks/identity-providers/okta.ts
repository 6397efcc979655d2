/**
 * The wiring of an `identityProvider` of kind `okta`: the okta provider (org from the file,
 * credentials from OKTA_*), the library's {@link OktaGrafanaScim} with the section's values and
 * the `saml` section's claim names, adoption of an existing app, and the stack's Okta outputs.
 */
import { OktaProvider } from "@cdktf/provider-okta/lib/provider";
import { TerraformOutput } from "cdktf";
import { ConfigurationError, mapConfigurationErrors, prefixFieldMapper } from "../../constructs/errors";
import type { OktaGroupInput, OktaGroupRef } from "../../constructs/okta/groups";
import { OktaGrafanaScim, oktaRunbookInput, type OktaGrafanaScimProps } from "../../constructs/okta/okta-grafana-scim";
import { oktaProviderConfig } from "../../constructs/okta/org";
import { oktaScimRunbook, type OktaRunbookLinks, type OktaScimRunbookInput } from "../../constructs/okta/runbook";
import { nameIdFormatOf } from "../../constructs/okta/saml-attributes";
import {
  deploymentCommands,
  fieldName,
  grafanaSamlAttributeNames,
  oktaGroupsAttribute,
  oktaSamlProblems,
  type DeploymentCommands,
  type Environment,
  type OktaEnvironmentConfig,
} from "../../environment-format";
import { OKTA_OUTPUTS, OUTPUTS } from "../outputs";
import type { IdentityProviderContext } from "./types";

function groupRef(group: OktaGroupInput): OktaGroupRef {
  if (group.id !== undefined) return { id: group.id };
  const name = group.name ?? "";
  if (!group.create) return { name };
  return { name, create: true, ...(group.description === undefined ? {} : { description: group.description }), ...(group.key === undefined ? {} : { key: group.key }) };
}

/** The construct props an environment gives (everything but the Grafana side and the provider). */
export type OktaScimOptions = Omit<OktaGrafanaScimProps, "grafana" | "provider" | "environment" | "runbookLinks"> & {
  readonly environment: string;
  readonly runbookLinks: OktaRunbookLinks;
};

/**
 * What the runbook and the SCIM gate's warning point to: the commands and documentation of the
 * way the package runs (`commands`: this repository's npm scripts and docs/, or an installed
 * package's `npx` commands and its docs in node_modules) and the stack's outputs (stacks/outputs.ts).
 */
export function oktaRunbookLinks(environmentName: string, commands: DeploymentCommands = deploymentCommands()): OktaRunbookLinks {
  return {
    stackDirectory: `cdktf.out/stacks/${environmentName}`,
    deployCommand: commands.deploy(environmentName),
    planCommand: commands.diff(environmentName),
    documentation: commands.documentation("okta.md"),
    tokenOutput: OUTPUTS.token,
    appIdOutput: OKTA_OUTPUTS.appId,
    scimEnabledOutput: OKTA_OUTPUTS.scimEnabled,
    runbookOutput: OKTA_OUTPUTS.runbook,
  };
}

/**
 * The construct options for an environment: the Okta section, with claim names, NameID format
 * and entity id following the environment's `saml` section, so Okta sends what Grafana reads.
 * Throws a field-named {@link ConfigurationError} when the two sections disagree.
 */
export function oktaScimOptions(environment: Environment, okta: OktaEnvironmentConfig, commands: DeploymentCommands = deploymentCommands()): OktaScimOptions {
  const { config, name } = environment;
  const saml = config.saml;
  const problem = oktaSamlProblems(okta, saml)[0];
  if (problem) throw new ConfigurationError(fieldName(problem.path), problem.problem);
  const groupsName = oktaGroupsAttribute(okta, saml);
  const nameIdFormat = okta.options.nameIdFormat ?? (saml?.nameIdFormat === undefined ? undefined : nameIdFormatOf(saml.nameIdFormat));
  return {
    environment: name,
    org: { orgName: okta.orgName, baseUrl: okta.baseUrl },
    label: okta.options.appLabel,
    groups: okta.groups.map(groupRef),
    attributeNames: grafanaSamlAttributeNames(saml),
    ...(groupsName === undefined
      ? {}
      : {
          groupsStatement: {
            name: groupsName,
            filterType: okta.options.groupsStatement?.filterType ?? "REGEX",
            filterValue: okta.options.groupsStatement?.filterValue ?? ".*",
          },
        }),
    ...(nameIdFormat === undefined ? {} : { nameIdFormat }),
    ...(okta.options.nameIdTemplate === undefined ? {} : { nameIdTemplate: okta.options.nameIdTemplate }),
    authnContextClassRef: okta.options.authnContextClassRef,
    ...(saml?.entityId === undefined ? {} : { audience: saml.entityId }),
    runbookLinks: oktaRunbookLinks(name, commands),
    runbookHint:
      `run "${commands.runbook(name)}", or "terraform output -raw ${OKTA_OUTPUTS.runbook}" in cdktf.out/stacks/${name}. ` +
      `Why it is manual: ${commands.documentation("okta.md")}.`,
    // Grafana's default is false; without a saml section this stack does not know.
    ...(saml === undefined ? {} : { idpInitiatedLogin: saml.allowIdpInitiated ?? false }),
  };
}

/**
 * What the runbook of an Okta environment is rendered from, before or without a deploy: what
 * {@link OktaGrafanaScim} makes of the same environment (its props here, and what it reads from the
 * Grafana side: the syncs and the token's lifetime).
 */
export function oktaRunbookInputForEnvironment(environment: Environment, tenantUrl: string, commands: DeploymentCommands = deploymentCommands()): Omit<OktaScimRunbookInput, "app"> {
  const okta = environment.config.identityProvider;
  if (okta?.kind !== "okta") {
    throw new ConfigurationError("identityProvider.kind", `must be "okta" for an Okta runbook (got ${okta ? `"${okta.kind}"` : "no identityProvider"})`);
  }
  const options = oktaScimOptions(environment, okta, commands);
  const token = environment.config.token;
  return oktaRunbookInput({
    ...options,
    tenantUrl,
    groupSync: environment.config.scim.groupSync,
    token: {
      ...(token.lifetimeDays === undefined ? {} : { lifetimeDays: token.lifetimeDays }),
      ...(token.rotationDays === undefined ? {} : { rotationDays: token.rotationDays }),
    },
    links: options.runbookLinks,
  });
}

/** The runbook of an Okta environment before or without a deploy (app id unknown). */
export function oktaRunbookForEnvironment(environment: Environment, tenantUrl: string, commands: DeploymentCommands = deploymentCommands()): string {
  return oktaScimRunbook(oktaRunbookInputForEnvironment(environment, tenantUrl, commands));
}

/**
 * Where the props of {@link OktaGrafanaScim} come from in an environment file (see
 * {@link oktaScimOptions}), for its errors. `tokenDelivery` and `token.*` are `GrafanaScim`'s,
 * whose token the Okta construct declares as pasted by hand.
 */
export const OKTA_SCIM_FIELDS = prefixFieldMapper({
  "org.orgName": "identityProvider.orgName",
  "org.baseUrl": "identityProvider.baseUrl",
  groups: "identityProvider.groups",
  label: "identityProvider.options.appLabel",
  nameIdFormat: "identityProvider.options.nameIdFormat",
  nameIdTemplate: "identityProvider.options.nameIdTemplate",
  authnContextClassRef: "identityProvider.options.authnContextClassRef",
  "groupsStatement.name": "identityProvider.options.groupsStatement.name",
  "groupsStatement.filterValue": "identityProvider.options.groupsStatement.filterValue",
  "attributeNames.externalUid": "saml.assertionAttributeExternalUid",
  "attributeNames.login": "saml.assertionAttributeLogin",
  "attributeNames.email": "saml.assertionAttributeEmail",
  "attributeNames.name": "saml.assertionAttributeName",
  audience: "saml.entityId",
  tokenDelivery: "identityProvider.kind",
  token: "token",
});

/** Adds the Okta side to the stack, with its outputs; returns its construct. */
export function addOkta(context: IdentityProviderContext, okta: OktaEnvironmentConfig): OktaGrafanaScim {
  const { stack, environment, grafana, commands } = context;
  const options = oktaScimOptions(environment, okta, commands);
  const scim = mapConfigurationErrors(OKTA_SCIM_FIELDS, () => {
    const provider = new OktaProvider(stack, "okta", oktaProviderConfig(options.org));
    return new OktaGrafanaScim(stack, "okta-scim", { ...options, grafana, provider });
  });
  const adopt = environment.config.adopt?.okta;
  // The app keeps its id, SCIM connection and push settings; its group assignments are imported too.
  if (adopt) mapConfigurationErrors(prefixFieldMapper({ adopt: "adopt.okta" }), () => scim.adopt(adopt));

  new TerraformOutput(stack, OKTA_OUTPUTS.appId, { value: scim.appId, description: "The Okta SAML app's id." });
  new TerraformOutput(stack, OKTA_OUTPUTS.metadataUrl, {
    value: scim.metadataUrl,
    description: "The Okta app's SAML metadata URL (Grafana's idp_metadata_url).",
  });
  new TerraformOutput(stack, OKTA_OUTPUTS.entityId, { value: scim.entityId, description: "Grafana's SAML entity id, the Okta app's audience." });
  new TerraformOutput(stack, OKTA_OUTPUTS.scimEnabled, {
    value: scim.scimEnabled,
    description: "Whether SCIM provisioning is enabled on the Okta app (its features include the required ones). Manual: see the runbook.",
  });
  new TerraformOutput(stack, OKTA_OUTPUTS.missingFeatures, {
    value: scim.missingScimFeatures,
    description: "The Okta app features SCIM still needs; empty once the runbook is done.",
  });
  new TerraformOutput(stack, OKTA_OUTPUTS.runbook, {
    value: scim.runbook,
    description: `The manual Okta steps with this deployment's values. Holds no secret. Read it with: terraform output -raw ${OKTA_OUTPUTS.runbook}`,
  });
  return scim;
}
