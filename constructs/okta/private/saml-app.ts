/**
 * Okta's side of Grafana SAML sign-in: a custom (App Integration Wizard) `okta_app_saml` that
 * posts signed responses and assertions to Grafana's ACS and sends the claims Grafana reads,
 * including `userUID` = the Okta user id that SCIM sends as `externalId`.
 */
import { AppSaml, type AppSamlAttributeStatements } from "@cdktf/provider-okta/lib/app-saml";
import type { OktaProvider } from "@cdktf/provider-okta/lib/provider";
import { Construct } from "constructs";
import type { IGrafanaScim } from "../../grafana/grafana-scim";
import type { IdentityProviderSamlClaims } from "../../grafana/saml-settings";
import { samlAcsUrl, samlEntityId } from "../../grafana/saml-urls";
import { assertValid, ConfigurationError } from "../../errors";
import { textCharacterProblem } from "../../plain-text";
import { terraformLiteral as literal } from "./escape";
import {
  DEFAULT_APP_LABEL,
  DEFAULT_AUTHN_CONTEXT_CLASS_REF,
  DEFAULT_GROUPS_ATTRIBUTE,
  DEFAULT_NAME_ID_FORMAT,
  DEFAULT_SAML_ATTRIBUTE_NAMES,
  NAME_ID_FORMATS,
  attributeNameProblems,
  defaultNameIdTemplate,
  grafanaAttributeStatements,
  type GrafanaSamlAttributeNames,
  type OktaSamlAppOptions,
} from "../saml-attributes";
import { importInto } from "../../private/terraform/import";

/** Props of {@link OktaSamlApp}. */
export interface OktaSamlAppProps extends OktaSamlAppOptions {
  /** The Grafana side; the app posts to its ACS URL. */
  readonly grafana: IGrafanaScim;
  /** The okta provider to use. @default the stack's default okta provider */
  readonly provider?: OktaProvider;
}

/**
 * A custom `okta_app_saml` for Grafana: ACS, recipient and destination `<grafana>/saml/acs`,
 * audience Grafana's entity id, signed response and assertion (RSA-SHA256, SHA-256), the NameID
 * and the attribute statements Grafana reads; active, and assigned explicitly (no implicit
 * assignment) because Okta provisions only assigned users.
 */
export class OktaSamlApp extends Construct {
  /** The SAML app resource. */
  readonly app: AppSaml;
  /** The label in Okta (literal). */
  readonly label: string;
  /** The audience, which is Grafana's entity id. */
  readonly entityId: string;
  /** The claim names the app sends. */
  readonly attributeNames: GrafanaSamlAttributeNames;
  /** The groups claim name, when the app sends groups. */
  readonly groupsAttribute?: string;
  /** The NameID format URN the app sends. */
  readonly nameIdFormat: string;

  constructor(scope: Construct, id: string, props: OktaSamlAppProps) {
    super(scope, id);
    this.label = props.label ?? DEFAULT_APP_LABEL;
    if (this.label.trim() === "") throw new ConfigurationError("label", "must not be empty");
    assertValid("label", textCharacterProblem(this.label));
    this.attributeNames = { ...DEFAULT_SAML_ATTRIBUTE_NAMES, ...props.attributeNames };
    this.groupsAttribute = props.groupsStatement ? (props.groupsStatement.name ?? DEFAULT_GROUPS_ATTRIBUTE) : undefined;
    const nameProblem = attributeNameProblems(this.attributeNames, this.groupsAttribute)[0];
    if (nameProblem) {
      const field = nameProblem.field === "groups" ? "groupsStatement.name" : `attributeNames.${nameProblem.field}`;
      throw new ConfigurationError(field, nameProblem.problem);
    }
    if (props.groupsStatement?.filterValue !== undefined && props.groupsStatement.filterValue.trim() === "") {
      throw new ConfigurationError("groupsStatement.filterValue", 'must not be empty; use ".*" with REGEX for every group');
    }
    const format = props.nameIdFormat ?? DEFAULT_NAME_ID_FORMAT;
    if (!(format in NAME_ID_FORMATS)) {
      throw new ConfigurationError("nameIdFormat", `must be one of ${Object.keys(NAME_ID_FORMATS).join(", ")} (got "${format}")`);
    }
    this.nameIdFormat = NAME_ID_FORMATS[format];
    const nameIdTemplate = props.nameIdTemplate ?? defaultNameIdTemplate(format);
    if (nameIdTemplate.trim() === "") throw new ConfigurationError("nameIdTemplate", "must not be empty");
    this.entityId = props.audience ?? samlEntityId(props.grafana.grafanaUrl);
    const acs = samlAcsUrl(props.grafana.grafanaUrl);

    this.app = new AppSaml(this, "app", {
      label: literal(this.label),
      status: "ACTIVE",
      ssoUrl: literal(acs),
      recipient: literal(acs),
      destination: literal(acs),
      audience: literal(this.entityId),
      subjectNameIdFormat: this.nameIdFormat,
      subjectNameIdTemplate: literal(nameIdTemplate),
      responseSigned: true,
      assertionSigned: true,
      signatureAlgorithm: "RSA_SHA256",
      digestAlgorithm: "SHA256",
      authnContextClassRef: literal(props.authnContextClassRef ?? DEFAULT_AUTHN_CONTEXT_CLASS_REF),
      implicitAssignment: false,
      attributeStatements: grafanaAttributeStatements(this.attributeNames, props.groupsStatement && { ...props.groupsStatement, name: this.groupsAttribute }).map(escapeStatement),
      provider: props.provider,
    });
  }

  /** The app id. */
  get appId(): string {
    return this.app.id;
  }

  /** Imports the existing app `appId` instead of creating it (a Terraform `import` block; okta 4.20.0 imports apps by id). */
  importExisting(appId: string): void {
    importInto(this.app, appId);
  }

  /** The app's SAML metadata URL, for Grafana's `idp_metadata_url`. */
  get metadataUrl(): string {
    return this.app.metadataUrl;
  }

  /** The Grafana SAML settings that agree with what this app sends: metadata URL, entity id, NameID format, claim names. */
  get grafanaSamlSettings(): IdentityProviderSamlClaims {
    return {
      idpMetadataUrl: this.metadataUrl,
      entityId: this.entityId,
      nameIdFormat: this.nameIdFormat,
      assertionAttributeExternalUid: this.attributeNames.externalUid,
      assertionAttributeLogin: this.attributeNames.login,
      assertionAttributeEmail: this.attributeNames.email,
      assertionAttributeName: this.attributeNames.name,
      ...(this.groupsAttribute === undefined ? {} : { assertionAttributeGroups: this.groupsAttribute }),
    };
  }
}

function escapeStatement(statement: AppSamlAttributeStatements): AppSamlAttributeStatements {
  return {
    ...statement,
    name: literal(statement.name),
    ...(statement.values ? { values: statement.values.map(literal) } : {}),
    ...(statement.filterValue !== undefined ? { filterValue: literal(statement.filterValue) } : {}),
  };
}
