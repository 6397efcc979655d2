/**
 * Entra ID checks as pure functions of Graph's answers. Shapes from Microsoft Graph's v1.0
 * reference (microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0/resources/):
 * synchronization-synchronizationjob.md, synchronization-synchronizationstatus.md (`code`:
 * NotConfigured, NotRun, Active, Paused, Quarantine; `quarantine`; `lastExecution` with `state`,
 * `error`, `countEscrowed`), synchronization-synchronizationschema.md and
 * synchronization-objectmapping.md, claimsmappingpolicy.md.
 */
import { graphAttributeMapping, sourceExpression, type AttributeMapping } from "../../constructs/entra/attribute-mappings";
import { fail, pass, warn, type CheckResult } from "../check";
import { deploymentCommands } from "../../environment-format";

interface SyncError {
  readonly code?: string | null;
  readonly message?: string | null;
}
interface TaskExecution {
  readonly state?: string | null;
  readonly error?: SyncError | null;
  readonly countEscrowed?: number | null;
  readonly countExported?: number | null;
  readonly timeEnded?: string | null;
}
/** The parts of a synchronizationJob read here. */
export interface SynchronizationJob {
  readonly id?: string;
  readonly schedule?: { readonly state?: string | null } | null;
  readonly status?: {
    readonly code?: string | null;
    readonly quarantine?: { readonly reason?: string | null; readonly error?: SyncError | null; readonly nextAttempt?: string | null; readonly seriesCount?: number | null } | null;
    readonly lastExecution?: TaskExecution | null;
    readonly countSuccessiveCompleteFailures?: number | null;
    readonly escrowsPruned?: boolean | null;
  } | null;
}

const errorText = (e: SyncError | null | undefined): string => [e?.code, e?.message].filter((v) => typeof v === "string" && v !== "").join(": ").slice(0, 300);

/** The job exists and runs (status `Active`). */
export function jobStateCheck(job: SynchronizationJob): CheckResult {
  const id = "entra.job.state";
  const title = "Entra provisioning job runs";
  const code = job.status?.code ?? "unknown";
  const detail = `status ${code}, schedule ${job.schedule?.state ?? "unknown"}`;
  switch (code) {
    case "Active":
      return pass(id, title, detail);
    case "Quarantine":
      return fail(id, title, detail, "the job is in quarantine (see the quarantine line)", "fix the cause, then restart provisioning in the portal (Provisioning > Restart provisioning)");
    case "Paused":
      return fail(id, title, detail, "the job is paused: nothing is provisioned", 'start it: identityProvider.provisioning.start true (the default) and apply, or "Start provisioning" in the portal');
    case "NotRun":
      return warn(id, title, detail, "the job has not run a cycle yet", "wait for the first cycle (up to 40 minutes), or provision a test user on demand with --user");
    default:
      return fail(id, title, detail, "the job is not configured", "re-apply the stack; check the secret and mappings lines");
  }
}

/** The job is not in quarantine. */
export function quarantineCheck(job: SynchronizationJob): CheckResult {
  const id = "entra.job.quarantine";
  const title = "Entra job not in quarantine";
  const q = job.status?.quarantine;
  const inQuarantine = job.status?.code === "Quarantine" || Boolean(q?.reason) || Boolean(q?.error?.code);
  if (!inQuarantine) return pass(id, title, "no quarantine");
  const reason = [q?.reason, errorText(q?.error)].filter(Boolean).join("; ") || "no reason given";
  const credentials = /credential|unauthori[sz]ed|401|403|token/i.test(reason);
  return fail(
    id,
    title,
    `quarantine: ${reason}${q?.nextAttempt ? ` (next attempt ${q.nextAttempt})` : ""}`,
    credentials ? "Entra cannot authenticate to Grafana's SCIM API (HTTP 401/403 in Grafana's troubleshooting)" : "Entra stopped provisioning after repeated failures",
    credentials ? "check the grafana.scim.* lines above; re-apply to write a fresh token into the job's secret, then restart provisioning" : "read the provisioning logs in the portal, fix the cause, restart provisioning",
  );
}

/** The last cycle's errors and escrows (entries Entra retries). */
export function lastCycleCheck(job: SynchronizationJob): CheckResult {
  const id = "entra.job.last-cycle";
  const title = "Entra last provisioning cycle";
  const last = job.status?.lastExecution;
  if (!last) return warn(id, title, "no cycle has run yet", "provisioning has not completed a cycle", "wait for the first cycle, or use --user to provision one user on demand");
  const escrowed = last.countEscrowed ?? 0;
  const detail = `${last.state ?? "unknown"}${last.timeEnded ? ` at ${last.timeEnded}` : ""}, ${last.countExported ?? 0} exported, ${escrowed} escrowed${last.error ? `, error ${errorText(last.error)}` : ""}`;
  if (last.state === "Failed" || (last.error && (last.error.code || last.error.message))) {
    return fail(id, title, detail, "the last cycle failed", "read Provisioning logs in the portal for the failed entries; the grafana.scim.* lines show whether Grafana answers");
  }
  if (escrowed > 0 || last.state === "EntryLevelErrors") {
    return warn(id, title, detail, `${escrowed} entries failed and are retried (escrowed)`, "read Provisioning logs (status: failure) for each escrowed user or group and fix its attributes");
  }
  return pass(id, title, detail);
}

/** The key/value pairs of the job's secret (`{ value: [...] }` or a bare array). */
export function secretPairs(answer: unknown): Array<{ key: string; value: string }> {
  const list = Array.isArray(answer) ? answer : ((answer as { value?: unknown } | undefined)?.value ?? []);
  return (Array.isArray(list) ? list : []).filter((p): p is { key: string; value: string } => typeof p?.key === "string" && typeof p?.value === "string");
}

const normalizeUrl = (url: string): string => url.trim().replace(/\/+$/, "").toLowerCase();

/** The job's secret holds Grafana's tenant URL (and a token). Never shows the token. */
export function secretCheck(answer: unknown, tenantUrl: string): CheckResult {
  const id = "entra.secret.tenant-url";
  const title = "Entra secret: tenant URL and token";
  const pairs = secretPairs(answer);
  const base = pairs.find((p) => p.key === "BaseAddress")?.value;
  const token = pairs.find((p) => p.key === "SecretToken")?.value;
  if (base === undefined) return fail(id, title, "the job's secret has no BaseAddress", "the Tenant URL is not set on the job", "re-apply the stack (azuread_synchronization_secret)");
  if (normalizeUrl(base) !== normalizeUrl(tenantUrl)) {
    return fail(id, title, `BaseAddress is ${base}, Grafana's tenant URL is ${tenantUrl}`, 'Entra calls another URL than this stack\'s Grafana (troubleshooting: "invalid namespace" if only the namespace differs)', "re-apply the stack, which writes the tenant URL from Grafana's output");
  }
  if (!token) return fail(id, title, "BaseAddress matches; the secret has no SecretToken", "Entra has no token for Grafana (HTTP 401 at Grafana)", "re-apply the stack, which writes the token");
  return pass(id, title, `BaseAddress equals the tenant URL; SecretToken is set (masked by Graph)`);
}

interface GraphMapping {
  readonly targetAttributeName?: string;
  readonly matchingPriority?: number;
  readonly source?: { readonly expression?: string } | null;
  readonly flowType?: string | null;
  readonly flowBehavior?: string | null;
  readonly defaultValue?: string | null;
  readonly exportMissingReferences?: boolean | null;
}

/**
 * The settings of `found` that differ from what the package writes for `want` besides source and
 * matching priority (`graphAttributeMapping`); absent values are Graph's defaults. The stack's
 * drift check compares the same settings (constructs/entra/private/schema-transform.ts).
 */
function settingDifferences(found: GraphMapping, want: AttributeMapping): string[] {
  const written = graphAttributeMapping(want);
  const differences: string[] = [];
  const flowType = found.flowType ?? "Always";
  if (flowType !== written.flowType) differences.push(`flow type ${flowType} (want ${written.flowType})`);
  const flowBehavior = found.flowBehavior ?? "FlowWhenChanged";
  if (flowBehavior !== written.flowBehavior) differences.push(`flow behavior ${flowBehavior} (want ${written.flowBehavior})`);
  if ((found.defaultValue ?? "") !== "") differences.push(`default value ${JSON.stringify(found.defaultValue)} (want none)`);
  if ((found.exportMissingReferences ?? false) !== written.exportMissingReferences) differences.push(`exportMissingReferences ${String(found.exportMissingReferences)} (want false)`);
  return differences;
}
interface GraphObjectMapping {
  readonly sourceObjectName?: string;
  readonly enabled?: boolean;
  readonly attributeMappings?: readonly GraphMapping[];
}

/** The object mappings of a schema whose source object is `sourceObject` (Entra's `User` or `Group`), over every rule. */
export function objectMappings(schema: unknown, sourceObject: "User" | "Group"): GraphObjectMapping[] {
  const rules = (schema as { synchronizationRules?: Array<{ objectMappings?: GraphObjectMapping[] }> } | undefined)?.synchronizationRules ?? [];
  return rules.flatMap((r) => r.objectMappings ?? []).filter((m) => m.sourceObjectName === sourceObject);
}

/** Differences between the live mappings of one object and the ones the package set. Pure. */
export function mappingDifferences(live: readonly GraphMapping[], expected: readonly AttributeMapping[], strict: boolean): string[] {
  const problems: string[] = [];
  for (const m of expected) {
    const found = live.find((l) => l.targetAttributeName === m.target);
    const want = sourceExpression(m.source);
    if (!found) problems.push(`${m.target}: missing (want ${want})`);
    else if ((found.source?.expression ?? "") !== want) problems.push(`${m.target}: ${found.source?.expression ?? "(no source)"} (want ${want})`);
    else if ((found.matchingPriority ?? 0) !== (m.matchingPriority ?? 0)) problems.push(`${m.target}: matching priority ${found.matchingPriority ?? 0} (want ${m.matchingPriority ?? 0})`);
    else {
      const settings = settingDifferences(found, m);
      if (settings.length > 0) problems.push(`${m.target}: ${settings.join(", ")}`);
    }
  }
  if (strict) {
    for (const l of live) if (l.targetAttributeName && !expected.some((m) => m.target === l.targetAttributeName)) problems.push(`${l.targetAttributeName}: not in strict mappings`);
  }
  return problems;
}

/** The job's mappings for Entra `User`s (`Group`s) equal what the package set. */
export function mappingsCheck(schema: unknown, object: "User" | "Group", expected: readonly AttributeMapping[], strict: boolean): CheckResult {
  const id = `entra.mappings.${object.toLowerCase()}`;
  const title = `Entra ${object.toLowerCase()} attribute mappings`;
  const mappings = objectMappings(schema, object);
  if (mappings.length === 0) return fail(id, title, `no object mapping provisions Entra ${object}s`, "the job's schema has no mapping for this object", "re-apply the stack (the schema PUT restores them)");
  const problems = mappings.flatMap((m) => [...(m.enabled === false ? ["object mapping disabled"] : []), ...mappingDifferences(m.attributeMappings ?? [], expected, strict)]);
  if (problems.length === 0) return pass(id, title, `${expected.length} mappings as configured${strict ? " (strict)" : ""}`);
  const external = problems.some((p) => p.startsWith("externalId"));
  return fail(
    id,
    title,
    problems.slice(0, 6).join("; ") + (problems.length > 6 ? `; and ${problems.length - 6} more` : ""),
    external ? "externalId does not carry the object id: SAML logins will not match SCIM users (\"User sync failed\")" : "the mappings were changed after the deploy (or the schema PUT did not run)",
    `terraform apply -replace=<the schema PUT's address> re-applies them (${deploymentCommands().documentation("entra.md")}, Drift)`,
  );
}

/** The claims mapping policies assigned to the app send the object id as `claim`. */
export function claimsPolicyCheck(answer: unknown, claim: string): CheckResult {
  const id = "entra.saml.claim";
  const title = `Entra sends the object id as "${claim}"`;
  const policies = ((answer as { value?: unknown } | undefined)?.value ?? []) as Array<{ displayName?: string; definition?: string[] }>;
  const sends = policies.some((p) =>
    (p.definition ?? []).some((d) => {
      try {
        const schema = (JSON.parse(d) as { ClaimsMappingPolicy?: { ClaimsSchema?: Array<{ Source?: string; ID?: string; SamlClaimType?: string }> } }).ClaimsMappingPolicy?.ClaimsSchema ?? [];
        return schema.some((c) => c.Source?.toLowerCase() === "user" && c.ID?.toLowerCase() === "objectid" && c.SamlClaimType === claim);
      } catch {
        return false;
      }
    }),
  );
  if (sends) return pass(id, title, `a claims mapping policy maps user.objectid to ${claim}`);
  return fail(id, title, `${policies.length} claims mapping policies; none maps user.objectid to ${claim}`, 'logins will fail with "User sync failed": the userUID assertion is missing (Grafana troubleshooting)', "re-apply with identityProvider.singleSignOn (it assigns the policy), or read objectidentifier: singleSignOn.externalUidClaim \"objectidentifier\"");
}

/** The id and title of the group claims line, for {@link groupClaimsCheck} and the failures before it can run. */
export const GROUP_CLAIMS_CHECK = { id: "entra.saml.group-claims", title: "Entra group claims (groupMembershipClaims)" } as const;

/**
 * The application's `groupMembershipClaims` is what `singleSignOn.groupClaims` set. The stack
 * PATCHes it only when the configured value changes (msgraph_resource_action has no read), so a
 * value changed in the portal or the manifest since would go unseen: Grafana's role sync would
 * then read other groups, or none. Graph returns null for an app that was never set: that is
 * "None". Compared case-insensitively (Graph keeps what was written).
 */
export function groupClaimsCheck(answer: unknown, expected: string): CheckResult {
  const { id, title } = GROUP_CLAIMS_CHECK;
  const value = (answer as { groupMembershipClaims?: unknown } | undefined)?.groupMembershipClaims;
  const actual = typeof value === "string" && value !== "" ? value : "None";
  if (actual.toLowerCase() === expected.toLowerCase()) return pass(id, title, `${actual}, as identityProvider.singleSignOn.groupClaims says`);
  return fail(
    id,
    title,
    `${actual} (want ${expected})`,
    expected === "None"
      ? "the app sends a groups claim that the environment turned off (changed by hand since the apply)"
      : "changed by hand since the apply: Grafana's role and org mapping read other groups than configured, or none (every user gets the default role)",
    `terraform apply -replace=<the group-claims action's address> sets it again (${deploymentCommands().documentation("entra.md")}, Group claims and role sync)`,
  );
}

/** Graph's provision-on-demand answer: `key` holds `{"result": …, "details": …}` as JSON text. */
export function provisionOnDemandOutcome(answer: unknown): { ok: boolean; text: string } {
  const key = (answer as { key?: unknown } | undefined)?.key;
  try {
    const parsed = JSON.parse(typeof key === "string" ? key : "") as { result?: string; details?: { errorCode?: string; errorMessage?: string } };
    const result = parsed.result ?? "unknown";
    const details = [parsed.details?.errorCode, parsed.details?.errorMessage].filter(Boolean).join(": ");
    // "Skipped" with RedundantExport: the user is already provisioned as it should be.
    const ok = result === "Success" || (result === "Skipped" && parsed.details?.errorCode === "RedundantExport");
    return { ok, text: `${result}${details ? ` (${details})` : ""}` };
  } catch {
    return { ok: false, text: "an answer without a result" };
  }
}

/** The id of the rule that provisions Entra users (for provision on demand). */
export function userProvisioningRuleId(schema: unknown): string | undefined {
  // Graph's answer is read as it comes: a rule or mapping of another shape (null, a string) is skipped.
  const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object";
  const rules = isObject(schema) && Array.isArray(schema.synchronizationRules) ? schema.synchronizationRules.filter(isObject) : [];
  const rule = rules.find((r) => Array.isArray(r.objectMappings) && r.objectMappings.some((m) => isObject(m) && m.sourceObjectName === "User"));
  return typeof rule?.id === "string" ? rule.id : undefined;
}
