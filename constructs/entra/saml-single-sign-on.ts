/**
 * SAML single sign-on on the enterprise app, aligned with SCIM: Grafana's SP identifiers, a
 * token-signing certificate made the active one, and the claim that carries the user's object id
 * (SCIM's externalId).
 */
import { ApplicationIdentifierUri } from "@cdktf/provider-azuread/lib/application-identifier-uri";
import { ApplicationRedirectUris } from "@cdktf/provider-azuread/lib/application-redirect-uris";
import { ClaimsMappingPolicy } from "@cdktf/provider-azuread/lib/claims-mapping-policy";
import { ServicePrincipalClaimsMappingPolicyAssignment } from "@cdktf/provider-azuread/lib/service-principal-claims-mapping-policy-assignment";
import { ServicePrincipalTokenSigningCertificate } from "@cdktf/provider-azuread/lib/service-principal-token-signing-certificate";
import { TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { ResourceAction } from "../../.gen/providers/msgraph/resource-action";
import { ConfigurationError } from "../errors";
import type { GrafanaScim } from "../grafana/grafana-scim";
import { DEFAULT_EXTERNAL_UID_ATTRIBUTE, samlAcsUrl, samlEntityId } from "../grafana/saml-urls";
import { markChangeReview } from "../terraform/change-review";
import type { EntraEnterpriseApp } from "./enterprise-app";
import { DISPLAY_NAME_CLAIM, EMAIL_CLAIM, federationMetadataUrl, OBJECT_ID_CLAIM, UPN_CLAIM, userClaimsMappingPolicy, type UserClaim } from "./entra-ids";

/**
 * Which SAML claim carries the user's object id, the value Grafana links a SAML login to the SCIM
 * user by (`assertion_attribute_external_uid`).
 * - `objectidentifier` (the default): Entra's built-in
 *   `http://schemas.microsoft.com/identity/claims/objectidentifier`, sent to members and guests
 *   alike. It is in the restricted SAML claim set, so no policy can change or drop it, and none is
 *   needed (nor `Policy.ReadWrite.ApplicationConfiguration`). Grafana is told its name.
 * - `userUID`: Grafana's default attribute name, added by a claims mapping policy. **Guests cannot
 *   sign in with it**: Microsoft's claims mapping policy reference
 *   (https://learn.microsoft.com/entra/identity-platform/reference-claims-mapping-policy-type)
 *   says a policy is not applied to guest users, so a guest gets a SCIM account but no `userUID`
 *   claim, and Grafana cannot link the login. Choose it only for a tenant without guests.
 */
export type EntraExternalUidClaim = "userUID" | "objectidentifier";

/** Props of {@link EntraSamlSingleSignOn}. */
export interface EntraSamlSingleSignOnProps {
  /** The enterprise application; its service principal must be managed with single sign-on mode `saml`. */
  readonly app: EntraEnterpriseApp;
  /** The Grafana side: its root URL gives the SP entity id and ACS URL. */
  readonly grafana: GrafanaScim;
  /** The Entra tenant id (for the federation metadata URL). */
  readonly tenantId: string;
  /** The claim that carries the object id; see {@link EntraExternalUidClaim} (`userUID` does not reach guests). @default "objectidentifier" */
  readonly externalUidClaim?: EntraExternalUidClaim;
  /**
   * Grafana's SAML entity id, set as the app's identifier (the audience Entra asserts). Must be
   * what Grafana's SAML settings use (`entity_id`).
   * @default `<grafana url>/saml/metadata`, Grafana's default
   */
  readonly entityId?: string;
  /** Subject of the token-signing certificate. @default "CN=<app display name>" */
  readonly certificateDisplayName?: string;
  /** The azuread provider. @default the stack's default */
  readonly provider?: TerraformProvider;
  /** The microsoft/msgraph provider (activates the signing certificate). @default the stack's default */
  readonly msgraphProvider?: TerraformProvider;
}

/** Grafana SAML settings that agree with what this app sends. */
export interface EntraSamlAttributes {
  readonly idpMetadataUrl: string;
  readonly assertionAttributeExternalUid: string;
  readonly assertionAttributeLogin: string;
  readonly assertionAttributeEmail: string;
  readonly assertionAttributeName: string;
}

/**
 * Identifier URI (Grafana's entity id), reply URL (Grafana's ACS), a token-signing certificate
 * that Entra signs with, and, for the `userUID` claim only, a claims mapping policy assigned to
 * the service principal that sends every claim Grafana reads.
 *
 * Creating a token-signing certificate does not make Entra use it: the service principal's
 * `preferredTokenSigningKeyThumbprint` selects the active key, and azuread has no attribute for
 * it. A Graph `PATCH servicePrincipals/{id}` sets it to the certificate's thumbprint; it runs
 * again whenever the certificate is replaced (create before destroy), so a renewed certificate
 * becomes the active one in the same apply (Grafana reads the new key from the federation
 * metadata URL). The PATCH is an action: msgraph does not read it back, so a key made active by
 * hand in the portal is not detected; `terraform apply -replace` on the PATCH sets it again.
 */
export class EntraSamlSingleSignOn extends Construct {
  readonly identifierUri: ApplicationIdentifierUri;
  readonly redirectUris: ApplicationRedirectUris;
  readonly signingCertificate: ServicePrincipalTokenSigningCertificate;
  /** `PATCH servicePrincipals/{id}` with `preferredTokenSigningKeyThumbprint` = the certificate's thumbprint. */
  readonly activateSigningCertificate: ResourceAction;
  /** The identifier URI set on the app: Grafana's SAML entity id. */
  readonly entityId: string;
  /** The claims mapping policy, with the `userUID` claim. */
  readonly claimsPolicy?: ClaimsMappingPolicy;
  readonly claimsPolicyAssignment?: ServicePrincipalClaimsMappingPolicyAssignment;
  /** What Grafana's SAML settings must read. */
  readonly grafanaSamlAttributes: EntraSamlAttributes;

  constructor(scope: Construct, id: string, props: EntraSamlSingleSignOnProps) {
    super(scope, id);
    const { app, grafana, provider } = props;
    if (app.singleSignOnMode !== "saml") {
      throw new ConfigurationError("identityProvider.singleSignOn", "needs the enterprise app's service principal managed with single sign-on mode saml");
    }
    const claim = props.externalUidClaim ?? "objectidentifier";
    this.entityId = props.entityId ?? samlEntityId(grafana.grafanaUrl);
    const entityIdProblem = entraIdentifierUriProblem(this.entityId);
    if (entityIdProblem) throw new ConfigurationError("saml.entityId", entityIdProblem);

    // Every SAML piece waits for the service principal to be in SAML mode (its adoption, after the
    // replication wait), and takes the service principal's ids from after that wait.
    const inSamlMode = [app.servicePrincipal];
    this.identifierUri = new ApplicationIdentifierUri(this, "identifier-uri", {
      applicationId: app.applicationId,
      identifierUri: this.entityId,
      dependsOn: inSamlMode,
      provider,
    });
    this.redirectUris = new ApplicationRedirectUris(this, "reply-url", {
      applicationId: app.applicationId,
      type: "Web",
      redirectUris: [samlAcsUrl(grafana.grafanaUrl)],
      dependsOn: inSamlMode,
      provider,
    });
    this.signingCertificate = new ServicePrincipalTokenSigningCertificate(this, "signing-certificate", {
      servicePrincipalId: app.servicePrincipalId,
      displayName: props.certificateDisplayName ?? `CN=${app.displayName}`,
      // A replacement is created, made active (the PATCH below), and only then is the old
      // certificate deleted: SAML sign-in never meets a service principal without a signing key.
      lifecycle: { createBeforeDestroy: true },
      dependsOn: inSamlMode,
      provider,
    });
    this.activateSigningCertificate = new ResourceAction(this, "activate-signing-certificate", {
      resourceUrl: `servicePrincipals/${app.servicePrincipalObjectId}`,
      method: "PATCH",
      body: { preferredTokenSigningKeyThumbprint: this.signingCertificate.thumbprint },
      dependsOn: inSamlMode,
      provider: props.msgraphProvider,
    });
    markChangeReview(this.activateSigningCertificate, { purpose: "entra-activate-signing-certificate" });
    this.grafanaSamlAttributes = entraSamlAttributes(props.tenantId, app.clientId, claim);
    if (claim === "userUID") {
      this.claimsPolicy = new ClaimsMappingPolicy(this, "claims-policy", {
        displayName: `${app.displayName} - ${DEFAULT_EXTERNAL_UID_ATTRIBUTE} from objectid`,
        // Every claim Grafana reads is listed, not left to the basic claim set the policy replaces
        // the portal's claims configuration with.
        definition: [userClaimsMappingPolicy(grafanaUserClaims(this.grafanaSamlAttributes))],
        provider,
      });
      this.claimsPolicyAssignment = new ServicePrincipalClaimsMappingPolicyAssignment(this, "claims-policy-assignment", {
        claimsMappingPolicyId: this.claimsPolicy.id,
        servicePrincipalId: app.servicePrincipalId,
        dependsOn: inSamlMode,
        provider,
      });
    }
  }
}

/**
 * The user properties behind every claim Grafana's SAML settings read: login (user principal
 * name), email, name (display name) and the external UID (object id), each under the claim type
 * Grafana is told to read. Pure.
 */
export function grafanaUserClaims(attributes: EntraSamlAttributes): UserClaim[] {
  return [
    { id: "userprincipalname", samlClaimType: attributes.assertionAttributeLogin },
    { id: "mail", samlClaimType: attributes.assertionAttributeEmail },
    { id: "displayname", samlClaimType: attributes.assertionAttributeName },
    { id: "objectid", samlClaimType: attributes.assertionAttributeExternalUid },
  ];
}

/**
 * What Grafana's SAML settings must read for an app of `clientId`: its federation metadata URL and
 * the claims Entra sends, the object id in `claim` (the built-in `objectidentifier` when single
 * sign-on is not managed here). Pure.
 */
export function entraSamlAttributes(tenantId: string, clientId: string, claim: EntraExternalUidClaim): EntraSamlAttributes {
  return {
    idpMetadataUrl: federationMetadataUrl(tenantId, clientId),
    assertionAttributeExternalUid: claim === "userUID" ? DEFAULT_EXTERNAL_UID_ATTRIBUTE : OBJECT_ID_CLAIM,
    assertionAttributeLogin: UPN_CLAIM,
    assertionAttributeEmail: EMAIL_CLAIM,
    assertionAttributeName: DISPLAY_NAME_CLAIM,
  };
}

/**
 * Why `uri` cannot be an Entra application identifier URI, or undefined. Entra takes absolute
 * URIs (`https://…`, `api://…`, `urn:…`) without a fragment; Grafana's entity id is free text.
 */
export function entraIdentifierUriProblem(uri: string): string | undefined {
  if (Token.isUnresolved(uri)) return undefined;
  const example = "such as https://grafana.example.com/saml/metadata or urn:grafana:prod";
  const scheme = /^([a-z][a-z0-9+.-]*):\S+$/i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined || !ENTRA_IDENTIFIER_URI_SCHEMES.includes(scheme)) {
    return `must be an absolute URI with scheme ${ENTRA_IDENTIFIER_URI_SCHEMES.join(", ")} for Entra's identifier URI, ${example} (got "${uri}")`;
  }
  if (uri.includes("#")) return `must not contain a fragment (#) for Entra's identifier URI (got "${uri}")`;
  if (scheme !== "urn" && !/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+/i.test(uri)) return `must name a host after ${scheme}:// for Entra's identifier URI, ${example} (got "${uri}")`;
  return undefined;
}

/** The URI schemes Entra accepts in an application's identifier URIs. */
export const ENTRA_IDENTIFIER_URI_SCHEMES: readonly string[] = ["https", "http", "api", "urn", "ms-appx"];
