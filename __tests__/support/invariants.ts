/**
 * Invariants of synthesized stacks (issue 14, point 4): small checks over a stack's Terraform
 * JSON, each returning what it finds wrong (`[]` when the stack keeps it), so a test runs them
 * over every example and a fleet of generated environments, and shows each catches a violation.
 *
 * - {@link entraStartOrderProblems}: the Entra provisioning job starts only after its secret (tenant
 *   URL and token) and its attribute mappings are in place, following `depends_on` and references
 *   transitively.
 * - {@link tokenFlowProblems}: the SCIM token flows only by reference: no literal credential
 *   anywhere, and the token's `key` is read only by sensitive outputs and the Entra secret.
 * - {@link permissionProblems}: the service account has role None and exactly the least-privilege
 *   permissions for the syncs switched on, or exactly Grafana's fixed roles for them.
 * - {@link lifecycleProblems}: every resource whose loss breaks provisioning carries an explicit
 *   lifecycle decision, or is on {@link LIFECYCLE_ALLOWLIST} with the reason.
 * - {@link singletonProblems}: no two stacks manage the same Grafana's SCIM or SAML settings.
 */
import { secretKind } from "../../environment-format/secrets";
import { interpolations } from "./interpolation";
import type { TerraformJson } from "./terraform-json";

type Block = Record<string, unknown>;

/** Every resource and data source of `stack` by address (`type.name`, `data.type.name`). */
export function blocks(stack: TerraformJson): Map<string, Block> {
  const out = new Map<string, Block>();
  for (const [type, byName] of Object.entries(stack.resource ?? {})) for (const [name, block] of Object.entries(byName)) out.set(`${type}.${name}`, block);
  for (const [type, byName] of Object.entries(stack.data ?? {})) for (const [name, block] of Object.entries(byName)) out.set(`data.${type}.${name}`, block);
  return out;
}

/**
 * The addresses `block` depends on: its `depends_on` and every address its attributes refer to
 * (outside `lifecycle`, whose references order nothing, and cdktf's `//` metadata).
 */
export function dependencies(block: Block, known: ReadonlySet<string>): Set<string> {
  const { lifecycle: _lifecycle, "//": _metadata, depends_on: dependsOn, ...attributes } = block;
  const found = new Set<string>(Array.isArray(dependsOn) ? (dependsOn as string[]) : []);
  for (const match of JSON.stringify(attributes).matchAll(/\b((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)/g)) {
    if (known.has(match[1]!)) found.add(match[1]!);
  }
  return found;
}

/** Every address `address` depends on, directly or through others. */
export function transitiveDependencies(stack: TerraformJson, address: string): Set<string> {
  const all = blocks(stack);
  const known = new Set(all.keys());
  const seen = new Set<string>();
  const todo = [address];
  while (todo.length > 0) {
    for (const next of dependencies(all.get(todo.pop()!) ?? {}, known)) {
      if (!seen.has(next)) {
        seen.add(next);
        todo.push(next);
      }
    }
  }
  return seen;
}

/**
 * The actions that run the Entra provisioning job (`msgraph_resource_action` whose action is
 * `start`, `restart` or `provisionOnDemand`: Graph's synchronizationJob actions that provision,
 * Microsoft Graph v1.0 reference: synchronizationJob start, restart, provisionOnDemand).
 */
function startActions(stack: TerraformJson): string[] {
  return Object.entries(stack.resource?.msgraph_resource_action ?? {})
    .filter(([, block]) => typeof block.action === "string" && /(^(start|restart|provisionOnDemand)$|"(start|restart|provisionOnDemand)")/.test(block.action))
    .map(([name]) => `msgraph_resource_action.${name}`);
}

/** The PUT of the job's schema: the attribute mappings. */
function mappingWrites(stack: TerraformJson): string[] {
  return Object.entries(stack.resource?.msgraph_resource_action ?? {})
    .filter(([, block]) => block.method === "PUT" && typeof block.resource_url === "string" && /\/schema"?\)?$|\/schema$/.test(block.resource_url))
    .map(([name]) => `msgraph_resource_action.${name}`);
}

/**
 * The Entra job starts only after its secret and its mappings: every start action depends,
 * directly or transitively, on every `azuread_synchronization_secret`, on the schema PUT (the
 * mappings) and on the job. A stack with a job but no secret or no mappings is a problem too.
 * A provision on demand (`azuread_synchronization_job_provision_on_demand`) runs the job for the
 * users it names, so it is a start too. The job itself must be created with `enabled = false`:
 * `enabled` defaults to true and the provider starts an enabled job as soon as it creates it
 * (hashicorp/terraform-provider-azuread v3.7.0,
 * internal/services/synchronization/synchronization_job_resource.go: `Default: true`, and
 * "Start job if desired" in the create function), before the secret, which depends on the job.
 */
export function entraStartOrderProblems(stack: TerraformJson): string[] {
  const jobs = Object.keys(stack.resource?.azuread_synchronization_job ?? {}).map((n) => `azuread_synchronization_job.${n}`);
  if (jobs.length === 0) return [];
  const secrets = Object.keys(stack.resource?.azuread_synchronization_secret ?? {}).map((n) => `azuread_synchronization_secret.${n}`);
  const mappings = mappingWrites(stack);
  const problems: string[] = [];
  if (secrets.length === 0) problems.push("a provisioning job without azuread_synchronization_secret");
  if (mappings.length === 0) problems.push("a provisioning job without a schema PUT (its mappings)");
  for (const job of jobs) {
    const enabled = blocks(stack).get(job)?.enabled;
    if (enabled !== false) problems.push(`${job}: enabled is ${JSON.stringify(enabled)}, not false: the provider starts the job when it creates it, before its secret and mappings`);
  }
  const onDemand = Object.keys(stack.resource?.azuread_synchronization_job_provision_on_demand ?? {}).map((n) => `azuread_synchronization_job_provision_on_demand.${n}`);
  for (const start of [...startActions(stack), ...onDemand]) {
    const before = transitiveDependencies(stack, start);
    for (const needed of [...secrets, ...mappings, ...jobs]) {
      if (!before.has(needed)) problems.push(`${start} does not wait for ${needed}`);
    }
  }
  return problems;
}

/** Every string value in `value`, with its path. */
function strings(value: unknown, path: string): Array<{ path: string; text: string }> {
  if (typeof value === "string") return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

/** Where the token's value may be read: sensitive outputs and the Entra secret's credentials. */
function tokenReaderAllowed(path: string, stack: TerraformJson): boolean {
  const output = /^output\.([^.]+)\.value$/.exec(path);
  if (output) return stack.output?.[output[1]!]?.sensitive === true;
  return /^resource\.azuread_synchronization_secret\.[^.]+\.credential\[\d+\]\.value$/.test(path);
}

/**
 * Whether an expression in `text` reads a token's key: `.key`, or the token object itself (whole,
 * by index, or passed to a function such as `lookup` or `jsonencode`), which holds the key. An
 * attribute other than `key` (`.id`, `.expiration`) is no read of it, nor is the address in
 * literal text around the expressions.
 */
function readsTokenKey(text: string): boolean {
  return interpolations(text).some((expression) =>
    [...expression.matchAll(/\bgrafana_service_account_token\.[A-Za-z0-9_-]+(\.[A-Za-z_][A-Za-z0-9_]*)?/g)].some((m) => m[1] === undefined || m[1] === ".key"),
  );
}

/**
 * The token flows only by reference: no string anywhere looks like a credential (a literal
 * token, key or secret), and every reference to a `grafana_service_account_token`'s `key` is in a
 * sensitive output or in the Entra secret's credentials.
 */
export function tokenFlowProblems(stack: TerraformJson): string[] {
  const problems: string[] = [];
  for (const { path, text } of strings(stack, "")) {
    const kind = secretKind(text);
    if (kind) problems.push(`${path}: a literal ${kind}`);
    if (readsTokenKey(text) && !tokenReaderAllowed(path, stack)) problems.push(`${path}: reads the token's key`);
  }
  return problems;
}

/** The least-privilege permissions of SCIM user sync (Grafana's SCIM guides, docs/permissions.md), written out here independently. */
const USER_SYNC = ["org.users:read users:*", "org.users:add users:*", "org.users:write users:*", "org.users:remove users:*"];
/** The least-privilege permissions of SCIM group sync. */
const GROUP_SYNC = ["teams:create ", "teams:read teams:*", "teams:write teams:*", "teams:delete teams:*", "teams.permissions:read teams:*", "teams.permissions:write teams:*", "org.users:read users:*"];

/**
 * The service account's permissions are exactly what SCIM needs: one service account with role
 * None, one role assigned to it by one assignment, and that role holds either exactly the
 * least-privilege permissions for the syncs `grafana_scim_config` switches on (custom-role), or
 * exactly the permissions of Grafana's fixed roles for them, read at plan (fixed-roles).
 */
export function permissionProblems(stack: TerraformJson): string[] {
  const r = stack.resource ?? {};
  const accounts = Object.entries(r.grafana_service_account ?? {});
  const roles = Object.entries(r.grafana_role ?? {});
  const assignments = Object.values(r.grafana_role_assignment_item ?? {});
  const configs = Object.values(r.grafana_scim_config ?? {});
  if (configs.length === 0) return [];
  const problems: string[] = [];
  if (accounts.length !== 1 || roles.length !== 1 || assignments.length !== 1 || configs.length !== 1) {
    return [`expected one service account, role, assignment and SCIM config (got ${accounts.length}, ${roles.length}, ${assignments.length}, ${configs.length})`];
  }
  const [accountName, account] = accounts[0]!;
  const [roleName, role] = roles[0]!;
  const assignment = assignments[0]!;
  const config = configs[0]!;
  if (account.role !== "None") problems.push(`the service account's role is ${JSON.stringify(account.role)}, not "None"`);
  if (assignment.role_uid !== `\${grafana_role.${roleName}.uid}` || assignment.service_account_id !== `\${grafana_service_account.${accountName}.id}`) {
    problems.push("the assignment does not give the role to the service account");
  }
  const userSync = config.enable_user_sync === true;
  const groupSync = config.enable_group_sync === true;
  const permissions = role.permissions as Array<{ action: string; scope: string }> | undefined;
  const dynamic = (role.dynamic as { permissions?: { for_each?: string; iterator?: string; content?: unknown } } | undefined)?.permissions;
  if (permissions !== undefined && dynamic === undefined) {
    const expected = new Set([...(userSync ? USER_SYNC : []), ...(groupSync ? GROUP_SYNC : [])]);
    const got = new Set(permissions.map((p) => `${p.action} ${p.scope}`));
    for (const p of got) if (!expected.has(p)) problems.push(`the role grants ${p}, which SCIM does not need`);
    for (const p of expected) if (!got.has(p)) problems.push(`the role lacks ${p}`);
  } else if (dynamic !== undefined && permissions === undefined) {
    const read = [...String(dynamic.for_each).matchAll(/data\.grafana_role\.([A-Za-z0-9_-]+)\.permissions/g)].map((m) => String(stack.data?.grafana_role?.[m[1]!]?.name));
    const expected = [...(userSync ? ["fixed:org.users:writer"] : []), ...(groupSync ? ["fixed:teams:writer"] : [])];
    if (JSON.stringify([...read].sort()) !== JSON.stringify(expected.sort())) problems.push(`the role copies ${JSON.stringify(read)}, not ${JSON.stringify(expected)}`);
    // Nothing but the union of those lookups (no literal permission added), each copied as it is.
    const shape = String(dynamic.for_each).replace(/data\.grafana_role\.[A-Za-z0-9_-]+\.permissions/g, "R");
    if (!/^\$\{toset\(setunion\(R(, R)*\)\)\}$/.test(shape)) problems.push(`the role's permissions are ${dynamic.for_each}, not exactly the union of the fixed roles' permissions`);
    const each = dynamic.iterator ?? "permissions";
    const content = JSON.stringify(dynamic.content);
    if (content !== JSON.stringify({ action: `\${${each}.value.action}`, scope: `\${${each}.value.scope}` })) problems.push(`each copied permission is ${content}, not the fixed role's action and scope`);
  } else {
    problems.push("the role's permissions are neither a list nor copied from fixed roles");
  }
  return problems;
}

/**
 * Resource types whose loss breaks provisioning (the delivery's critical-change list in
 * scripts/delivery/critical.ts, and the role and its assignment, without which SCIM requests
 * are refused).
 */
export const LOSS_BREAKS_PROVISIONING = [
  "azuread_application_from_template",
  "azuread_service_principal",
  "azuread_synchronization_job",
  "azuread_synchronization_secret",
  "azuread_app_role_assignment",
  "azuread_service_principal_token_signing_certificate",
  "okta_app_saml",
  "okta_app_group_assignments",
  "okta_group",
  "grafana_service_account",
  "grafana_service_account_token",
  "grafana_scim_config",
  "grafana_sso_settings",
  "grafana_role",
  "grafana_role_assignment_item",
];

/**
 * Resources whose loss breaks provisioning but that carry neither `prevent_destroy` nor
 * `create_before_destroy`, each with why, and the attributes whose change would replace it
 * (its provider's force-new attributes), which the stack must not set: nothing in an environment
 * file then replaces it, and a plan that destroys it is stopped by the delivery's critical-change
 * gate (scripts/delivery/critical.ts) for review.
 */
export const LIFECYCLE_ALLOWLIST: Readonly<Record<string, { readonly reason: string; readonly forceNew: Readonly<Record<string, unknown>> }>> = {
  grafana_service_account: {
    reason: "only org_id replaces it (grafana provider v4.45.1, resource_service_account.go: RequiresReplace), which the package never sets",
    forceNew: { org_id: undefined },
  },
  grafana_scim_config: {
    reason: "a setting of the Grafana organization, not an object: only org_id replaces it (resource_scim_config.go, its pluginFrameworkOrgIDAttribute in common_plugin_framework.go: RequiresReplace), which the package never sets",
    forceNew: { org_id: undefined },
  },
  grafana_sso_settings: {
    reason: "no attribute replaces it (resource_sso_settings.go: none is ForceNew); provider_name is kept \"saml\", since another value would manage another provider's settings",
    forceNew: { provider_name: "saml" },
  },
  grafana_role: {
    reason: "only uid, global and org_id replace it (resource_role.go; orgIDAttribute in oss_org_id.go is ForceNew): uid and org_id are never set, global is always false",
    forceNew: { uid: undefined, global: false, org_id: undefined },
  },
  grafana_role_assignment_item: {
    reason: "every attribute replaces it, and they are references to the role and the service account, which are never replaced (above)",
    forceNew: {},
  },
  grafana_service_account_token: {
    reason:
      "without rotation, a new lifetime or name needs a new token (the only way to change them); the gate calls its replacement critical where the token is pasted by hand",
    forceNew: {},
  },
  okta_app_saml: { reason: "only preconfigured_app replaces it (okta v4.20.0, resource_okta_app_saml.go), which the package never sets", forceNew: { preconfigured_app: undefined } },
  okta_app_group_assignments: { reason: "one resource per app that updates in place; the gate calls an update that drops a group critical", forceNew: {} },
  okta_group: { reason: "a created group is replaced only by a rename without key (docs/okta.md), which the gate calls critical", forceNew: {} },
  azuread_app_role_assignment: { reason: "one per assigned group: changing the groups adds and removes assignments, which the gate calls critical", forceNew: {} },
};

/**
 * Every resource whose type is in {@link LOSS_BREAKS_PROVISIONING} has `prevent_destroy` or
 * `create_before_destroy`, or its type is on {@link LIFECYCLE_ALLOWLIST} and the resource sets
 * none of the allowlisted force-new attributes to another value; a `removed` block of such a
 * type has `lifecycle.destroy = false` (Terraform forgets the object instead of destroying it).
 */
export function lifecycleProblems(stack: TerraformJson, allowlist = LIFECYCLE_ALLOWLIST): string[] {
  const problems: string[] = [];
  // A `removed` block of such a resource is a lifecycle decision too: it must forget, not destroy.
  for (const block of (stack.removed ?? []) as Array<{ from?: unknown; lifecycle?: { destroy?: unknown } }>) {
    const type = String(block.from).split(".")[0]!;
    if (LOSS_BREAKS_PROVISIONING.includes(type) && block.lifecycle?.destroy !== false) problems.push(`removed ${String(block.from)}: destroys it (lifecycle.destroy is not false)`);
  }
  for (const type of LOSS_BREAKS_PROVISIONING) {
    for (const [name, block] of Object.entries(stack.resource?.[type] ?? {})) {
      const lifecycle = (block.lifecycle ?? {}) as { prevent_destroy?: boolean; create_before_destroy?: boolean };
      if (lifecycle.prevent_destroy === true || lifecycle.create_before_destroy === true) continue;
      const allowed = allowlist[type];
      if (!allowed) {
        problems.push(`${type}.${name}: no lifecycle decision (prevent_destroy or create_before_destroy) and not on the allowlist`);
        continue;
      }
      for (const [attribute, value] of Object.entries(allowed.forceNew)) {
        if (block[attribute] !== value) problems.push(`${type}.${name}: sets ${attribute} to ${JSON.stringify(block[attribute])}, which replaces it`);
      }
    }
  }
  return problems;
}

/** The Grafana organization a grafana provider block configures, as one comparable string. */
function grafanaTarget(provider: Block): string[] {
  const url = typeof provider.url === "string" ? provider.url : "";
  let origin = url;
  try {
    origin = new URL(url).origin;
  } catch {
    // a reference: compared as written
  }
  return [`${origin} org ${provider.org_id ?? 1}`, ...(provider.stack_id !== undefined ? [`stack ${provider.stack_id}`] : [])];
}

/**
 * No two stacks manage the same singleton: Grafana's SCIM settings (`grafana_scim_config`) and
 * SAML settings (`grafana_sso_settings`) are one per organization, so at most one stack may hold
 * each for a Grafana URL and organization (or Cloud stack id), whatever provider alias it uses.
 */
export function singletonProblems(stacks: Readonly<Record<string, TerraformJson>>): string[] {
  const owners = new Map<string, string[]>();
  for (const [stackName, stack] of Object.entries(stacks)) {
    const providers = (stack.provider?.grafana ?? []) as Block[];
    for (const type of ["grafana_scim_config", "grafana_sso_settings"]) {
      for (const block of Object.values(stack.resource?.[type] ?? {})) {
        const alias = String(block.provider ?? "grafana").replace(/^grafana\.?/, "");
        const provider = providers.find((p) => (p.alias ?? "") === alias);
        for (const target of provider ? grafanaTarget(provider) : ["(no provider)"]) {
          const key = `${type} of ${target}`;
          owners.set(key, [...(owners.get(key) ?? []), stackName]);
        }
      }
    }
  }
  return [...owners].filter(([, names]) => names.length > 1).map(([key, names]) => `${key} is managed by ${names.join(" and ")}`);
}
