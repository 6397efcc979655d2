/**
 * What the Okta SAML app sends Grafana: the NameID and the attribute statements, as pure
 * functions of the attribute names Grafana reads. Values are Okta expressions as Okta receives
 * them (unescaped); the construct escapes them for Terraform.
 */
import { textCharacterProblem } from "../plain-text";
import type { AppSamlAttributeStatements } from "@cdktf/provider-okta/lib/app-saml";
import { DEFAULT_EXTERNAL_UID_ATTRIBUTE } from "../grafana/saml-urls";

/** Default label of the Grafana SAML app in Okta. */
export const DEFAULT_APP_LABEL = "Grafana";

/**
 * The Okta expression for the user's immutable Okta id: what Okta's SCIM client sends as
 * `externalId`, so the SAML claim carrying it lets Grafana link a login to the SCIM user.
 */
export const OKTA_USER_ID_EXPRESSION = 'user.getInternalProperty("id")';

/** NameID formats an Okta SAML app can send, by the name Okta's admin console shows. */
export const NAME_ID_FORMATS = {
  unspecified: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
  emailAddress: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
  persistent: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
  transient: "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
  x509SubjectName: "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName",
} as const;

/** A key of {@link NAME_ID_FORMATS}. */
export type NameIdFormat = keyof typeof NAME_ID_FORMATS;

/**
 * The NameID format the app sends unless told otherwise: Okta's default for a new SAML app,
 * which Grafana's Okta guide keeps. Grafana links users by the `userUID` claim, not the NameID.
 */
export const DEFAULT_NAME_ID_FORMAT: NameIdFormat = "unspecified";

/** The NameID format whose URN is `urn`, or `undefined` for a URN Okta does not offer. */
export function nameIdFormatOf(urn: string): NameIdFormat | undefined {
  return (Object.keys(NAME_ID_FORMATS) as NameIdFormat[]).find((k) => NAME_ID_FORMATS[k] === urn);
}

/**
 * The NameID template (an Okta expression) for `format`: the user's email for `emailAddress`,
 * else the Okta username (Okta's default, `${user.userName}`).
 */
export function defaultNameIdTemplate(format: NameIdFormat): string {
  return format === "emailAddress" ? "${user.email}" : "${user.userName}";
}

/** Authentication context class the app asserts unless told otherwise. */
export const DEFAULT_AUTHN_CONTEXT_CLASS_REF = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";

/** The SAML attribute names Grafana reads (its `assertion_attribute_*` settings). */
export interface GrafanaSamlAttributeNames {
  /** Carries the Okta user id (SCIM `externalId`). Grafana: `assertion_attribute_external_uid`. */
  readonly externalUid: string;
  /** Carries the login. Grafana: `assertion_attribute_login`. */
  readonly login: string;
  /** Carries the email. Grafana: `assertion_attribute_email`. */
  readonly email: string;
  /** Carries the display name. Grafana: `assertion_attribute_name`. */
  readonly name: string;
}

/** The names this package uses unless the environment's `saml` section says otherwise (Grafana's Okta guide uses the last three). */
export const DEFAULT_SAML_ATTRIBUTE_NAMES: GrafanaSamlAttributeNames = {
  externalUid: DEFAULT_EXTERNAL_UID_ATTRIBUTE,
  login: "Login",
  email: "Email",
  name: "DisplayName",
};

/** Default name of the groups statement. */
export const DEFAULT_GROUPS_ATTRIBUTE = "Group";

/** How Okta filters the groups it sends in a GROUP statement. */
export type GroupFilterType = "STARTS_WITH" | "EQUALS" | "CONTAINS" | "REGEX";

/** A GROUP attribute statement: the user's Okta groups that match the filter. */
export interface GroupsStatement {
  /** Attribute name. Grafana: `assertion_attribute_groups`. @default "Group" */
  readonly name?: string;
  /** @default "REGEX" */
  readonly filterType?: GroupFilterType;
  /** @default ".*" (every group of the user) */
  readonly filterValue?: string;
}

/** Okta expressions for each claim: the user's Okta id, login, email and "first last". */
export const ATTRIBUTE_VALUES: Readonly<Record<keyof GrafanaSamlAttributeNames, string>> = {
  externalUid: OKTA_USER_ID_EXPRESSION,
  login: "user.login",
  email: "user.email",
  name: 'user.firstName + " " + user.lastName',
};

/** Problems with a set of attribute names (field names relative to the names), or `[]`. */
export function attributeNameProblems(
  names: GrafanaSamlAttributeNames,
  groups?: string,
): Array<{ field: keyof GrafanaSamlAttributeNames | "groups"; problem: string }> {
  const all = [...(Object.entries(names) as Array<[keyof GrafanaSamlAttributeNames, string]>), ...(groups === undefined ? [] : [["groups", groups] as const])];
  const problems: Array<{ field: keyof GrafanaSamlAttributeNames | "groups"; problem: string }> = [];
  const seen = new Map<string, string>();
  for (const [field, name] of all) {
    const characters = textCharacterProblem(name);
    if (name.trim() === "") problems.push({ field, problem: "must not be empty" });
    else if (characters) problems.push({ field, problem: characters });
    else if (seen.has(name)) {
      problems.push({
        field,
        problem: `"${name}" is also the ${seen.get(name)} attribute; Okta sends one value per attribute name, so give each claim its own name`,
      });
    } else seen.set(name, field);
  }
  return problems;
}

/**
 * The attribute statements, in a fixed order: external UID, login, email, display name, then the
 * groups statement when given. Values are Okta expressions, not yet escaped for Terraform.
 */
export function grafanaAttributeStatements(names: GrafanaSamlAttributeNames, groups?: GroupsStatement): AppSamlAttributeStatements[] {
  const keys: Array<keyof GrafanaSamlAttributeNames> = ["externalUid", "login", "email", "name"];
  const statements: AppSamlAttributeStatements[] = keys.map((key) => ({ name: names[key], type: "EXPRESSION", values: [ATTRIBUTE_VALUES[key]] }));
  if (groups) {
    statements.push({
      name: groups.name ?? DEFAULT_GROUPS_ATTRIBUTE,
      type: "GROUP",
      filterType: groups.filterType ?? "REGEX",
      filterValue: groups.filterValue ?? ".*",
    });
  }
  return statements;
}

/** How the Okta SAML app for Grafana is set up (`OktaGrafanaScim` props). */
export interface OktaSamlAppOptions {
  /** The app's label in Okta. @default "Grafana" */
  readonly label?: string;
  /**
   * The audience (Grafana's SAML entity id). Must equal Grafana's `entity_id`.
   * @default `<grafana url>/saml/metadata`, Grafana's default entity id
   */
  readonly audience?: string;
  /** The NameID format the app sends. @default "unspecified" (Okta's default) */
  readonly nameIdFormat?: NameIdFormat;
  /**
   * The NameID value, an Okta expression as Okta receives it (escaped for Terraform here).
   * @default `${user.email}` for "emailAddress", else `${user.userName}`
   */
  readonly nameIdTemplate?: string;
  /** The authentication context class asserted. @default PasswordProtectedTransport */
  readonly authnContextClassRef?: string;
  /**
   * The claim names; each must match Grafana's `assertion_attribute_*` setting.
   * @default userUID, Login, Email, DisplayName
   */
  readonly attributeNames?: Partial<GrafanaSamlAttributeNames>;
  /** A GROUP statement with the user's groups. @default none */
  readonly groupsStatement?: GroupsStatement;
}
