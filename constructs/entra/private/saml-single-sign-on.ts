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
import { ResourceAction } from "../../../.gen/providers/msgraph/resource-action";
import { assertValid, ConfigurationError } from "../../errors";
import { lazyAddress, lazyExpression } from "../../private/terraform/address";
import { requireTerraformVersion } from "../../terraform-version";
import type { IGrafanaScim } from "../../grafana/grafana-scim";
import { DEFAULT_EXTERNAL_UID_ATTRIBUTE, samlAcsUrl, samlEntityId } from "../../grafana/saml-urls";
import { markChangeReview } from "../../change-review";
import type { EntraEnterpriseApp } from "./enterprise-app";
import { userClaimsMappingPolicy } from "../entra-ids";
import { identifierUriImportId, IMPORT_ID_EXPRESSION_VERSION, redirectUrisImportId, tokenSigningCertificateImportId } from "../import-ids";
import type { IdentityProviderSamlClaims } from "../../grafana/saml-settings";
import {
  entraGrafanaSamlSettings,
  entraIdentifierUriProblem,
  entraGroupClaimsProblem,
  entraGroupsClaimSent,
  entraPolicyClaimNameProblems,
  externalUidClaimsSent,
  grafanaUserClaims,
  groupMembershipClaimsBody,
  type EntraExternalUidClaim,
  type EntraGroupClaims,
  type EntraSamlClaimNames,
} from "../saml-claims";
import { textCharacterProblem } from "../../plain-text";
import { templateSequenceProblem, terraformLiteral } from "../../template-escape";
import { importInto } from "../../private/terraform/import";

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
  /**
   * The claim names Grafana reads the login, email and display name from. With the `userUID`
   * claim, the claims mapping policy supersedes the app's Attributes & Claims and sends each user
   * property under these names; otherwise they are what the app's Attributes & Claims must send.
   * @default Entra's default claims
   */
  readonly claimNames?: EntraSamlClaimNames;
  /**
   * Which groups the SAML token's groups claim carries (the application's `groupMembershipClaims`);
   * see {@link EntraGroupClaims}. With `ApplicationGroup` or `SecurityGroup`,
   * `grafanaSamlSettings.assertionAttributeGroups` is Entra's groups claim (group object ids).
   * Removing it later leaves the application's value as it is: set `None` first to stop the claim.
   * @default not managed: the application's group claims stay as they are (none for a new app)
   */
  readonly groupClaims?: EntraGroupClaims;
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
 * becomes the active one in the same apply. Grafana must then verify responses with the new key,
 * which it finds in the federation metadata: Grafana's docs say the IdP's certificate in its
 * metadata is "refreshed as needed by Grafana automatically" (grafana/grafana,
 * `docs/sources/setup-grafana/configure-access/configure-authentication/saml/configure-saml-signing-encryption/_index.md`),
 * but not when; Grafana's SAML is Enterprise code that cannot be read here. Until it re-reads the
 * metadata, SAML logins may fail: a new certificate (first apply, a replace) is a key change to
 * schedule. The PATCH is an action: msgraph does not read it back, so a key made active by hand in
 * the portal is not detected; `terraform apply -replace` on the PATCH sets it again.
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
  readonly grafanaSamlSettings: IdentityProviderSamlClaims;
  /** The claim the groups are sent in: Entra's groups claim with `ApplicationGroup` or `SecurityGroup`, else undefined. */
  readonly groupsClaim?: string;
  /** `PATCH applications/{id}` with `groupMembershipClaims`, with `groupClaims`. */
  readonly groupClaimsAction?: ResourceAction;
  /** The groups the SAML token carries, when managed. */
  readonly groupClaims?: EntraGroupClaims;

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
      displayName: terraformLiteral(props.certificateDisplayName ?? `CN=${app.displayName}`),
      // A replacement is created, made active (the PATCH below), and only then is the old
      // certificate deleted: SAML sign-in never meets a service principal without a signing key.
      // display_name forces a new certificate in azuread, and an imported one (adoption) has the
      // name Entra gave it: a name alone must never change the key SAML responses are signed with.
      lifecycle: { createBeforeDestroy: true, ignoreChanges: ["display_name"] },
      dependsOn: inSamlMode,
      provider,
    });
    this.activateSigningCertificate = new ResourceAction(this, "activate-signing-certificate", {
      resourceUrl: `servicePrincipals/${app.servicePrincipalObjectId}`,
      method: "PATCH",
      body: { preferredTokenSigningKeyThumbprint: this.signingCertificate.thumbprint },
      lifecycle: {
        precondition: [
          {
            // azuread derives the thumbprint from the key credential's public key, and sets "" when
            // the credential has none (service_principal_token_signing_certificate_resource.go,
            // Read): an adopted key id of another entry must never make "" the active key.
            condition: lazyExpression(this.signingCertificate, (cert) => `${cert}.thumbprint != ""`),
            errorMessage:
              "The token-signing certificate has no thumbprint, so it cannot be made the active key. An adopted certificate must be " +
              "given by the keyId of its Verify key credential (GET servicePrincipals/{id}?$select=keyCredentials).",
          },
        ],
      },
      dependsOn: inSamlMode,
      provider: props.msgraphProvider,
    });
    markChangeReview(this.activateSigningCertificate, { purpose: "entra-activate-signing-certificate" });
    const names = props.claimNames ?? {};
    if (claim === "userUID") {
      // The policy sends one user property under each name Grafana reads: they must be distinct.
      const problem = entraPolicyClaimNameProblems(names, externalUidClaimsSent(claim))[0];
      if (problem) throw new ConfigurationError(`claimNames.${problem.field}`, problem.problem);
    } else {
      for (const field of ["login", "email", "name"] as const) assertValid(`claimNames.${field}`, templateSequenceProblem(names[field] ?? ""));
    }
    for (const field of ["login", "email", "name"] as const) {
      const name = names[field];
      if (name !== undefined) assertValid(`claimNames.${field}`, textCharacterProblem(name));
    }
    assertValid("groupClaims", entraGroupClaimsProblem(props.groupClaims, claim));
    this.groupClaims = props.groupClaims;
    this.grafanaSamlSettings = entraGrafanaSamlSettings(props.tenantId, app.clientId, claim, names, props.groupClaims);
    if (props.groupClaims !== undefined) {
      // The groups claim is the application's groupMembershipClaims (azuread's
      // application_from_template has no attribute for it), set like the active signing key: a
      // Graph PATCH through msgraph_resource_action. Its create and every update of the body run
      // the PATCH; its delete calls nothing and its read reads nothing
      // (ms-henglu/terraform-provider-msgraph v0.2.0, internal/services/msgraph_resource_action.go,
      // Create, Update, Read and Delete): removing the option leaves the value as it is, so
      // "None" is how group claims are turned off. A value changed by hand in the portal is not
      // detected; `terraform apply -replace` on this action sets it again. The application exists
      // once its object id is known; the PATCH also waits for the service principal's SAML mode,
      // like every piece of single sign-on.
      this.groupClaimsAction = new ResourceAction(this, "group-claims", {
        resourceUrl: `applications/${app.applicationObjectId}`,
        method: "PATCH",
        body: groupMembershipClaimsBody(props.groupClaims),
        dependsOn: inSamlMode,
        provider: props.msgraphProvider,
      });
      markChangeReview(this.groupClaimsAction, { purpose: "entra-group-claims", application: lazyAddress(app.app) });
    }
    this.groupsClaim = entraGroupsClaimSent(props.groupClaims);
    if (claim === "userUID") {
      this.claimsPolicy = new ClaimsMappingPolicy(this, "claims-policy", {
        displayName: terraformLiteral(`${app.displayName} - ${DEFAULT_EXTERNAL_UID_ATTRIBUTE} from objectid`),
        // Every claim Grafana reads is listed under the name Grafana reads it by (its settings,
        // including names the caller chose), not left to the basic claim set: the policy replaces
        // the portal's claims configuration.
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

  /**
   * Imports what an app set up for SAML by hand already has, instead of creating it: azuread
   * refuses to create an identifier URI the application has, or reply URLs of a type it has
   * (`ResourceRequiresImport`: azuread v3.7.0 `internal/services/applications/application_identifier_uri_resource.go`
   * and `application_redirect_uris_resource.go`, Create). With `basicSamlConfiguration`, the
   * identifier URI `entityId` (which must be the app's, else the import finds nothing) and the Web
   * reply URLs (replaced by Grafana's ACS on apply) are imported; with `signingCertificateKeyId`,
   * the token-signing certificate, so the key SAML responses are signed with does not change.
   */
  importExisting(applicationObjectId: string, servicePrincipalObjectId: string, existing: { readonly basicSamlConfiguration: boolean; readonly signingCertificateKeyId?: string }): void {
    if (existing.basicSamlConfiguration) {
      if (Token.isUnresolved(this.entityId)) requireTerraformVersion(this, IMPORT_ID_EXPRESSION_VERSION);
      importInto(this.identifierUri, identifierUriImportId(applicationObjectId, this.entityId));
      importInto(this.redirectUris, redirectUrisImportId(applicationObjectId, "Web"));
    }
    if (existing.signingCertificateKeyId !== undefined) {
      importInto(this.signingCertificate, tokenSigningCertificateImportId(servicePrincipalObjectId, existing.signingCertificateKeyId));
    }
  }
}
