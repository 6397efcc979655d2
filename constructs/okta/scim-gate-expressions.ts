/**
 * HCL the SCIM enablement gate emits. Okta has no public API to switch on SCIM provisioning for a
 * custom SAML app (its `features` are read-only), so the gate reads the app's computed `features`
 * and reports what is missing. Pure functions of the app's resource address, so the exact text
 * can be evaluated by the Terraform CLI in tests.
 *
 * None of the expressions can fail: Terraform 1.11 evaluates both sides of `&&`/`||`, so anything
 * that may error on an unexpected value (null `features`) goes through `try(...)`.
 */
import { escapeTemplate } from "../template-escape";

/**
 * The features Okta lists on an app once SCIM provisioning is on and the To App switches
 * Create Users, Update User Attributes and Deactivate Users are enabled.
 */
export const REQUIRED_SCIM_FEATURES = ["SCIM_PROVISIONING", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION"] as const;

/**
 * The feature Okta lists once "Push Groups" is a supported provisioning action of the app. The
 * okta provider's recorded API responses show it beside the push features on an app with SCIM
 * provisioning (okta/terraform-provider-okta v6.12.0,
 * `test/fixtures/vcr/idaas/TestAccResourceOktaAppSignOnPolicyRule_AUTH_METHOD_CHAIN/oie-00.yaml`:
 * `"features":["PUSH_NEW_USERS","PUSH_USER_DEACTIVATION","SCIM_PROVISIONING","GROUP_PUSH",...]`).
 */
export const GROUP_PUSH_FEATURE = "GROUP_PUSH";

/**
 * The features the gate waits for: {@link REQUIRED_SCIM_FEATURES}, and with Grafana's group sync
 * on also {@link GROUP_PUSH_FEATURE}, since without pushed groups users arrive and no team does. Pure.
 */
export function requiredScimFeatures(groupSync: boolean): readonly string[] {
  return groupSync ? [...REQUIRED_SCIM_FEATURES, GROUP_PUSH_FEATURE] : REQUIRED_SCIM_FEATURES;
}

const FEATURE = /^[A-Z][A-Z0-9_]*$/;

/** Why `features` cannot be gated on (field-less problem), or `undefined`. */
export function requiredFeaturesProblem(features: readonly string[]): string | undefined {
  if (features.length === 0) return "must name at least one feature, or the gate could never warn";
  const bad = features.find((f) => !FEATURE.test(f));
  if (bad !== undefined) return `must be Okta feature names such as SCIM_PROVISIONING (got "${bad}")`;
  if (new Set(features).size !== features.length) return "must not repeat a feature";
  return undefined;
}

function hclList(items: readonly string[]): string {
  return `[${items.map((i) => `"${i}"`).join(", ")}]`;
}

function checked(features: readonly string[]): readonly string[] {
  const problem = requiredFeaturesProblem(features);
  if (problem) throw new Error(`requiredFeatures ${problem}`);
  return features;
}

/**
 * A list expression: the required features the app at `appAddress` lacks, sorted. All of them
 * while `features` is null.
 */
export function scimMissingFeaturesExpression(appAddress: string, required: readonly string[] = REQUIRED_SCIM_FEATURES): string {
  const list = checked(required);
  return `try(sort(setsubtract(${hclList(list)}, ${appAddress}.features)), ${hclList([...list].sort())})`;
}

/** A bool expression: true when the app at `appAddress` has every required feature. Never errors. */
export function scimEnabledCondition(appAddress: string, required: readonly string[] = REQUIRED_SCIM_FEATURES): string {
  return `try(length(setsubtract(${hclList(checked(required))}, ${appAddress}.features)) == 0, false)`;
}

/**
 * The warning (a Terraform template) shown while {@link scimEnabledCondition} is false: which
 * app, which features are missing, why it is manual and where the steps are. `appLabel` and
 * `runbookHint` are literal text.
 */
export function scimGateMessage(appAddress: string, appLabel: string, runbookHint: string, required: readonly string[] = REQUIRED_SCIM_FEATURES): string {
  return (
    `SCIM provisioning is not enabled on the Okta app "${escapeTemplate(appLabel)}" (id \${${appAddress}.id}): ` +
    `its features lack \${join(", ", ${scimMissingFeaturesExpression(appAddress, required)})}. ` +
    (required.includes(GROUP_PUSH_FEATURE)
      ? `With Grafana's group sync on, ${GROUP_PUSH_FEATURE} (the "Push Groups" action, then the groups on the Push Groups tab) is needed too: without it users are provisioned and no team is. `
      : "") +
    "Okta has no public API that enables SCIM on a custom SAML app, so these steps are manual: " +
    `${escapeTemplate(runbookHint)} ` +
    "This warning repeats on every plan until Okta lists the features; it never blocks plan or apply."
  );
}
