/**
 * What the okta provider (okta/terraform-provider-okta v4.20.0) calls for each resource and data
 * source this package uses, in a plan (refresh) and in an apply, with the OAuth scope each call
 * needs. The permission tables in docs/permissions.md and docs/okta.md are written from this table, and a
 * test checks that they list every scope. Sources are paths in the provider at that tag.
 */

/** One Okta Management API call the provider makes. */
export interface OktaApiCall {
  /** The resource or data source (`data.` prefix) that makes it. */
  readonly resource: string;
  /** `plan` for reads (every plan refreshes them, every apply too), `apply` for writes. */
  readonly phase: "plan" | "apply";
  /** Method and path. */
  readonly call: string;
  /** The OAuth 2.0 scope the call needs. */
  readonly scope: string;
  /** Where the provider makes it. */
  readonly source: string;
  /** When it is made, if not always. */
  readonly when?: string;
}

/** Every call, by resource. */
export const OKTA_API_CALLS: readonly OktaApiCall[] = [
  { resource: "okta_app_saml", phase: "plan", call: "GET /api/v1/apps/{appId}", scope: "okta.apps.read", source: "okta/app.go fetchAppByID" },
  { resource: "okta_app_saml", phase: "plan", call: "GET /api/v1/apps/{appId}/sso/saml/metadata?kid={keyId}", scope: "okta.apps.read", source: "okta/resource_okta_app_saml.go resourceAppSamlRead (GetSAMLMetadata)" },
  { resource: "okta_app_saml", phase: "plan", call: "GET /api/v1/apps/{appId}/credentials/keys", scope: "okta.apps.read", source: "okta/app.go fetchAppKeys" },
  { resource: "okta_app_saml", phase: "plan", call: "GET /.well-known/okta-organization", scope: "none (public)", source: "okta/config.go IsClassicOrg" },
  { resource: "okta_app_saml", phase: "apply", call: "POST /api/v1/apps?activate=true", scope: "okta.apps.manage", source: "okta/resource_okta_app_saml.go resourceAppSamlCreate" },
  { resource: "okta_app_saml", phase: "apply", call: "PUT /api/v1/apps/{appId}", scope: "okta.apps.manage", source: "okta/resource_okta_app_saml.go resourceAppSamlUpdate" },
  {
    resource: "okta_app_saml",
    phase: "apply",
    call: "GET /api/v1/policies?type=ACCESS_POLICY",
    scope: "okta.policies.read",
    source:
      "okta/app_authentication_policy.go createOrUpdateAuthenticationPolicy -> assignDefaultAuthenticationPolicy -> okta/policy.go findDefaultAccessPolicy " +
      "(okta provider issues #2334, #2375). Only when the resource has no authentication_policy: it is Optional+Computed " +
      "(okta/resource_okta_app_saml.go) and every read sets it from the app's accessPolicy link (setAuthenticationPolicy), so an update re-PUTs the known policy",
    when: "Identity Engine orgs, on create",
  },
  {
    resource: "okta_app_saml",
    phase: "apply",
    call: "PUT /api/v1/apps/{appId}/policies/{policyId}",
    scope: "okta.apps.manage",
    source: "okta/app_authentication_policy.go createOrUpdateAuthenticationPolicy (UpdateApplicationPolicy: the default policy on create, the policy in state on every update)",
    when: "Identity Engine orgs, on create and on every update",
  },
  { resource: "okta_app_saml", phase: "apply", call: "POST /api/v1/apps/{appId}/lifecycle/deactivate, DELETE /api/v1/apps/{appId}", scope: "okta.apps.manage", source: "okta/app.go deleteApplication", when: "destroy" },
  { resource: "okta_app_group_assignments", phase: "plan", call: "GET /api/v1/apps/{appId}/groups", scope: "okta.apps.read", source: "okta/app.go listApplicationGroupAssignments" },
  {
    resource: "okta_app_group_assignments",
    phase: "apply",
    call: "PUT /api/v1/apps/{appId}/groups/{groupId}, DELETE /api/v1/apps/{appId}/groups/{groupId}",
    scope: "okta.apps.manage",
    source: "okta/resource_okta_app_group_assignments.go (CreateApplicationGroupAssignment, DeleteApplicationGroupAssignment)",
  },
  { resource: "data.okta_group", phase: "plan", call: "GET /api/v1/groups?q={name}", scope: "okta.groups.read", source: "okta/data_source_okta_group.go findGroup" },
  { resource: "okta_group", phase: "plan", call: "GET /api/v1/groups/{groupId}", scope: "okta.groups.read", source: "okta/resource_okta_group.go resourceGroupRead" },
  { resource: "okta_group", phase: "apply", call: "POST /api/v1/groups, PUT /api/v1/groups/{groupId}, DELETE /api/v1/groups/{groupId}", scope: "okta.groups.manage", source: "okta/resource_okta_group.go", when: "groups created here" },
];

/**
 * The OAuth scopes a token needs for `phase` with the given resource types: a plan needs the
 * reads; an apply refreshes too, so it needs the reads and the writes. Sorted. Pure.
 */
export function oktaScopes(phase: "plan" | "apply", resources: readonly string[]): string[] {
  const calls = OKTA_API_CALLS.filter((c) => resources.includes(c.resource) && (phase === "apply" || c.phase === "plan"));
  return [...new Set(calls.map((c) => c.scope).filter((s) => s.startsWith("okta.")))].sort();
}
