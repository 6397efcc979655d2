/**
 * The Grafana half of SCIM provisioning in one construct: service account and permissions,
 * token and SCIM switches. Identity-provider constructs take an instance of it and read
 * `tenantUrl`, `grafanaUrl` and `tokenValue` from it. Grafana's SAML settings are a separate
 * construct ({@link GrafanaSamlSettings}) because they take values from the identity provider.
 */
import { TerraformStack } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { GrafanaProvider } from "../../.gen/providers/grafana/provider";
import { mapConfigurationErrors, prefixedFields, prefixFieldMapper } from "../errors";
import { ScimServiceAccount, type ScimServiceAccountProps } from "./private/scim-service-account";
import { ScimSettings } from "./private/scim-settings";
import { ScimToken, type ScimTokenProps } from "./private/scim-token";
import { grafanaUrl, scimTenantUrl, validateGrafanaInstance, type GrafanaInstance } from "./tenant-url";
import type { TokenDelivery } from "./token-options";

/** Props of {@link GrafanaScim}. */
export interface GrafanaScimProps {
  /** Which Grafana: a Cloud stack or a self-hosted URL. */
  readonly instance: GrafanaInstance;
  /** SCIM user sync. @default true */
  readonly userSync?: boolean;
  /** SCIM group sync (teams). @default true */
  readonly groupSync?: boolean;
  /** Block users SCIM did not provision. @default false */
  readonly rejectNonProvisionedUsers?: boolean;
  /** Service account options. @default name "scim-provisioner", least-privilege custom role */
  readonly serviceAccount?: Omit<ScimServiceAccountProps, "userSync" | "groupSync" | "provider">;
  /** Token options. @default name "scim", no expiry, no rotation */
  readonly token?: Omit<ScimTokenProps, "serviceAccount" | "provider" | "delivery">;
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
   * The grafana provider. On Cloud it must set `stack_id` to the instance's stack id
   * ({@link grafanaProviderConfig} does); synthesis fails otherwise.
   * @default the stack's default (un-aliased) grafana provider
   */
  readonly provider?: GrafanaProvider;
}

/** Grafana's side of SCIM: see the module comment. */
export class GrafanaScim extends Construct {
  /** Grafana's root URL. */
  readonly grafanaUrl: string;
  /** The SCIM tenant URL the identity provider calls. */
  readonly tenantUrl: string;
  /** The service account and its permissions. */
  readonly serviceAccount: ScimServiceAccount;
  /** The bearer token for the identity provider. */
  readonly token: ScimToken;
  /** `grafana_scim_config`. */
  readonly settings: ScimSettings;
  /** The instance this construct configures. */
  readonly instance: GrafanaInstance;

  constructor(scope: Construct, id: string, props: GrafanaScimProps) {
    super(scope, id);
    mapConfigurationErrors(prefixedFields("instance"), () => validateGrafanaInstance(props.instance));
    this.instance = props.instance;
    this.grafanaUrl = grafanaUrl(props.instance);
    this.tenantUrl = scimTenantUrl(props.instance);
    const syncs = { userSync: props.userSync ?? true, groupSync: props.groupSync ?? true };
    const provider = props.provider;

    this.serviceAccount = mapConfigurationErrors(
      prefixFieldMapper({ name: "serviceAccount.name", roleName: "serviceAccount.roleName", permissionModel: "serviceAccount.permissionModel" }),
      () => new ScimServiceAccount(this, "service-account", { ...props.serviceAccount, ...syncs, provider }),
    );
    this.token = mapConfigurationErrors(tokenFields, () => new ScimToken(this, "token", { ...props.token, serviceAccount: this.serviceAccount, provider }));
    if (props.tokenDelivery !== undefined) this.declareTokenDelivery(props.tokenDelivery, "set by the tokenDelivery prop");
    this.settings = new ScimSettings(this, "settings", { ...syncs, rejectNonProvisionedUsers: props.rejectNonProvisionedUsers, provider });

    this.node.addValidation({ validate: () => this.providerProblems(props.provider) });
  }

  /** The token value for the identity provider (a reference to a sensitive attribute). */
  get tokenValue(): string {
    return this.token.key;
  }

  /** How the token reaches the identity provider, as declared (see {@link GrafanaScimProps.tokenDelivery}). */
  get tokenDelivery(): TokenDelivery {
    return this.token.delivery;
  }

  /**
   * Declares how the token reaches the identity provider. Identity-provider constructs call this
   * when they take this construct: `by` is that construct, `reason` why it delivers so. Throws a
   * {@link ConfigurationError} naming `token.rotationDays` when a token delivered by hand would
   * rotate, or `tokenDelivery` when it was declared otherwise before.
   */
  declareTokenDelivery(delivery: TokenDelivery, by: IConstruct | string, reason?: string): void {
    const who = typeof by === "string" ? by : `as ${by.constructor.name} "${by.node.path}" declares${reason ? ` (${reason})` : ""}`;
    mapConfigurationErrors(tokenFields, () => this.token.declareDelivery(delivery, who, "tokenDelivery"));
  }

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
