/**
 * What replacing or destroying a resource is *for*, written next to it in the synthesized
 * configuration, so the delivery's critical-change gate (scripts/delivery/critical.ts) judges a
 * `terraform_data` or `msgraph_resource_action` by its purpose rather than by its type: the same
 * types parse an expression (harmless to repeat) and PUT the Entra provisioning schema (which
 * changes how Entra matches users).
 *
 * The marker sits in the resource's `//` comment object of cdk.tf.json, beside cdktf's own
 * `metadata`: Terraform ignores a `//` property in a JSON block body (HCL JSON syntax, "Comment
 * properties"), so it changes no plan, and `Testing.synth` drops it. A resource without a marker
 * is judged by its type, and an unmarked `terraform_data` or `msgraph_resource_action` is
 * critical to replace or destroy.
 */
import type { TerraformResource } from "cdktf";

/** The property of a resource's `//` object that holds its {@link ChangeReviewMarker}. */
export const CHANGE_REVIEW_KEY = "grafana_scim_change_review";

/**
 * The purposes the gate knows, each for one resource type (a marker on another type is ignored):
 * - `entra-parse-expression` (`msgraph_resource_action`): Graph's `parseExpression` of a mapping
 *   expression; it writes nothing.
 * - `entra-validate-credentials` (`msgraph_resource_action`): Graph's "Test connection" on the
 *   saved secret; it writes nothing.
 * - `entra-start-job` (`msgraph_resource_action`): `start` of a paused job, or a `GET` of one that
 *   already ran when the action was created.
 * - `entra-activate-signing-certificate` (`msgraph_resource_action`): makes the current SAML
 *   signing certificate the preferred one (a new certificate is judged on its own).
 * - `entra-group-claims` (`msgraph_resource_action`): `PATCH applications/{id}` of the
 *   application's `groupMembershipClaims`, the groups Entra sends in SAML tokens. Critical when
 *   the value changes (Grafana's role sync sees other groups); when it is created (`None`
 *   included: it turns off groups the app may send) on an application that already exists (its current value, perhaps set by
 *   hand, is not in the plan), read from the `application` the marker names; and when it is
 *   removed or forgotten while groups are sent (the delete calls nothing, so Entra keeps sending
 *   them). A removed action has no marker any more and is judged by what its body set (see
 *   scripts/delivery/critical.ts).
 * - `entra-replication-wait` (`time_sleep`): waits for the service principal to replicate.
 * - `entra-mapping-intent` (`terraform_data`): records the configured attribute mappings; its
 *   replacement triggers the schema PUT, which is judged instead.
 * - `entra-schema-put` (`msgraph_resource_action`): `PUT …/schema` with the managed mappings.
 *   Critical when the mappings Entra matches or identifies users and groups by change, read from
 *   the replaced `mappingIntent`.
 */
export type ChangeReviewPurpose =
  | "entra-parse-expression"
  | "entra-validate-credentials"
  | "entra-start-job"
  | "entra-activate-signing-certificate"
  | "entra-group-claims"
  | "entra-replication-wait"
  | "entra-mapping-intent"
  | "entra-schema-put";

/** The marker of one resource. */
export interface ChangeReviewMarker {
  /** What the resource is for. */
  readonly purpose: ChangeReviewPurpose;
  /** With `entra-schema-put`: the address of the `entra-mapping-intent` whose replacement triggers the PUT. */
  readonly mappingIntent?: string;
  /**
   * With `entra-group-claims`: the address of the `azuread_application_from_template` whose
   * `groupMembershipClaims` the PATCH sets (a PATCH created with a new application is no change
   * for anyone).
   */
  readonly application?: string;
}

/** Writes `marker` into `resource`'s `//` object (values may be tokens resolved at synthesis). */
export function markChangeReview(resource: TerraformResource, marker: ChangeReviewMarker): void {
  resource.addOverride(`//.${CHANGE_REVIEW_KEY}`, marker);
}
