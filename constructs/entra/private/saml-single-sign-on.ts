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
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { ResourceAction } from "../../../.gen/providers/msgraph/resource-action";
import { ConfigurationError } from "../../errors";
import type { IGrafanaScim } from "../../grafana/grafana-scim";
import { DEFAULT_EXTERNAL_UID_ATTRIBUTE, samlAcsUrl, samlEntityId } from "../../grafana/saml-urls";
import { markChangeReview } from "../../change-review";
import type { EntraEnterpriseApp } from "./enterprise-app";
import { userClaimsMappingPolicy } from "../entra-ids";
import type { IdentityProviderSamlSettings } from "../../grafana/saml-settings";
import { entraGrafanaSamlSettings, entraIdentifierUriProblem, grafanaUserClaims, type EntraExternalUidClaim } from "../saml-claims";

/** Props of {@link EntraSamlSingleSignOn}. */
export interface EntraSamlSingleSignOnProps {
  /** The enterprise application; its service principal must be managed with single sign-on mode `saml`. */
  readonly app: EntraEnterpriseApp;
  /** The Grafana side: its root URL gives the SP entity id and ACS URL. */
  readonly grafana: IGrafanaScim;
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
  /** The Grafana SAML settings that agree with what this app sends. */
  readonly grafanaSamlSettings: IdentityProviderSamlSettings;

  constructor(scope: Construct, id: string, props: EntraSamlSingleSignOnProps) {
    super(scope, id);
    const { app, grafana, provider } = props;
    if (app.singleSignOnMode !== "saml") {
      throw new ConfigurationError("app", "needs the enterprise app's service principal managed with single sign-on mode saml");
    }
    const claim = props.externalUidClaim ?? "objectidentifier";
    this.entityId = props.entityId ?? samlEntityId(grafana.grafanaUrl);
    const entityIdProblem = entraIdentifierUriProblem(this.entityId);
    if (entityIdProblem) throw new ConfigurationError("entityId", entityIdProblem);

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
    this.grafanaSamlSettings = entraGrafanaSamlSettings(props.tenantId, app.clientId, claim);
    if (claim === "userUID") {
      this.claimsPolicy = new ClaimsMappingPolicy(this, "claims-policy", {
        displayName: `${app.displayName} - ${DEFAULT_EXTERNAL_UID_ATTRIBUTE} from objectid`,
        // Every claim Grafana reads is listed, not left to the basic claim set the policy replaces
        // the portal's claims configuration with.
        definition: [userClaimsMappingPolicy(grafanaUserClaims(this.grafanaSamlSettings))],
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
