/**
 * Grafana's SAML settings, owned by this package and aligned with SCIM: the external UID claim
 * SCIM users are matched on, and no sign-up at login (SCIM creates users, SAML only signs them in).
 */
import { TerraformProvider, Token } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { SsoSettings, type SsoSettingsSamlSettings } from "../../.gen/providers/grafana/sso-settings";
import { assertValid, ConfigurationError, mapConfigurationErrors, prefixedFields } from "../errors";
import { IMPORT_BLOCK_VERSION, requireTerraformVersion } from "../terraform-version";
import { SAML_SETTINGS_IMPORT_ID } from "./import-ids";
import { plainTextProblem } from "../plain-text";
import { templateSequenceProblem } from "../template-escape";
import { groupObjectIdProblems, roleSyncProblems, roleSyncSettings, settingReadingClaim, type GroupObjectIdClaim, type SamlRoleSyncOptions } from "./saml-role-sync";
import { DEFAULT_EXTERNAL_UID_ATTRIBUTE, samlEntityId } from "./saml-urls";
import { cloudServerPathProblems } from "./server-paths";
import { httpsUrlProblem, rootUrlProblem, validateGrafanaInstance, type GrafanaInstance } from "./tenant-url";
import { importInto } from "../private/terraform/import";
import { grafanaOrganizationKeys, grafanaUrlOrganizationKeys, sharedOrganizationProblem } from "./organization";
import { claimOrganization } from "./private/organization-owners";

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
 * Where Grafana's SP signing key pair comes from: the pair ({@link SamlSigningKeyPair}), or
 * `"managed-elsewhere"`, an explicit opt-out: the construct sets no certificate or key.
 * `grafana_sso_settings` is authoritative, so an apply then leaves Grafana's SAML settings without
 * the certificate and key it sets; choose it only where Grafana gets them some other way you have
 * checked (this package has not verified any: see the README's "Not verified").
 */
export type SamlSigning = SamlSigningKeyPair | "managed-elsewhere";

/**
 * The Grafana SAML settings an identity provider implies: where its metadata is, the entity id
 * and NameID format it uses, the claim names it sends, and the identity provider itself.
 * Identity-provider constructs expose them as `grafanaSamlSettings`, to spread into
 * {@link GrafanaSamlSettingsProps} (values set there after the spread win); the spread passes
 * `identityProvider` too, which turns on the check of the external UID claim.
 */
export interface IdentityProviderSamlSettings {
  /** The identity-provider construct these settings come from: `GrafanaSamlSettings` checks its external UID claim against it. */
  readonly identityProvider: ISamlIdentityProvider;
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

/** {@link IdentityProviderSamlSettings} without the construct: what the identity provider's pure functions compute. */
export type IdentityProviderSamlClaims = Omit<IdentityProviderSamlSettings, "identityProvider">;

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
  /**
   * The claim this identity provider would send the user's groups in, and whether it is set to.
   * Grafana's role and org attributes default to `assertionAttributeGroups` of its
   * `grafanaSamlSettings`; this lets {@link GrafanaSamlSettings} refuse settings that read a groups
   * claim the identity provider is set not to send, and name the option that sends it.
   * `undefined` when the construct does not manage its groups claim (then nothing is checked).
   */
  readonly groupsClaim?: SamlGroupsClaim;
}

/** The groups claim of an identity provider, for {@link ISamlIdentityProvider.groupsClaim}. */
export interface SamlGroupsClaim {
  /** The claim name. */
  readonly name: string;
  /**
   * Whether the identity provider sends it: `true`, `false` (set to send none: Grafana must not
   * read it), or `undefined` (left as set up by hand).
   */
  readonly sent?: boolean;
  /** The construct option that makes it send the claim, named in errors (e.g. `singleSignOn.groupClaims "ApplicationGroup"`). */
  readonly sentWith: string;
  /**
   * What the claim's values are, when the identity provider knows: `"object-ids"`, group object
   * ids (UUIDs), as Entra sends them. With `sent` true, {@link GrafanaSamlSettings} then refuses
   * role values, org mapping values (but `*`) and allowed organizations matched against the claim
   * that are not UUIDs: they would never match.
   * @default unknown: values are not checked
   */
  readonly values?: "object-ids";
  /**
   * The construct option that manages the claim (e.g. `singleSignOn.groupClaims`), named in errors
   * as the one to leave unset when the claim was customized by hand.
   * @default errors call it the identity provider's option that manages its groups claim
   */
  readonly managedWith?: string;
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
   * The Grafana these settings are for: `grafanaUrl` must be its URL (for a Cloud stack, its own
   * host or its custom domain). On a Grafana Cloud stack, paths on the Grafana server
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
   * Grafana's SP signing key pair (references to sensitive values, or paths on a self-hosted
   * Grafana). Required: Grafana's SAML options list the certificate and key as required, and
   * `grafana_sso_settings` is authoritative, so settings without them would remove a working pair
   * on the next apply. `"managed-elsewhere"` opts out explicitly ({@link SamlSigning}). A literal
   * `privateKey` is refused: it would be written in clear into the synthesized configuration.
   */
  readonly signing: SamlSigning;
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
   * that differs would leave every SAML login without its SCIM user. Spreading its
   * `grafanaSamlSettings` into these props sets it, with the values that agree with it.
   * @default not checked against an identity provider
   */
  readonly identityProvider?: ISamlIdentityProvider;
  /**
   * Any further `saml_settings` attribute that no prop above sets (e.g. `singleLogout`,
   * `autoLogin`, `relayState`). An attribute a prop sets (`allowSignUp`,
   * `assertionAttributeExternalUid`, the signing key pair, role sync, …) is refused here, naming
   * the prop to use: the props are validated, and a value here would bypass that. A literal
   * string with a template sequence (`${`, `%{`) is refused, and so is a literal `clientSecret`
   * (pass a reference to a sensitive value).
   * @default none
   */
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
    if (props.signing === undefined) {
      throw new ConfigurationError(
        "signing",
        "is required: Grafana's SAML needs its SP certificate and private key, and grafana_sso_settings is authoritative, so settings without them " +
          'would remove a working pair on the next apply. Pass the pair (references to sensitive variables, or paths on a self-hosted Grafana), or "managed-elsewhere" to opt out',
      );
    }
    if (!signingShapeOk(props.signing)) {
      throw new ConfigurationError(
        "signing",
        `must be { certificate, privateKey } (references to sensitive values), { certificatePath, privateKeyPath } or "managed-elsewhere" (got ${typeof props.signing === "string" ? JSON.stringify(props.signing) : "another value"})`,
      );
    }
    if (typeof props.grafanaUrl !== "string") throw new ConfigurationError("grafanaUrl", "is required: Grafana's root URL, e.g. https://grafana.example.com");
    const literal = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);
    if (literal(props.grafanaUrl)) assertValid("grafanaUrl", rootUrlProblem(props.grafanaUrl));
    if (props.instance !== undefined) {
      const instance = props.instance;
      mapConfigurationErrors(prefixedFields("instance"), () => validateGrafanaInstance(instance));
      // The names the instance's Grafana answers on (organization.ts); grafanaUrl must be one of them.
      const instanceKeys = grafanaOrganizationKeys(instance).filter((key) => key.startsWith("https://"));
      const urlKey = grafanaUrlOrganizationKeys(props.grafanaUrl)[0];
      if (urlKey !== undefined && instanceKeys.length > 0 && !instanceKeys.includes(urlKey)) {
        throw new ConfigurationError("grafanaUrl", `is not the Grafana of instance (${instanceKeys.map((key) => key.replace(/ organization \d+$/, "")).join(" or ")}): the SAML settings would carry another Grafana's URLs`);
      }
    }
    if (literal(props.idpMetadataUrl)) assertValid("idpMetadataUrl", httpsUrlProblem(props.idpMetadataUrl));
    for (const [field, value] of plainTextProps(props)) if (literal(value)) assertValid(field, plainTextProblem(value));
    if (typeof props.signing === "object" && "privateKey" in props.signing && !Token.isUnresolved(props.signing.privateKey)) {
      throw new ConfigurationError(
        "signing.privateKey",
        "must be a reference to a sensitive value (e.g. a sensitive TerraformVariable's stringValue), never a literal: a literal is written in clear into the synthesized configuration",
      );
    }
    if (props.instance?.kind === "cloud") {
      const signingFromPaths = typeof props.signing === "object" && "certificatePath" in props.signing;
      const problem = cloudServerPathProblems(
        { ...(props.idpMetadataPath === undefined ? {} : { idpMetadataPath: props.idpMetadataPath }), signingFromPaths },
        { signing: "pass the certificate and key as values (references to sensitive variables)" },
      )[0];
      if (problem) throw new ConfigurationError(problem.field, problem.problem);
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
    const extra = extraSettingsProblem(props.extraSettings ?? {});
    if (extra) throw new ConfigurationError(extra.field, extra.problem);
    const roleSync: SamlRoleSyncOptions = props;
    // Before roleSyncProblems: for a claim of object ids, its advice on a value with a space (a group name without one) would be wrong.
    const objectIdClaim = groupObjectIdClaim(idp);
    const objectIdProblem = objectIdClaim && groupObjectIdProblems(roleSync, objectIdClaim)[0];
    if (objectIdProblem) throw new ConfigurationError(objectIdProblem.field, objectIdProblem.problem);
    const roleSyncProblem = roleSyncProblems(roleSync)[0];
    if (roleSyncProblem) throw new ConfigurationError(roleSyncProblem.field, roleSyncProblem.problem + groupsClaimHint(idp, roleSyncProblem.field));
    const unsent = unsentGroupsClaimProblem(idp, roleSync);
    if (unsent) throw new ConfigurationError(unsent.field, unsent.problem);
    this.entityId = props.entityId ?? samlEntityId(props.grafanaUrl);

    const samlSettings: SsoSettingsSamlSettings = {
      // First: an attribute a prop sets is refused above, and one left undefined here must not unset the prop's value.
      ...props.extraSettings,
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
    };
    this.settings = new SsoSettings(this, "settings", { providerName: "saml", samlSettings, provider: props.provider });
    // grafana_sso_settings is one per instance (organization.ts): one GrafanaSamlSettings per Grafana in an app (references are not compared).
    const keys = [...(props.instance ? grafanaOrganizationKeys(props.instance) : []), ...grafanaUrlOrganizationKeys(props.grafanaUrl)];
    const owner = claimOrganization(this, "saml", keys);
    if (owner) {
      throw new ConfigurationError(
        props.instance ? "instance" : "grafanaUrl",
        sharedOrganizationProblem(
          `${owner.owner.constructor.name} "${owner.owner.node.path}"`,
          owner.key,
          "its SAML settings (grafana_sso_settings) are",
          "Keep one GrafanaSamlSettings per Grafana organization",
        ),
      );
    }
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

/**
 * The `saml_settings` attributes the construct sets itself, each with the prop that sets it (`""`:
 * none, the construct decides). `extraSettings` must not hold them: a value there would replace the
 * validated prop's (or, undefined, unset it).
 */
export const SAML_SETTINGS_FROM_PROPS: Readonly<Partial<Record<keyof SsoSettingsSamlSettings, string>>> = {
  enabled: "",
  name: "displayName",
  entityId: "entityId",
  idpMetadataUrl: "idpMetadataUrl",
  idpMetadataPath: "idpMetadataPath",
  idpMetadata: "",
  assertionAttributeExternalUid: "assertionAttributeExternalUid",
  assertionAttributeLogin: "assertionAttributeLogin",
  assertionAttributeEmail: "assertionAttributeEmail",
  assertionAttributeName: "assertionAttributeName",
  assertionAttributeGroups: "assertionAttributeGroups",
  assertionAttributeRole: "assertionAttributeRole",
  assertionAttributeOrg: "assertionAttributeOrg",
  nameIdFormat: "nameIdFormat",
  signatureAlgorithm: "signatureAlgorithm",
  allowSignUp: "allowSignUp",
  allowIdpInitiated: "allowIdpInitiated",
  certificate: "signing",
  privateKey: "signing",
  certificatePath: "signing",
  privateKeyPath: "signing",
  roleValuesNone: "roleValues.none",
  roleValuesViewer: "roleValues.viewer",
  roleValuesEditor: "roleValues.editor",
  roleValuesAdmin: "roleValues.admin",
  roleValuesGrafanaAdmin: "roleValues.grafanaAdmin",
  skipOrgRoleSync: "skipOrgRoleSync",
  orgMapping: "orgMapping",
  allowedOrganizations: "allowedOrganizations",
};

/**
 * The first attribute of `extra` (set, not `undefined`) that a prop of {@link GrafanaSamlSettings} sets, as a problem naming that prop;
 * else the first literal string with a template sequence, a literal `clientSecret`, or a `tokenUrl` that is no https URL with a plain host. Pure.
 */
export function extraSettingsProblem(extra: Partial<SsoSettingsSamlSettings>): { field: string; problem: string } | undefined {
  for (const [key, value] of Object.entries(extra)) {
    const prop = Object.prototype.hasOwnProperty.call(SAML_SETTINGS_FROM_PROPS, key) ? SAML_SETTINGS_FROM_PROPS[key as keyof SsoSettingsSamlSettings] : undefined;
    if (value === undefined || prop === undefined) continue;
    const field = `extraSettings.${key}`;
    if (key === "enabled") return { field, problem: "is always true: SAML is on while GrafanaSamlSettings exists (remove the construct to stop managing Grafana's SAML settings)" };
    if (key === "idpMetadata") return { field, problem: "would be a second metadata source: set exactly one of idpMetadataUrl or idpMetadataPath" };
    return { field, problem: `is set by the prop ${prop}: use it instead. extraSettings takes only attributes no prop sets (a value here would win over the prop and skip its checks)` };
  }
  for (const [key, value] of Object.entries(extra)) {
    if (typeof value !== "string" || Token.isUnresolved(value)) continue;
    const field = `extraSettings.${key}`;
    if (key === "clientSecret") return { field, problem: "must be a reference to a sensitive value (e.g. a sensitive TerraformVariable's stringValue), never a literal: a literal is written in clear into the synthesized configuration" };
    // Grafana posts the client credentials to tokenUrl: the rules of every URL this package writes.
    const problem = key === "tokenUrl" ? httpsUrlProblem(value) : templateSequenceProblem(value);
    if (problem) return { field, problem };
  }
  return undefined;
}

/**
 * What to add to a role sync problem of `field` (a role or org attribute without a value) when the
 * identity provider manages a groups claim it does not (surely) send: the option that sends it.
 */
export function groupsClaimHint(idp: ISamlIdentityProvider | undefined, field: string): string {
  const claim = idp?.groupsClaim;
  if (claim === undefined || claim.sent === true || (field !== "assertionAttributeRole" && field !== "assertionAttributeOrg")) return "";
  return `. ${idp!.constructor.name} "${idp!.node.path}" sends groups in "${claim.name}" only with ${claim.sentWith}`;
}

/**
 * A Grafana setting that reads the groups claim an identity provider is set not to send
 * (`groupsClaim.sent` false), or undefined: the groups attribute and the role and org attributes
 * in effect. Role sync reading a claim that never comes gives every user Grafana's default role.
 */
export function unsentGroupsClaimProblem(idp: ISamlIdentityProvider | undefined, options: SamlRoleSyncOptions): { field: string; problem: string } | undefined {
  const claim = idp?.groupsClaim;
  if (claim === undefined || claim.sent !== false) return undefined;
  const field = settingReadingClaim(options, claim.name);
  if (field === undefined) return undefined;
  return {
    field,
    problem:
      `reads "${claim.name}", which ${idp!.constructor.name} "${idp!.node.path}" is set not to send: ` +
      `role and org mapping would find no groups and give every user Grafana's default role. Set ${claim.sentWith}, or stop reading it`,
  };
}

/**
 * The identity provider's groups claim as {@link groupObjectIdProblems} checks it, when it is sent
 * (`sent` true) and its values are object ids; otherwise undefined (nothing to check). Pure.
 */
export function groupObjectIdClaim(idp: ISamlIdentityProvider | undefined): GroupObjectIdClaim | undefined {
  const claim = idp?.groupsClaim;
  if (claim === undefined || claim.sent !== true || claim.values !== "object-ids") return undefined;
  return {
    name: claim.name,
    sender: `${idp!.constructor.name} "${idp!.node.path}"`,
    managedWith: claim.managedWith ?? `the option of ${idp!.constructor.name} that manages its groups claim`,
  };
}

/**
 * The props of {@link GrafanaSamlSettings} written into `saml_settings` as plain text, by prop
 * name: none may be blank or hold a template sequence (an environment file's format refuses both
 * before; an app passes them straight in). Pure.
 */
function plainTextProps(props: GrafanaSamlSettingsProps): Array<[string, string | undefined]> {
  const paths = typeof props.signing === "object" && "certificatePath" in props.signing ? props.signing : undefined;
  return [
    ["entityId", props.entityId],
    ["displayName", props.displayName],
    ["idpMetadataPath", props.idpMetadataPath],
    ["assertionAttributeExternalUid", props.assertionAttributeExternalUid],
    ["assertionAttributeLogin", props.assertionAttributeLogin],
    ["assertionAttributeEmail", props.assertionAttributeEmail],
    ["assertionAttributeName", props.assertionAttributeName],
    ["assertionAttributeGroups", props.assertionAttributeGroups],
    ["assertionAttributeRole", props.assertionAttributeRole],
    ["assertionAttributeOrg", props.assertionAttributeOrg],
    ["nameIdFormat", props.nameIdFormat],
    ["signing.certificatePath", paths?.certificatePath],
    ["signing.privateKeyPath", paths?.privateKeyPath],
  ];
}

/** Whether `signing` is one of the forms {@link SamlSigning} allows (a JavaScript caller may pass anything). Pure. */
function signingShapeOk(signing: unknown): boolean {
  if (signing === "managed-elsewhere") return true;
  if (typeof signing !== "object" || signing === null) return false;
  const pair = signing as Record<string, unknown>;
  const strings = (...keys: string[]) => keys.every((key) => typeof pair[key] === "string");
  return strings("certificate", "privateKey") || strings("certificatePath", "privateKeyPath");
}

function signingSettings(signing: SamlSigning): Partial<SsoSettingsSamlSettings> {
  if (signing === "managed-elsewhere") return {};
  if ("certificate" in signing) return { certificate: signing.certificate, privateKey: signing.privateKey };
  return { certificatePath: signing.certificatePath, privateKeyPath: signing.privateKeyPath };
}
