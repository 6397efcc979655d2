/**
 * Grafana's SAML settings, owned by this package and aligned with SCIM: the external UID claim
 * SCIM users are matched on, and no sign-up at login (SCIM creates users, SAML only signs them in).
 */
import { TerraformProvider, Token } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { SsoSettings, type SsoSettingsSamlSettings } from "../../.gen/providers/grafana/sso-settings";
import { assertValid, ConfigurationError } from "../errors";
import { IMPORT_BLOCK_VERSION, requireTerraformVersion } from "../terraform-version";
import { SAML_SETTINGS_IMPORT_ID } from "./import-ids";
import { templateSequenceProblem } from "../template-escape";
import { roleSyncProblems, roleSyncSettings, type SamlRoleSyncOptions } from "./saml-role-sync";
import { DEFAULT_EXTERNAL_UID_ATTRIBUTE, samlEntityId } from "./saml-urls";
import { httpsUrlProblem, rootUrlProblem, type GrafanaInstance } from "./tenant-url";
import { importInto } from "../private/terraform/import";

/** SAML request/metadata signing algorithms Grafana accepts. */
export type SamlSignatureAlgorithm = "rsa-sha1" | "rsa-sha256" | "rsa-sha512";

/**
 * Grafana's SP signing key pair. Values are secrets: pass references (for example a sensitive
 * `TerraformVariable`), never literals.
 */
export type SamlSigningKeyPair =
  /** Base64-encoded PEM certificate and private key. */
  | { readonly certificate: string; readonly privateKey: string }
  /** Paths of the certificate and key on the Grafana server (self-hosted). */
  | { readonly certificatePath: string; readonly privateKeyPath: string };

/**
 * The Grafana SAML settings an identity provider implies: where its metadata is, the entity id
 * and NameID format it uses, and the claim names it sends. Identity-provider constructs expose
 * them as `grafanaSamlSettings`, to spread into {@link GrafanaSamlSettingsProps} (values set
 * there after the spread win).
 */
export interface IdentityProviderSamlSettings {
  /** The identity provider's SAML metadata URL. */
  readonly idpMetadataUrl: string;
  /** The entity id (audience) the identity provider asserts. @default Grafana's, `<grafana url>/saml/metadata` */
  readonly entityId?: string;
  /** The NameID format the identity provider sends. @default Grafana's */
  readonly nameIdFormat?: string;
  /** The claim that carries the user's stable id (SCIM's `externalId`). */
  readonly assertionAttributeExternalUid: string;
  /** The claim that carries the login. */
  readonly assertionAttributeLogin: string;
  /** The claim that carries the email. */
  readonly assertionAttributeEmail: string;
  /** The claim that carries the display name. */
  readonly assertionAttributeName: string;
  /** The claim that carries the user's groups, when the identity provider sends them. @default none */
  readonly assertionAttributeGroups?: string;
}

/**
 * An identity-provider construct whose Grafana SAML settings are known: `EntraScim`,
 * `OktaGrafanaScim`.
 */
export interface ISamlIdentityProvider extends IConstruct {
  /** The Grafana SAML settings that agree with what this identity provider sends. */
  readonly grafanaSamlSettings: IdentityProviderSamlSettings;
  /**
   * The claims this identity provider sends the user's stable id (SCIM's `externalId`) in: Grafana's
   * `assertionAttributeExternalUid` must be one of them, or SAML logins cannot find the users SCIM
   * created. `undefined` when the construct does not manage the claims (then nothing is checked).
   */
  readonly externalUidClaims?: readonly string[];
}

/**
 * Props of {@link GrafanaSamlSettings}. Role sync ({@link SamlRoleSyncOptions}): the role and org
 * attributes default to `assertionAttributeGroups`, the identity provider's group claim, as
 * Grafana's role sync guide for Okta does.
 */
export interface GrafanaSamlSettingsProps extends Omit<SamlRoleSyncOptions, "assertionAttributeGroups"> {
  /** Grafana's root URL, e.g. `https://acme.grafana.net`. */
  readonly grafanaUrl: string;
  /**
   * The Grafana these settings are for. On a Grafana Cloud stack, paths on the Grafana server
   * (`idpMetadataPath`, signing key paths) are refused: there is no server file system to put them on.
   * @default unknown: paths are accepted
   */
  readonly instance?: GrafanaInstance;
  /** URL of the identity provider's SAML metadata. Exactly one of this or `idpMetadataPath`. */
  readonly idpMetadataUrl?: string;
  /** Path of the identity provider's SAML metadata on the Grafana server (self-hosted). */
  readonly idpMetadataPath?: string;
  /**
   * Grafana's SAML entity id, which the identity provider must use as audience.
   * @default `<grafanaUrl>/saml/metadata`
   */
  readonly entityId?: string;
  /**
   * Login button label.
   * @default "SAML"
   */
  readonly displayName?: string;
  /**
   * The SAML attribute carrying the user's stable id, the value SCIM sends as `externalId`
   * (Entra object id, Okta user id). Grafana links SAML logins to SCIM users with it.
   * @default "userUID"
   */
  readonly assertionAttributeExternalUid?: string;
  /** SAML attribute for the login. @default Grafana's default */
  readonly assertionAttributeLogin?: string;
  /** SAML attribute for the email. @default Grafana's default */
  readonly assertionAttributeEmail?: string;
  /** SAML attribute for the display name. @default Grafana's default */
  readonly assertionAttributeName?: string;
  /** SAML attribute for groups (role or org mapping). @default none */
  readonly assertionAttributeGroups?: string;
  /** NameID format Grafana requests. @default Grafana's default (transient) */
  readonly nameIdFormat?: string;
  /** Signature algorithm for requests and metadata. @default Grafana's default */
  readonly signatureAlgorithm?: SamlSignatureAlgorithm;
  /**
   * Grafana's SP signing key pair. Grafana's SAML options list the certificate and key as
   * required (environment files must set `saml.signing`); optional here only for callers that
   * manage them elsewhere.
   * @default none
   */
  readonly signing?: SamlSigningKeyPair;
  /**
   * Let SAML login create users that SCIM did not provision. Keep false: SCIM owns provisioning.
   * @default false
   */
  readonly allowSignUp?: boolean;
  /** Allow IdP-initiated login. @default false */
  readonly allowIdpInitiated?: boolean;
  /**
   * The identity provider that signs users in (`EntraScim`, `OktaGrafanaScim`). When given,
   * `assertionAttributeExternalUid` must be a claim it sends the user's stable id in: a setting
   * that differs would leave every SAML login without its SCIM user. Spread its
   * `grafanaSamlSettings` into these props for the values that agree with it.
   * @default not checked against an identity provider
   */
  readonly identityProvider?: ISamlIdentityProvider;
  /** Any further `saml_settings` attribute (e.g. `singleLogout`, `autoLogin`). Wins over the props above. */
  readonly extraSettings?: Partial<SsoSettingsSamlSettings>;
  /** The grafana provider to use. @default the stack's default grafana provider */
  readonly provider?: TerraformProvider;
}

/**
 * `grafana_sso_settings` for `saml`. It is authoritative: settings it does not set are reset to
 * Grafana's defaults, so use it only when this package owns Grafana's SAML configuration.
 */
export class GrafanaSamlSettings extends Construct {
  /** @internal The SSO settings resource. */
  readonly settings: SsoSettings;
  /** The entity id in use. */
  readonly entityId: string;
  /** The external UID attribute in use. */
  readonly externalUidAttribute: string;

  constructor(scope: Construct, id: string, props: GrafanaSamlSettingsProps) {
    super(scope, id);
    const metadataSources = [props.idpMetadataUrl, props.idpMetadataPath].filter((v) => v !== undefined);
    if (metadataSources.length !== 1) {
      throw new ConfigurationError("idpMetadataUrl", "set exactly one of idpMetadataUrl or idpMetadataPath");
    }
    const literal = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);
    if (literal(props.grafanaUrl)) assertValid("grafanaUrl", rootUrlProblem(props.grafanaUrl));
    if (literal(props.idpMetadataUrl)) assertValid("idpMetadataUrl", httpsUrlProblem(props.idpMetadataUrl));
    if (literal(props.entityId)) assertValid("entityId", templateSequenceProblem(props.entityId));
    if (props.instance?.kind === "cloud") {
      const why = "is a path on the Grafana server, and Grafana Cloud has no server file system to put it on";
      if (props.idpMetadataPath !== undefined) throw new ConfigurationError("idpMetadataPath", `${why}: use idpMetadataUrl`);
      if (props.signing !== undefined && "certificatePath" in props.signing) {
        throw new ConfigurationError("signing.certificatePath", `${why}: pass the certificate and key as values (references to sensitive variables)`);
      }
    }
    this.externalUidAttribute = props.assertionAttributeExternalUid ?? DEFAULT_EXTERNAL_UID_ATTRIBUTE;
    if (this.externalUidAttribute.trim() === "") {
      throw new ConfigurationError("assertionAttributeExternalUid", "must not be empty: SCIM users are matched on it");
    }
    const idp = props.identityProvider;
    if (idp?.externalUidClaims !== undefined && !Token.isUnresolved(this.externalUidAttribute) && !idp.externalUidClaims.includes(this.externalUidAttribute)) {
      throw new ConfigurationError(
        "assertionAttributeExternalUid",
        `"${this.externalUidAttribute}" is not a claim ${idp.constructor.name} "${idp.node.path}" sends the user's id in ` +
          `(${idp.externalUidClaims.map((c) => `"${c}"`).join(" or ")}): SAML logins would find no SCIM user. Use its grafanaSamlSettings`,
      );
    }
    const roleSync: SamlRoleSyncOptions = props;
    const roleSyncProblem = roleSyncProblems(roleSync)[0];
    if (roleSyncProblem) throw new ConfigurationError(roleSyncProblem.field, roleSyncProblem.problem);
    this.entityId = props.entityId ?? samlEntityId(props.grafanaUrl);

    const samlSettings: SsoSettingsSamlSettings = {
      enabled: true,
      name: props.displayName ?? "SAML",
      entityId: this.entityId,
      idpMetadataUrl: props.idpMetadataUrl,
      idpMetadataPath: props.idpMetadataPath,
      assertionAttributeExternalUid: this.externalUidAttribute,
      assertionAttributeLogin: props.assertionAttributeLogin,
      assertionAttributeEmail: props.assertionAttributeEmail,
      assertionAttributeName: props.assertionAttributeName,
      assertionAttributeGroups: props.assertionAttributeGroups,
      nameIdFormat: props.nameIdFormat,
      signatureAlgorithm: props.signatureAlgorithm,
      allowSignUp: props.allowSignUp ?? false,
      allowIdpInitiated: props.allowIdpInitiated ?? false,
      ...signingSettings(props.signing),
      ...roleSyncSettings(roleSync),
      ...props.extraSettings,
    };
    this.settings = new SsoSettings(this, "settings", { providerName: "saml", samlSettings, provider: props.provider });
  }

  /**
   * Imports Grafana's existing SAML settings instead of creating them (a Terraform `import` block,
   * id `saml`: grafana 4.45.1 reads the import id as the SSO provider's name, so the `1:saml` its
   * docs list fails; see import-ids.ts). The import reads every setting Grafana has; the next apply
   * replaces them with these props (the resource is authoritative).
   */
  adopt(): void {
    requireTerraformVersion(this, IMPORT_BLOCK_VERSION);
    importInto(this.settings, SAML_SETTINGS_IMPORT_ID);
  }
}

function signingSettings(signing: SamlSigningKeyPair | undefined): Partial<SsoSettingsSamlSettings> {
  if (signing === undefined) return {};
  if ("certificate" in signing) return { certificate: signing.certificate, privateKey: signing.privateKey };
  return { certificatePath: signing.certificatePath, privateKeyPath: signing.privateKeyPath };
}
