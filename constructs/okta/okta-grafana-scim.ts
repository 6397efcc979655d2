/**
 * Okta's half of Grafana SCIM provisioning in one construct: the SAML app, its group
 * assignments, the SCIM enablement gate and the runbook for the manual part. It takes the Grafana
 * side through {@link IGrafanaScim} and reads `grafanaUrl`, `tenantUrl`, the syncs that are on and
 * the token's lifetime from it.
 */
import { OktaProvider } from "@cdktf/provider-okta/lib/provider";
import { Annotations, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { assertValid, ConfigurationError } from "../errors";
import { literalCredentialProblems } from "../private/terraform/provider-credentials";
import type { IGrafanaScim } from "../grafana/grafana-scim";
import type { IdentityProviderSamlSettings, ISamlIdentityProvider } from "../grafana/saml-settings";
import type { TokenLifetimeOptions } from "../grafana/token-options";
import type { OktaGroupRef } from "./groups";
import { oktaAppIdProblem } from "./import-ids";
import { validateOktaOrg, type OktaOrg } from "./org";
import { OktaAppGroups } from "./private/app-groups";
import { OktaSamlApp } from "./private/saml-app";
import { OktaScimGate } from "./private/scim-gate";
import { oktaScimRunbookTemplate, type OktaRunbookLinks, type OktaScimRunbookInput } from "./runbook";
import { DEFAULT_APP_LABEL, type OktaSamlAppOptions } from "./saml-attributes";
import { requiredScimFeatures } from "./scim-gate-expressions";
import { IMPORT_BLOCK_VERSION, requireTerraformVersion } from "../terraform-version";

/** Why Okta gets the SCIM token by hand, for messages. */
export const OKTA_TOKEN_DELIVERY_REASON = "Okta cannot receive the SCIM token through any API; someone pastes it on the app's Provisioning tab";

/** What exists of an Okta setup made by hand, for {@link OktaGrafanaScim.adopt}. */
export interface OktaScimAdoption {
  /** The existing Grafana SAML app's id, `0oa…` (its admin console URL shows it). */
  readonly appId: string;
}

/** Props of {@link OktaGrafanaScim}. */
export interface OktaGrafanaScimProps extends OktaSamlAppOptions {
  /** The Grafana side: ACS and entity id come from its URL, the runbook's base URL is its tenant URL, Push Groups follows its group sync. */
  readonly grafana: IGrafanaScim;
  /** The Okta org (for the admin console links). */
  readonly org: OktaOrg;
  /** The groups assigned to the app, at least one. */
  readonly groups: readonly OktaGroupRef[];
  /**
   * The features the gate waits for. Leaving out one of the defaults is warned about at
   * synthesis: the gate then no longer warns while that feature is off.
   * @default SCIM_PROVISIONING, PUSH_NEW_USERS, PUSH_PROFILE_UPDATES, PUSH_USER_DEACTIVATION, and GROUP_PUSH with group sync
   */
  readonly requiredFeatures?: readonly string[];
  /**
   * The deployment's commands, outputs and documentation the runbook and the gate's warning point
   * to (this construct creates no outputs).
   * @default cdktf's commands and layout, the Grafana side's token output, no other outputs or documentation
   */
  readonly runbookLinks?: OktaRunbookLinks;
  /**
   * Where the gate's warning sends the reader for the manual steps (literal text, the end of a sentence).
   * @default the runbook output of `runbookLinks` (and its documentation), else this construct's `runbook` attribute
   */
  readonly runbookHint?: string;
  /** The environment named in the runbook. @default the stack's name */
  readonly environment?: string;
  /**
   * Whether Grafana accepts IdP-initiated logins, which the app's Okta dashboard tile starts; the
   * runbook says what the tile does. @default unknown
   */
  readonly idpInitiatedLogin?: boolean;
  /** The okta provider to use. @default the stack's default okta provider */
  readonly provider?: OktaProvider;
}

/** Okta's side of SCIM: see the module comment. */
export class OktaGrafanaScim extends Construct implements ISamlIdentityProvider {
  /** What the runbook is rendered from (the app excepted). */
  readonly runbookInput: Omit<OktaScimRunbookInput, "app">;
  /** @internal The SAML app. */
  readonly samlApp: OktaSamlApp;
  /** @internal The groups and their assignment. */
  readonly groups: OktaAppGroups;
  /** @internal The SCIM enablement gate. */
  readonly gate: OktaScimGate;

  constructor(scope: Construct, id: string, props: OktaGrafanaScimProps) {
    super(scope, id);
    if (props.grafana === undefined || props.grafana === null) throw new ConfigurationError("grafana", "is required: the Grafana side (a GrafanaScim)");
    validateOktaOrg(props.org);
    this.node.addValidation({ validate: () => literalCredentialProblems(this, [OktaProvider]) });
    // Okta's API cannot receive the SCIM token (no public connection API for a custom SAML app):
    // someone pastes it, so it must not rotate. The Grafana side refuses token.rotationDays here.
    props.grafana.declareTokenDelivery("manual", this, OKTA_TOKEN_DELIVERY_REASON);
    const { grafana, org, groups, requiredFeatures, runbookLinks, runbookHint, environment, idpInitiatedLogin, provider, ...saml } = props;
    const links: OktaRunbookLinks = { ...runbookLinks, tokenOutput: runbookLinks?.tokenOutput ?? grafana.tokenOutput };
    this.samlApp = new OktaSamlApp(this, "saml-app", { ...saml, grafana, provider });
    this.groups = new OktaAppGroups(this, "groups", { app: this.samlApp, groups, provider });
    this.gate = new OktaScimGate(this, "scim-gate", {
      app: this.samlApp,
      requiredFeatures: requiredFeatures ?? requiredScimFeatures(grafana.groupSync),
      runbookHint: runbookHint ?? defaultRunbookHint(links, this),
    });
    // Narrowing the gate is allowed, but loudly: what it no longer watches can be off unnoticed.
    const unwatched = requiredScimFeatures(grafana.groupSync).filter((feature) => !this.gate.requiredFeatures.includes(feature)).sort();
    if (unwatched.length > 0) {
      Annotations.of(this).addWarning(
        `requiredFeatures leaves out ${unwatched.join(", ")}: the SCIM gate no longer warns while they are off in Okta, ` +
          "so users Okta deactivates could stay active in Grafana (PUSH_USER_DEACTIVATION), profile changes or new users not arrive, " +
          "or teams not be created (GROUP_PUSH with group sync). Omit requiredFeatures to wait for all of them",
      );
    }
    this.runbookInput = oktaRunbookInput({
      environment: environment ?? TerraformStack.of(this).node.id,
      org,
      label: this.samlApp.label,
      tenantUrl: grafana.tenantUrl,
      groupSync: grafana.groupSync,
      groups,
      requiredFeatures: this.gate.requiredFeatures,
      token: literalLifetime(grafana.tokenLifetime),
      links,
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

  /** The Grafana SAML settings that agree with the app (metadata URL, entity id, NameID format, claim names), and this construct as `identityProvider`. */
  get grafanaSamlSettings(): IdentityProviderSamlSettings {
    return { ...this.samlApp.grafanaSamlSettings, identityProvider: this };
  }

  /** The claim the app sends the Okta user id (SCIM's `externalId`) in. */
  get externalUidClaims(): readonly string[] {
    return [this.samlApp.attributeNames.externalUid];
  }

  /** A bool expression: whether Okta lists every feature the SCIM gate waits for on the app. */
  get scimEnabled(): string {
    return this.gate.enabled;
  }

  /** A list expression: the features SCIM still needs, sorted; empty once the runbook is done. */
  get missingScimFeatures(): string {
    return this.gate.missingFeatures;
  }

  /** The runbook with the deployed app's id and name, as a Terraform template (for an output). */
  get runbook(): string {
    return oktaScimRunbookTemplate(this.runbookInput, { id: this.samlApp.app.id, name: this.samlApp.app.name });
  }

  /**
   * Imports an existing Grafana SAML app and its group assignments instead of creating them
   * (Terraform `import` blocks): the app keeps its id, its SCIM connection and push settings.
   * `okta_app_group_assignments` is authoritative: groups assigned by hand but not in `groups`
   * are unassigned. Throws a `ConfigurationError` naming `adopt.appId` for a malformed id.
   */
  adopt(existing: OktaScimAdoption): void {
    assertValid("adopt.appId", oktaAppIdProblem(existing.appId));
    requireTerraformVersion(this, IMPORT_BLOCK_VERSION);
    this.samlApp.importExisting(existing.appId);
    this.groups.importExisting(existing.appId);
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
  /** The deployment's commands, outputs and documentation. @default cdktf's commands and layout, no outputs or documentation */
  readonly links?: OktaRunbookLinks;
  /** Whether Grafana accepts IdP-initiated logins. @default unknown */
  readonly idpInitiatedLogin?: boolean;
}

/**
 * The runbook input with the construct's defaults applied: the one mapping that both the
 * construct (for its output) and a runbook from configuration (before a deploy) use. Pure.
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
    ...(options.links === undefined ? {} : { links: options.links }),
    ...(options.idpInitiatedLogin === undefined ? {} : { idpInitiatedLogin: options.idpInitiatedLogin }),
  };
}

/** The lifetime options the runbook can state: literal values only (a reference is known only to Terraform). */
function literalLifetime(lifetime: TokenLifetimeOptions): Pick<TokenLifetimeOptions, "lifetimeDays" | "rotationDays"> {
  const literal = (value: number | undefined) => value !== undefined && !Token.isUnresolved(value);
  return {
    ...(literal(lifetime.lifetimeDays) ? { lifetimeDays: lifetime.lifetimeDays } : {}),
    ...(literal(lifetime.rotationDays) ? { rotationDays: lifetime.rotationDays } : {}),
  };
}

/** Where the gate's warning points when the caller does not say: the runbook output, else the construct's attribute. */
function defaultRunbookHint(links: OktaRunbookLinks, construct: Construct): string {
  const where = links.runbookOutput
    ? `see the ${links.runbookOutput} output (terraform output -raw ${links.runbookOutput})`
    : `see the runbook of OktaGrafanaScim "${construct.node.path}" (its runbook attribute)`;
  return `${where}${links.documentation === undefined ? "" : ` and ${links.documentation}`}.`;
}
