/**
 * The Grafana half of SCIM provisioning in one construct: service account and permissions,
 * token and SCIM switches. Identity-provider constructs take it through {@link IGrafanaScim}.
 * Grafana's SAML settings are a separate construct ({@link GrafanaSamlSettings}) because they take
 * values from the identity provider.
 */
import { TerraformStack, Token, type ITerraformDependable } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { GrafanaProvider } from "../../.gen/providers/grafana/provider";
import { assertValid, ConfigurationError, mapConfigurationErrors, prefixedFields, prefixFieldMapper } from "../errors";
import { literalCredentialProblems } from "../private/terraform/provider-credentials";
import { IMPORT_BLOCK_VERSION, requireTerraformVersion } from "../terraform-version";
import { adoptedServiceAccountIdProblem, roleUidProblem, splitOrgScopedId } from "./import-ids";
import { grafanaOrganizationKeys, sharedOrganizationProblem } from "./organization";
import { claimOrganization } from "./private/organization-owners";
import { ScimServiceAccount } from "./private/scim-service-account";
import { ScimSettings } from "./private/scim-settings";
import { ScimToken } from "./private/scim-token";
import type { ScimPermissionModel } from "./scim-permissions";
import { grafanaUrl, scimTenantUrl, validateGrafanaInstance, type GrafanaInstance } from "./tenant-url";
import { tokenOutputProblem, type TokenDelivery, type TokenLifetimeOptions } from "./token-options";

/**
 * The Grafana side of SCIM as an identity-provider construct uses it: where Grafana and its SCIM
 * API are, the token and how it is delivered, and which syncs are on. {@link GrafanaScim}
 * implements it; an identity-provider construct takes this interface, not the class.
 */
export interface IGrafanaScim extends IConstruct {
  /** Grafana's root URL, e.g. `https://acme.grafana.net` (its SAML endpoints are under it). */
  readonly grafanaUrl: string;
  /** The SCIM tenant URL the identity provider calls (Entra "Tenant URL", Okta "SCIM connector base URL"). */
  readonly tenantUrl: string;
  /** The SCIM bearer token: a reference to a sensitive attribute, never a literal. */
  readonly tokenValue: string;
  /** Whether SCIM user sync is on. */
  readonly userSync: boolean;
  /** Whether SCIM group sync is on (teams from the identity provider's groups). */
  readonly groupSync: boolean;
  /** The token's lifetime and rotation, as configured. */
  readonly tokenLifetime: TokenLifetimeOptions;
  /** The name of the stack's sensitive output with the token, if the caller named one (for messages that say how to read it). */
  readonly tokenOutput?: string;
  /** How the token reaches the identity provider, as declared so far (`manual` when nothing declared it). */
  readonly tokenDelivery: TokenDelivery;
  /**
   * What must exist before the identity provider calls Grafana's SCIM API with the token: SCIM
   * switched on (`grafana_scim_config`) and the service account's permissions (its role
   * assignment). An identity-provider construct that calls the API in the same apply (Entra's
   * credential test, start and provisioning on demand) depends on them.
   * @default nothing to wait for
   */
  readonly scimReady?: readonly ITerraformDependable[];
  /**
   * Declares how the token reaches the identity provider. An identity-provider construct calls it
   * when it takes the Grafana side: `by` is that construct, `reason` why it delivers so. Throws a
   * `ConfigurationError` naming `token.rotationDays` when a token delivered by hand would rotate,
   * `tokenDelivery` when it was declared otherwise before, or `grafana` when another
   * identity-provider construct already takes this Grafana side (one identity provider per Grafana).
   */
  declareTokenDelivery(delivery: TokenDelivery, by: IConstruct, reason?: string): void;
}

/** Options of the service account of {@link GrafanaScim}. */
export interface ScimServiceAccountOptions {
  /**
   * Name of the service account in Grafana.
   * @default "scim-provisioner"
   */
  readonly name?: string;
  /**
   * How permissions are granted: `custom-role` (least privilege) or `fixed-roles` (the permissions
   * of Grafana's fixed roles, copied into the account's own role).
   * @default "custom-role"
   */
  readonly permissionModel?: ScimPermissionModel;
  /**
   * Name of the account's own role (both models). Unique per organization; not `fixed:` or `basic:`.
   * @default "custom:scim:provisioner"
   */
  readonly roleName?: string;
}

/** Options of the token of {@link GrafanaScim}. */
export interface ScimTokenOptions extends TokenLifetimeOptions {
  /**
   * Token name; with rotation, the prefix of `<name>-<unix time of rotation>`.
   * @default "scim"
   */
  readonly name?: string;
}

/** What exists of a Grafana SCIM setup made by hand, for {@link GrafanaScim.adopt}. */
export interface GrafanaScimAdoption {
  /**
   * The existing service account's id, `42` or `1:42` (`<orgId>:<id>`; its URL under
   * Administration › Users and access › Service accounts shows it). Organization 1 only.
   */
  readonly serviceAccountId: string;
  /**
   * The uid of the account's own role, if it has one (`GET /api/access-control/roles`): the role
   * and its assignment are then imported and managed.
   * @default none: the role and its assignment are created
   */
  readonly customRoleUid?: string;
}

/** Props of {@link GrafanaScim}. */
export interface GrafanaScimProps {
  /** Which Grafana: a Cloud stack or a self-hosted URL. Values may be Terraform references (e.g. a `TerraformVariable`'s `numberValue` as `stackId`). */
  readonly instance: GrafanaInstance;
  /** SCIM user sync. @default true */
  readonly userSync?: boolean;
  /** SCIM group sync (teams). @default true */
  readonly groupSync?: boolean;
  /** Block users SCIM did not provision; needs `userSync` (without it SCIM provisions no user). @default false */
  readonly rejectNonProvisionedUsers?: boolean;
  /** Service account options. @default name "scim-provisioner", least-privilege custom role */
  readonly serviceAccount?: ScimServiceAccountOptions;
  /** Token options. @default name "scim", no expiry, no rotation */
  readonly token?: ScimTokenOptions;
  /**
   * How the token reaches the identity provider: `automatic` when the same apply hands it over,
   * `manual` when someone pastes it. `token.rotationDays` needs `automatic`. The
   * identity-provider construct that takes this construct declares it (`EntraScim`: automatic,
   * `OktaGrafanaScim`: manual); set it only when no such construct takes the token, and it must
   * then agree with the one that does.
   * @default what the identity-provider construct declares; "manual" when none does
   */
  readonly tokenDelivery?: TokenDelivery;
  /**
   * The name of the stack's sensitive output that holds the token (`tokenValue`), which this
   * construct's expiry warning and an Okta runbook tell the reader to read. The construct does not
   * create the output.
   * @default none: messages name no output
   */
  readonly tokenOutput?: string;
  /**
   * The grafana provider. On Cloud it must set `stack_id` to the instance's stack id
   * ({@link grafanaProviderConfig} does); synthesis fails otherwise.
   * @default the stack's default (un-aliased) grafana provider
   */
  readonly provider?: GrafanaProvider;
}

/** Grafana's side of SCIM: see the module comment. */
export class GrafanaScim extends Construct implements IGrafanaScim {
  readonly grafanaUrl: string;
  readonly tenantUrl: string;
  readonly userSync: boolean;
  readonly groupSync: boolean;
  readonly tokenLifetime: TokenLifetimeOptions;
  readonly tokenOutput?: string;
  /** The instance this construct configures. */
  readonly instance: GrafanaInstance;
  /** @internal The service account and its permissions. */
  readonly serviceAccount: ScimServiceAccount;
  /** @internal The bearer token for the identity provider. */
  readonly token: ScimToken;
  /** @internal `grafana_scim_config`. */
  readonly settings: ScimSettings;

  constructor(scope: Construct, id: string, props: GrafanaScimProps) {
    super(scope, id);
    mapConfigurationErrors(prefixedFields("instance"), () => validateGrafanaInstance(props.instance));
    this.instance = props.instance;
    this.grafanaUrl = grafanaUrl(props.instance);
    this.tenantUrl = scimTenantUrl(props.instance);
    this.userSync = props.userSync ?? true;
    this.groupSync = props.groupSync ?? true;
    if (props.tokenOutput !== undefined) assertValid("tokenOutput", tokenOutputProblem(props.tokenOutput));
    this.tokenOutput = props.tokenOutput;
    const syncs = { userSync: this.userSync, groupSync: this.groupSync };
    const provider = props.provider;

    this.serviceAccount = mapConfigurationErrors(
      prefixFieldMapper({ name: "serviceAccount.name", roleName: "serviceAccount.roleName", permissionModel: "serviceAccount.permissionModel" }),
      () => new ScimServiceAccount(this, "service-account", { ...props.serviceAccount, ...syncs, provider }),
    );
    this.token = mapConfigurationErrors(tokenFields, () =>
      new ScimToken(this, "token", { ...props.token, tokenOutput: props.tokenOutput, serviceAccount: this.serviceAccount, provider, validateDelivery: false }),
    );
    const { lifetimeDays, rotationDays, expiryWarningDays } = props.token ?? {};
    this.tokenLifetime = {
      ...(lifetimeDays === undefined ? {} : { lifetimeDays }),
      ...(rotationDays === undefined ? {} : { rotationDays }),
      ...(expiryWarningDays === undefined ? {} : { expiryWarningDays }),
    };
    if (props.tokenDelivery !== undefined) this.declareTokenDelivery(props.tokenDelivery, "set by the tokenDelivery prop");
    this.settings = new ScimSettings(this, "settings", { ...syncs, rejectNonProvisionedUsers: props.rejectNonProvisionedUsers, provider });
    // grafana_scim_config is one per organization: one GrafanaScim per Grafana in an app (references are not compared).
    const owner = claimOrganization(this, "scim", grafanaOrganizationKeys(props.instance));
    if (owner) {
      throw new ConfigurationError(
        "instance",
        sharedOrganizationProblem(`${owner.owner.constructor.name} "${owner.owner.node.path}"`, owner.key, "its SCIM settings (grafana_scim_config) are", "Keep one GrafanaScim per Grafana organization"),
      );
    }

    this.node.addValidation({ validate: () => this.providerProblems(props.provider) });
    this.node.addValidation({ validate: () => literalCredentialProblems(this, [GrafanaProvider]) });
    // Phrased in this construct's props: token.rotationDays, tokenDelivery.
    this.node.addValidation({ validate: () => this.token.deliveryProblems(tokenFields, "this GrafanaScim (such as EntraScim)", this.node.path) });
  }

  get tokenValue(): string {
    return this.token.key;
  }

  /** SCIM switched on and the service account's role assigned: what Grafana's SCIM API needs before the identity provider calls it. */
  get scimReady(): readonly ITerraformDependable[] {
    return [this.settings.config, ...this.serviceAccount.roleAssignments];
  }

  get tokenDelivery(): TokenDelivery {
    return this.token.delivery;
  }

  /** The service account's id, `<orgId>:<serviceAccountId>` (a reference). */
  get serviceAccountId(): string {
    return this.serviceAccount.serviceAccountId;
  }

  declareTokenDelivery(delivery: TokenDelivery, by: IConstruct | string, reason?: string): void {
    if (typeof by !== "string") {
      // Two identity providers provisioning one Grafana would both create and update the same
      // users and teams (each its own externalId), with one token between them.
      if (this.identityProvider !== undefined && this.identityProvider !== by) {
        throw new ConfigurationError(
          "grafana",
          `${this.constructor.name} "${this.node.path}" already provisions from ${this.identityProvider.constructor.name} "${this.identityProvider.node.path}": ` +
            "one identity provider per Grafana (two would both create and update the same users and teams, with one token between them)",
        );
      }
      this.identityProvider = by;
    }
    const who = typeof by === "string" ? by : `as ${by.constructor.name} "${by.node.path}" declares${reason ? ` (${reason})` : ""}`;
    mapConfigurationErrors(tokenFields, () => this.token.declareDelivery(delivery, who, "tokenDelivery"));
  }

  /**
   * Imports what exists of a setup made by hand instead of creating it (Terraform `import`
   * blocks): the service account, with `customRoleUid` its own role and that role's assignment,
   * and the SCIM settings. The token cannot be imported: a new one is created. Fixed roles a UI
   * setup assigned are neither imported nor touched (the account's own role carries their
   * permissions). Throws a `ConfigurationError` naming `adopt.<field>` for a malformed id.
   */
  adopt(existing: GrafanaScimAdoption): void {
    assertValid("adopt.serviceAccountId", adoptedServiceAccountIdProblem(existing.serviceAccountId));
    if (existing.customRoleUid !== undefined) assertValid("adopt.customRoleUid", roleUidProblem(existing.customRoleUid));
    // A reference cannot be split into org and id here; the provider reads it as the provider's organization.
    const serviceAccount = Token.isUnresolved(existing.serviceAccountId) ? { id: existing.serviceAccountId } : splitOrgScopedId(existing.serviceAccountId);
    requireTerraformVersion(this, IMPORT_BLOCK_VERSION);
    this.serviceAccount.importExisting(serviceAccount, existing.customRoleUid);
    this.settings.importExisting(serviceAccount.orgId);
  }

  /** The identity-provider construct that takes this Grafana side (see {@link declareTokenDelivery}). */
  private identityProvider?: IConstruct;

  private providerProblems(explicit: GrafanaProvider | undefined): string[] {
    if (this.instance.kind !== "cloud") return [];
    const candidates = explicit
      ? [explicit]
      : TerraformStack.of(this)
          .node.findAll()
          .filter((c): c is GrafanaProvider => c instanceof GrafanaProvider && c.alias === undefined);
    const provider = candidates[0];
    if (provider === undefined) return [`${this.node.path}: the stack has no grafana provider`];
    // A reference (e.g. a TerraformVariable's numberValue) in both places is the same token, so this compares it too.
    if (provider.stackId !== this.instance.stackId) {
      return [
        `${this.node.path}: the grafana provider ${provider.node.path} must set stack_id = ${this.instance.stackId} ` +
          `(got ${provider.stackId ?? "none"}); without it grafana_scim_config calls the "default" namespace and Grafana Cloud ` +
          `answers 403 authn.invalid-namespace. Use grafanaProviderConfig(instance).`,
      ];
    }
    return [];
  }
}

/** The token's props as `GrafanaScim` names them. */
const tokenFields = (field: string): string => (field === "delivery" ? "tokenDelivery" : prefixedFields("token")(field));
