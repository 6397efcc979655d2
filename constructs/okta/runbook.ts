/**
 * The manual part of Okta SCIM provisioning as a runbook: the exact clicks and values for the
 * Okta admin console. One pure function renders it, before a deploy (from configuration, the app
 * id unknown) and as a Terraform template for an output (after a deploy, with the app's id and
 * name filled in by Terraform), so the two cannot drift. The commands, outputs and documentation it
 * points to belong to the deployment that uses it and are passed in ({@link OktaRunbookLinks}).
 */
import { escapeTemplate } from "../template-escape";
import { groupDisplayName, type OktaGroupRef } from "./groups";
import { oktaAppAdminUrl, oktaAppsAdminUrl, type OktaOrg } from "./org";

/**
 * Where the runbook (and the SCIM gate's warning) send their reader: the commands, outputs and
 * documentation of the deployment that uses the construct, which the construct cannot know.
 */
export interface OktaRunbookLinks {
  /** The folder Terraform runs in for this stack. @default `cdktf.out/stacks/<stack name>`, cdktf's layout */
  readonly stackDirectory?: string;
  /** The command that deploys the stack. @default `cdktf deploy <stack name>` */
  readonly deployCommand?: string;
  /** The command that plans it. @default `cdktf diff <stack name>` */
  readonly planCommand?: string;
  /** Where to read why SCIM is switched on by hand and what is automated. @default no pointer */
  readonly documentation?: string;
  /** The stack's sensitive output holding Grafana's SCIM token. @default the Grafana side's `tokenOutput`; none: the runbook says the stack names no output for it */
  readonly tokenOutput?: string;
  /** An output holding the app's id. @default none: the runbook says to find the app by its label */
  readonly appIdOutput?: string;
  /** An output that is true once SCIM is enabled. @default none */
  readonly scimEnabledOutput?: string;
  /** An output holding this runbook, which the SCIM gate's warning points to. @default none */
  readonly runbookOutput?: string;
}

/** Okta's "Unique identifier field for users" for Grafana: SCIM `userName`. */
export const SCIM_UNIQUE_IDENTIFIER = "userName";

/** The Integration tab's provisioning actions Grafana needs; Push Groups only with group sync. */
export function scimProvisioningActions(groupSync: boolean): string[] {
  return ["Import New Users and Profile Updates", "Push New Users", "Push Profile Updates", ...(groupSync ? ["Push Groups"] : [])];
}

/** The To App switches Grafana needs. */
export const TO_APP_SWITCHES = ["Create Users", "Update User Attributes", "Deactivate Users"] as const;

/** A deployed app instance. Values may be Terraform references. */
export interface OktaAppInstance {
  /** The app id (`0oa...`). */
  readonly id: string;
  /** The app's generated name (e.g. `acme_grafana_1`), part of its admin console URL. */
  readonly name: string;
}

/** Everything the runbook says. */
export interface OktaScimRunbookInput {
  /** The environment, which is also the stack's name (`cdktf.out/stacks/<environment>`). */
  readonly environment: string;
  /** The Okta org. */
  readonly org: OktaOrg;
  /** The app's label in Okta. */
  readonly appLabel: string;
  /** The deployed app, or `undefined` before the first deploy (the runbook then says where to find it). */
  readonly app?: OktaAppInstance;
  /** Grafana's SCIM tenant URL: Okta's "SCIM connector base URL". */
  readonly tenantUrl: string;
  /** Whether Grafana's group sync is on (Push Groups, and a team per pushed group). */
  readonly groupSync: boolean;
  /** The groups assigned to the app, which are the ones to push. */
  readonly groups: readonly OktaGroupRef[];
  /** The features the plan's gate waits for. */
  readonly requiredFeatures: readonly string[];
  /** The token's lifetime options: each replacement must be pasted into Okta by hand. */
  readonly token?: { readonly lifetimeDays?: number; readonly rotationDays?: number };
  /** The deployment's commands, outputs and documentation. @default cdktf's commands and layout, no outputs, no documentation */
  readonly links?: OktaRunbookLinks;
  /**
   * Whether Grafana accepts IdP-initiated logins (`allow_idp_initiated`), which Okta's dashboard
   * tile starts. @default unknown (Grafana's SAML settings are not managed here)
   */
  readonly idpInitiatedLogin?: boolean;
}

/** The runbook as plain text (no trailing newline). Pure. */
export function oktaScimRunbook(input: OktaScimRunbookInput): string {
  const links = input.links ?? {};
  const stackDir = links.stackDirectory ?? `cdktf.out/stacks/${input.environment}`;
  const tokenOutput = links.tokenOutput;
  const title = `Okta SCIM runbook for environment "${input.environment}"`;
  const lines: string[] = [
    title,
    "=".repeat(title.length),
    `This stack creates the Okta SAML app "${input.appLabel}", assigns its groups and sets up Grafana's side.`,
    "Okta has no public API that enables SCIM provisioning on a custom SAML app (the app's features are",
    "read-only), so the steps below are done once by hand in the Okta admin console, after the first deploy.",
    `Until they are, every plan of this stack warns: SCIM provisioning is not enabled on the Okta app "${input.appLabel}".`,
    ...(links.documentation === undefined ? [] : [`Why, and what is automated: ${links.documentation}.`]),
    "",
    `App: ${input.appLabel}`,
    ...(input.app
      ? [`  Open ${oktaAppAdminUrl(input.org, input.app.name, input.app.id)}`]
      : [
          ...(links.appIdOutput === undefined
            ? [`  Its id is known after the first deploy (${links.deployCommand ?? `cdktf deploy ${input.environment}`}).`]
            : [
                `  Its id is known after the first deploy (${links.deployCommand ?? `cdktf deploy ${input.environment}`}):`,
                `    cd ${stackDir} && terraform output -raw ${links.appIdOutput}`,
              ]),
          `  Open ${oktaAppsAdminUrl(input.org)} and select "${input.appLabel}".`,
        ]),
    "",
  ];
  // Labels of Okta's admin console (Identity Engine), as Okta's help describes them: "Add SCIM
  // provisioning to app integrations" (help.okta.com/oie/en-us/Content/Topics/Apps/Apps_App_Integration_Wizard_SCIM.htm).
  const steps: string[][] = [
    ['General tab > App Settings > Edit: under Provisioning, select "SCIM". Save. (Older consoles: tick "Enable SCIM provisioning".)'],
    [
      "Provisioning tab > Settings > Integration > Edit:",
      `  SCIM connector base URL:           ${input.tenantUrl}`,
      `  Unique identifier field for users: ${SCIM_UNIQUE_IDENTIFIER}`,
      `  Supported provisioning actions:    ${scimProvisioningActions(input.groupSync).join(", ")}`,
      "  Authentication Mode:               HTTP Header",
      ...(tokenOutput === undefined
        ? ["  Authorization (Bearer token):      the Grafana SCIM token (this stack names no output for it; this runbook never prints it)"]
        : [
            "  Authorization (Bearer token):      the Grafana SCIM token; read it with",
            `                                       cd ${stackDir} && terraform output -raw ${tokenOutput}`,
            `                                     (${tokenOutput} is a sensitive output: plan, apply and this runbook never print it)`,
          ]),
      'Click "Test Connector Configuration"; it must succeed. Save.',
    ],
    [`Provisioning tab > Settings > To App > Edit: enable ${TO_APP_SWITCHES.join(", ")}. Save.`],
  ];
  if (input.groupSync) {
    steps.push([
      "Push Groups tab > Push Groups > Find groups by name: push each group assigned to the app (Grafana makes each a team):",
      ...input.groups.map((g) => `  - ${groupDisplayName(g)}`),
      "The plan's check sees that Push Groups is on (GROUP_PUSH), not which groups are pushed: each one above must be listed here.",
    ]);
  }
  steps.push([
    `Check: ${links.planCommand ?? `cdktf diff ${input.environment}`} (or terraform plan in ${stackDir}).`,
    ...(links.scimEnabledOutput === undefined
      ? [`The warning is gone once the app's features include ${input.requiredFeatures.join(", ")}.`]
      : [`The warning is gone once the app's features include ${input.requiredFeatures.join(", ")};`, `after the next apply, terraform output ${links.scimEnabledOutput} is true.`]),
  ]);
  steps.forEach(([first, ...rest], i) => lines.push(`${i + 1}. ${first}`, ...rest.map((l) => `   ${l}`)));

  lines.push("", `Dashboard tile: ${dashboardTileNote(input.idpInitiatedLogin)}`);

  const renewal = tokenRenewal(input.token);
  if (renewal) {
    lines.push(
      "",
      `Token: ${renewal}.`,
      "After each apply that replaces it, repeat step 2's Authorization and Test Connector with the new token:",
      "Okta cannot receive it through an API.",
    );
  }
  return lines.join("\n");
}

/**
 * What the app's tile on users' Okta dashboards does. The tile starts an IdP-initiated login;
 * Grafana accepts one only with `allow_idp_initiated`, and then `relay_state` must match the
 * relay state the IdP sends (Grafana's SAML configuration options). Pure.
 */
export function dashboardTileNote(idpInitiatedLogin: boolean | undefined): string {
  if (idpInitiatedLogin === false) {
    return (
      "clicking the app on an Okta dashboard starts an IdP-initiated login, which Grafana refuses (saml.allowIdpInitiated is false, " +
      "Grafana's default). Users sign in from Grafana's login page instead; hide the tile in the app's General tab (Application visibility) " +
      "if it confuses them."
    );
  }
  if (idpInitiatedLogin === true) {
    return (
      "Grafana accepts IdP-initiated logins (saml.allowIdpInitiated), so the tile can work, but only if Grafana's relay_state equals the app's " +
      "Default RelayState (General tab > SAML Settings); this package sets neither."
    );
  }
  return "whether clicking the app on an Okta dashboard works depends on Grafana's allow_idp_initiated, which this stack does not manage (no saml section).";
}

function tokenRenewal(token: OktaScimRunbookInput["token"]): string | undefined {
  const parts = [
    ...(token?.rotationDays !== undefined ? [`it is replaced every ${token.rotationDays} days (token.rotationDays)`] : []),
    ...(token?.lifetimeDays !== undefined ? [`it expires ${token.lifetimeDays} days after it is created (token.lifetimeDays)`] : []),
  ];
  return parts.length ? parts.join(" and ") : undefined;
}

const APP_ID_PLACEHOLDER = "\u0000okta-app-id\u0000";
const APP_NAME_PLACEHOLDER = "\u0000okta-app-name\u0000";

/**
 * {@link oktaScimRunbook} as a Terraform template for an output: every literal character escaped,
 * and the app's id and name inserted as the given references (e.g. `${okta_app_saml.x.id}`), so
 * Terraform renders exactly what {@link oktaScimRunbook} renders for the deployed app.
 */
export function oktaScimRunbookTemplate(input: Omit<OktaScimRunbookInput, "app">, app: OktaAppInstance): string {
  const text = oktaScimRunbook({ ...input, app: { id: APP_ID_PLACEHOLDER, name: APP_NAME_PLACEHOLDER } });
  return escapeTemplate(text).split(APP_ID_PLACEHOLDER).join(app.id).split(APP_NAME_PLACEHOLDER).join(app.name);
}
