/**
 * Okta's half of Grafana SCIM provisioning in one construct: the SAML app, its group
 * assignments, the SCIM enablement gate and the runbook for the manual part. It takes the Grafana
 * side as a construct and reads `grafanaUrl`, `tenantUrl` and its syncs and token options from it.
 */
import type { OktaProvider } from "@cdktf/provider-okta/lib/provider";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { GrafanaScim } from "../grafana/grafana-scim";
import { SECONDS_PER_DAY, type TokenLifetimeOptions } from "../grafana/token-options";
import { OktaAppGroups } from "./private/app-groups";
import type { OktaGroupRef } from "./groups";
import { validateOktaOrg, type OktaOrg } from "./org";
import { DEFAULT_TOKEN_OUTPUT, oktaScimRunbookTemplate, type OktaScimRunbookInput } from "./runbook";
import { OktaSamlApp, type OktaSamlAppProps } from "./private/saml-app";
import { DEFAULT_APP_LABEL } from "./saml-attributes";
import { requiredScimFeatures } from "./scim-gate-expressions";
import { OktaScimGate } from "./private/scim-gate";

/** Why Okta gets the SCIM token by hand, for messages. */
export const OKTA_TOKEN_DELIVERY_REASON = "Okta cannot receive the SCIM token through any API; someone pastes it on the app's Provisioning tab";

/** Props of {@link OktaGrafanaScim}. */
export interface OktaGrafanaScimProps extends Omit<OktaSamlAppProps, "grafana" | "provider"> {
  /** The Grafana side: ACS and entity id come from its URL, the runbook's base URL is its tenant URL. */
  readonly grafana: GrafanaScim;
  /** The Okta org (for the admin console links). */
  readonly org: OktaOrg;
  /** The groups assigned to the app, at least one. */
  readonly groups: readonly OktaGroupRef[];
  /**
   * Whether Grafana's group sync is on: the runbook then asks for Push Groups.
   * @default what `grafana` has (`grafana_scim_config.enable_group_sync`)
   */
  readonly groupSync?: boolean;
  /**
   * The token's lifetime options, for the runbook's note on pasting a replaced token.
   * @default what `grafana`'s token has
   */
  readonly token?: Pick<TokenLifetimeOptions, "lifetimeDays" | "rotationDays">;
  /**
   * The features the gate waits for.
   * @default SCIM_PROVISIONING, PUSH_NEW_USERS, PUSH_PROFILE_UPDATES, PUSH_USER_DEACTIVATION, and GROUP_PUSH with group sync
   */
  readonly requiredFeatures?: readonly string[];
  /** Where the gate's warning points (literal text). @default see {@link OktaScimGate} */
  readonly runbookHint?: string;
  /** The environment named in the runbook (`cdktf.out/stacks/<environment>`). @default the stack's name */
  readonly environment?: string;
  /** The stack's sensitive output with the SCIM token. @default "scim_token" */
  readonly tokenOutput?: string;
  /**
   * Whether Grafana accepts IdP-initiated logins, which the app's Okta dashboard tile starts; the
   * runbook says what the tile does. @default unknown
   */
  readonly idpInitiatedLogin?: boolean;
  /** The okta provider to use. @default the stack's default okta provider */
  readonly provider?: OktaProvider;
}

/** Okta's side of SCIM: see the module comment. */
export class OktaGrafanaScim extends Construct {
  /** The SAML app. */
  readonly samlApp: OktaSamlApp;
  /** The groups and their assignment. */
  readonly groups: OktaAppGroups;
  /** The SCIM enablement gate. */
  readonly gate: OktaScimGate;
  /** What the runbook is rendered from (the app excepted). */
  readonly runbookInput: Omit<OktaScimRunbookInput, "app">;

  constructor(scope: Construct, id: string, props: OktaGrafanaScimProps) {
    super(scope, id);
    validateOktaOrg(props.org);
    // Okta's API cannot receive the SCIM token (no public connection API for a custom SAML app):
    // someone pastes it, so it must not rotate. GrafanaScim refuses token.rotationDays here.
    props.grafana.declareTokenDelivery("manual", this, OKTA_TOKEN_DELIVERY_REASON);
    const { grafana, org, groups, groupSync, token, requiredFeatures, runbookHint, environment, tokenOutput, idpInitiatedLogin, provider, ...saml } = props;
    this.samlApp = new OktaSamlApp(this, "saml-app", { ...saml, grafana, provider });
    this.groups = new OktaAppGroups(this, "groups", { app: this.samlApp, groups, provider });
    const withGroupSync = groupSync ?? grafana.settings.config.enableGroupSyncInput === true;
    this.gate = new OktaScimGate(this, "scim-gate", { app: this.samlApp, requiredFeatures: requiredFeatures ?? requiredScimFeatures(withGroupSync), runbookHint });
    this.runbookInput = oktaRunbookInput({
      environment: environment ?? TerraformStack.of(this).node.id,
      org,
      label: this.samlApp.label,
      tenantUrl: grafana.tenantUrl,
      groupSync: withGroupSync,
      groups,
      requiredFeatures: this.gate.requiredFeatures,
      token: token ?? grafanaTokenOptions(grafana),
      tokenOutput,
      idpInitiatedLogin,
    });
  }

  /** The app id. */
  get appId(): string {
    return this.samlApp.appId;
  }

  /** The app's SAML metadata URL. */
  get metadataUrl(): string {
    return this.samlApp.metadataUrl;
  }

  /** Grafana's entity id, which is the app's audience. */
  get entityId(): string {
    return this.samlApp.entityId;
  }

  /** Grafana SAML settings that agree with what the app sends. */
  get grafanaSamlSettings(): OktaSamlApp["grafanaSamlSettings"] {
    return this.samlApp.grafanaSamlSettings;
  }

  /** The runbook with the deployed app's id and name, as a Terraform template (for an output). */
  get runbook(): string {
    return oktaScimRunbookTemplate(this.runbookInput, { id: this.samlApp.app.id, name: this.samlApp.app.name });
  }
}

/** What the runbook is made of, as the construct's options give it. */
export interface OktaRunbookOptions {
  /** The environment (stack) name. */
  readonly environment: string;
  /** The Okta org. */
  readonly org: OktaOrg;
  /** The app's label. @default "Grafana" */
  readonly label?: string;
  /** Grafana's SCIM tenant URL. */
  readonly tenantUrl: string;
  /** Whether Grafana's group sync is on. */
  readonly groupSync: boolean;
  /** The assigned groups. */
  readonly groups: readonly OktaGroupRef[];
  /** The features the gate waits for. @default the gate's default */
  readonly requiredFeatures?: readonly string[];
  /** The token's lifetime options. @default none */
  readonly token?: Pick<TokenLifetimeOptions, "lifetimeDays" | "rotationDays">;
  /** The sensitive token output. @default "scim_token" */
  readonly tokenOutput?: string;
  /** Whether Grafana accepts IdP-initiated logins. @default unknown */
  readonly idpInitiatedLogin?: boolean;
}

/**
 * The runbook input with the construct's defaults applied: the one mapping that both the
 * construct (for its output) and `npm run runbook` (from the environment file) use. Pure.
 */
export function oktaRunbookInput(options: OktaRunbookOptions): Omit<OktaScimRunbookInput, "app"> {
  return {
    environment: options.environment,
    org: options.org,
    appLabel: options.label ?? DEFAULT_APP_LABEL,
    tenantUrl: options.tenantUrl,
    groupSync: options.groupSync,
    groups: options.groups,
    requiredFeatures: options.requiredFeatures ?? requiredScimFeatures(options.groupSync),
    token: options.token ?? {},
    tokenOutput: options.tokenOutput ?? DEFAULT_TOKEN_OUTPUT,
    ...(options.idpInitiatedLogin === undefined ? {} : { idpInitiatedLogin: options.idpInitiatedLogin }),
  };
}

function grafanaTokenOptions(grafana: GrafanaScim): Pick<TokenLifetimeOptions, "lifetimeDays" | "rotationDays"> {
  const seconds = grafana.token.token.secondsToLiveInput;
  const rotationDays = grafana.token.rotation?.rotationDaysInput;
  return {
    ...(typeof seconds === "number" ? { lifetimeDays: seconds / SECONDS_PER_DAY } : {}),
    ...(typeof rotationDays === "number" ? { rotationDays } : {}),
  };
}
