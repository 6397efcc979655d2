/**
 * `verify`: Grafana's "test the integration" and troubleshooting steps, run against a deployed
 * environment. Each check is one {@link CheckResult}; a check that cannot run here (no
 * credential for it) is skipped with the reason, and one failing API never stops the others.
 */
import type { TokenCredential } from "@azure/identity";
import { GRAFANA_GROUP_MAPPINGS, GRAFANA_USER_MAPPINGS, mergeMappings, type AttributeMapping } from "../constructs/entra/attribute-mappings";
import { entraGrafanaSamlSettings } from "../constructs/entra/saml-claims";
import { DEFAULT_EXTERNAL_UID_ATTRIBUTE } from "../constructs/grafana/saml-urls";
import { scimNamespace } from "../constructs/grafana/tenant-url";
import { GRAFANA_AUTH_ENV } from "../constructs/grafana/provider-config";
import { oktaOrgUrl } from "../constructs/okta/org";
import { deploymentCommands, type EntraEnvironmentConfig, type Environment, type OktaEnvironmentConfig } from "../environment-format";
import { oktaScimOptions } from "../stacks/identity-providers/okta";
import { grafanaInstance } from "../stacks/scim-stack";
import { fail, pass, skip, type CheckResult } from "./check";
import { claimsPolicyCheck, GROUP_CLAIMS_CHECK, groupClaimsCheck, jobStateCheck, lastCycleCheck, mappingsCheck, provisionOnDemandOutcome, quarantineCheck, secretCheck, userProvisioningRuleId, type SynchronizationJob } from "./entra/checks";
import type { GraphFailure } from "./entra/graph";
import { GrafanaApi } from "./grafana/api";
import { answerFailure, namespaceCheck, samlExternalUidCheck, samlSignUpCheck, scimEndpointCheck, tokenExpiryCheck, tokenUseCheck } from "./grafana/checks";
import { equalsFilter, GrafanaScimClient, type ScimQueryResult } from "./grafana/scim-client";
import { classifyTransportError, errorResult, TransportError } from "./http";
import { appActiveCheck, groupPushCheck, oktaExternalUidCheck, scimFeaturesCheck, type GroupPushMappingInfo, type OktaApp } from "./okta/checks";
import type { StackOutputs } from "./outputs";

/**
 * Endpoints and credentials that tests put in place of the real ones. The command line takes them
 * only from its in-process caller, never from the process environment.
 */
export interface VerifyOverrides {
  /** Microsoft Graph's root instead of the one ARM_ENVIRONMENT selects. */
  readonly graphUrl?: string;
  /** The Okta org's URL instead of the environment file's. */
  readonly oktaOrgUrl?: string;
  /** A ready Entra credential instead of the one the ARM_* variables select. */
  readonly entraCredential?: TokenCredential;
  /** The Entra sign-in host (`https://…`) instead of the one ARM_ENVIRONMENT selects, for the ARM_* credential. */
  readonly entraAuthorityHost?: string;
  /** The Terraform binary that reads the state. @default "terraform" */
  readonly terraform?: string;
}

/** Everything one run needs. */
export interface VerifyContext {
  readonly environment: Environment;
  readonly outputs: StackOutputs;
  /** Process environment: GRAFANA_AUTH, ARM_*, OKTA_*. */
  readonly env: NodeJS.ProcessEnv;
  /** Deadline of each request. */
  readonly timeoutMs: number;
  readonly now: Date;
  /** `--user`: an Entra object id, an Okta user id or login, or (without identity provider) an externalId. */
  readonly user?: string;
  /** Microsoft Graph's root; default from ARM_ENVIRONMENT (a test points it at a local server). */
  readonly graphUrl?: string;
  /** The Okta org's URL; default from the environment file (a test points it at a local server). */
  readonly oktaOrgUrl?: string;
  /** A ready credential instead of the ARM_* one (tests). */
  readonly entraCredential?: TokenCredential;
  /** The Entra sign-in host instead of ARM_ENVIRONMENT's (tests). */
  readonly entraAuthorityHost?: string;
}

/** The claim Grafana must read the external UID from, given what the identity provider sends. */
export function expectedExternalUidClaim(environment: Environment, clientId: string | undefined): { claim: string; sentBy: string } {
  const { config } = environment;
  const idp = config.identityProvider;
  if (idp?.kind === "entra") {
    const claim = entraGrafanaSamlSettings(idp.tenantId, clientId ?? "", idp.singleSignOn?.externalUidClaim ?? "objectidentifier").assertionAttributeExternalUid;
    return { claim: config.saml?.assertionAttributeExternalUid ?? claim, sentBy: "Entra ID" };
  }
  if (idp?.kind === "okta") return { claim: oktaScimOptions(environment, idp).attributeNames?.externalUid ?? DEFAULT_EXTERNAL_UID_ATTRIBUTE, sentBy: "Okta" };
  return { claim: config.saml?.assertionAttributeExternalUid ?? DEFAULT_EXTERNAL_UID_ATTRIBUTE, sentBy: "the identity provider" };
}

async function grafanaChecks(ctx: VerifyContext, scim: GrafanaScimClient): Promise<CheckResult[]> {
  const { config, name } = ctx.environment;
  const auth = ctx.env[GRAFANA_AUTH_ENV];
  const api = auth ? new GrafanaApi(ctx.outputs.grafanaUrl, auth, ctx.timeoutMs) : undefined;
  // The token list first: Grafana records verify's own SCIM calls below as uses of the token.
  let tokenLines: CheckResult[] = [skip("grafana.token.expiry", "SCIM token expiry", "the state has no scim_service_account_id output")];
  if (api && ctx.outputs.serviceAccountId !== undefined) {
    try {
      const tokens = await api.serviceAccountTokens(ctx.outputs.serviceAccountId);
      // With Entra ID the apply hands the token over; otherwise someone pastes it.
      const pastedByHand = config.identityProvider?.kind !== "entra";
      tokenLines = tokens.ok
        ? [tokenExpiryCheck(tokens.value, config.token.name, config.token.expiryWarningDays, ctx.now), tokenUseCheck(tokens.value, config.token.name, pastedByHand)]
        : [answerFailure("grafana.token.expiry", "SCIM token expiry", tokens.answer, tokens.problem)];
    } catch (error) {
      tokenLines = [errorResult("grafana.token.expiry", "SCIM token expiry", "Grafana's HTTP API", error)];
    }
  }
  const results: CheckResult[] = [namespaceCheck(ctx.outputs.tenantUrl, scimNamespace(grafanaInstance(config)))];
  const resources: Array<"Users" | "Groups"> = ["Users", ...(config.scim.groupSync ? (["Groups"] as const) : [])];
  for (const resource of resources) {
    try {
      results.push(scimEndpointCheck(resource, await scim.list(resource, { count: 1 })));
    } catch (error) {
      results.push(errorResult(`grafana.scim.${resource.toLowerCase()}`, `SCIM ${resource} with the token`, "Grafana's SCIM API", error));
    }
  }
  if (!api) {
    const why = `${GRAFANA_AUTH_ENV} is not set (the deploying identity's token, as for a plan)`;
    results.push(
      skip("grafana.token.expiry", "SCIM token expiry", why, GRAFANA_AUTH_ENV),
      skip("grafana.token.used", "SCIM token in use", why, GRAFANA_AUTH_ENV),
      skip("grafana.saml.external-uid", "SAML external UID claim", why, GRAFANA_AUTH_ENV),
      skip("grafana.saml.allow-sign-up", "SAML just-in-time sign-up off", why, GRAFANA_AUTH_ENV),
    );
    return results;
  }
  results.push(...tokenLines);
  try {
    const saml = await api.samlSettings();
    if (saml.ok) {
      const { claim, sentBy } = expectedExternalUidClaim(ctx.environment, ctx.outputs.entra?.clientId);
      results.push(samlExternalUidCheck(saml.value, claim, sentBy), samlSignUpCheck(saml.value));
    } else if (saml.answer.status === 404) {
      results.push(fail("grafana.saml.external-uid", "SAML external UID claim", "Grafana has no SAML settings", "SCIM provisioning only works with SAML authentication (Grafana's SCIM docs)", `configure SAML: add a saml section to environments/${name}.json and deploy`));
    } else {
      results.push(answerFailure("grafana.saml.external-uid", "SAML external UID claim", saml.answer, saml.problem));
    }
  } catch (error) {
    results.push(errorResult("grafana.saml.external-uid", "SAML external UID claim", "Grafana's HTTP API", error));
  }
  return results;
}

/** Exactly one active SCIM user with `externalId`: the end of an end-to-end test. Pure. */
export function scimUserCheck(externalId: string, result: ScimQueryResult): CheckResult {
  const id = "grafana.scim.user";
  const title = "Test user in Grafana (SCIM, by externalId)";
  if (!result.ok) return answerFailure(id, title, result.answer, result.problem);
  const matches = result.list.resources;
  if (result.list.totalResults === 0 || matches.length === 0) {
    return fail(id, title, `no SCIM user with externalId "${externalId}"`, "the identity provider has not provisioned the user (not assigned, or the cycle failed), or it sends another externalId", "assign the user to the app, check the provisioning logs, and that externalId maps the object id (Entra) / user id (Okta)");
  }
  if (result.list.totalResults > 1) return fail(id, title, `${result.list.totalResults} SCIM users with externalId "${externalId}"`, "several Grafana users carry the same externalId", "deactivate the duplicates; Grafana must hold exactly one user per identity");
  const user = matches[0]!;
  if (user.active === false) return fail(id, title, `"${user.userName ?? user.id}" is provisioned but inactive`, "the identity provider deactivated the user (unassigned, disabled or soft-deleted)", "assign the user to the app and provision again");
  return pass(id, title, `exactly one active user: ${user.userName ?? user.id} (id ${user.id})`);
}

async function lookUpScimUser(scim: GrafanaScimClient, externalId: string): Promise<CheckResult> {
  try {
    return scimUserCheck(externalId, await scim.list("Users", { filter: equalsFilter("externalId", externalId), count: 2 }));
  } catch (error) {
    return errorResult("grafana.scim.user", "Test user in Grafana (SCIM, by externalId)", "Grafana's SCIM API", error);
  }
}

function graphErrorResult(id: string, title: string, f: GraphFailure): CheckResult {
  if (f.transport) return errorResult(id, title, "Microsoft Graph", f.transport);
  if (f.status === 401 || f.status === 403) {
    return fail(id, title, `Graph HTTP ${f.status} ${f.code}`, "the identity running verify may not read the app's provisioning", `grant it Synchronization.Read.All and Application.Read.All (admin consent), as for a plan (${deploymentCommands().documentation("entra.md")})`);
  }
  if (f.status === 404) return fail(id, title, `Graph HTTP 404 ${f.code}`, "the app or its provisioning job does not exist (deleted by hand?)", "re-apply the stack; check the entra_* outputs");
  return fail(id, title, `Graph ${f.status === -1 ? "error" : `HTTP ${f.status}`} ${f.code}: ${f.message}`.slice(0, 300), "Microsoft Graph did not answer as expected", "run again; check Graph's service health");
}

async function entraChecks(ctx: VerifyContext, entra: EntraEnvironmentConfig, scim: GrafanaScimClient): Promise<CheckResult[]> {
  const sp = ctx.outputs.entra?.servicePrincipalObjectId;
  const job = ctx.outputs.entra?.synchronizationJobId;
  if (!sp || !job) return [fail("entra.job.state", "Entra provisioning job runs", "the state has no entra_service_principal_object_id or entra_synchronization_job_id", "the Entra part of the stack is not deployed", `deploy it: ${deploymentCommands().deploy(ctx.environment.name)}`)];
  // Loaded here, not with this module: @azure/identity (with MSAL) and the Graph client are large,
  // and only Entra environments need them (see also oktaChecks).
  const [{ createEntraCredential, describeCredential, entraCloud, entraCredentialChoice }, { EntraGraph, graphFailure }] = await Promise.all([import("./entra/credential"), import("./entra/graph")]);
  let credential = ctx.entraCredential;
  let credentialText = "the given credential";
  let graphUrl = ctx.graphUrl;
  try {
    graphUrl ??= entraCloud(ctx.env).graphUrl;
    if (!credential) {
      const choice = entraCredentialChoice(ctx.env);
      credential = createEntraCredential(choice, ctx.env, entra.tenantId, ctx.timeoutMs, ctx.entraAuthorityHost);
      credentialText = describeCredential(choice);
    }
  } catch (error) {
    return [fail("entra.credential", "Entra credential", error instanceof Error ? error.message : String(error), "verify reads the same ARM_* variables as the azuread provider", "set them as for a plan (README: Credentials)")];
  }
  const graph = new EntraGraph({ credential, graphUrl, timeoutMs: ctx.timeoutMs });
  const results: CheckResult[] = [];
  try {
    const answer = (await graph.job(sp, job)) as SynchronizationJob;
    results.push(jobStateCheck(answer), quarantineCheck(answer), lastCycleCheck(answer));
  } catch (error) {
    results.push(graphErrorResult("entra.job.state", `Entra provisioning job runs (${credentialText})`, graphFailure(error)));
    return results; // without the job, the other Graph reads fail the same way
  }
  try {
    results.push(secretCheck(await graph.secrets(sp), ctx.outputs.tenantUrl));
  } catch (error) {
    results.push(graphErrorResult("entra.secret.tenant-url", "Entra secret: tenant URL and token", graphFailure(error)));
  }
  let schema: unknown;
  try {
    schema = await graph.schema(sp, job);
    const strict = entra.mappings.mode === "strict";
    results.push(mappingsCheck(schema, "User", mergeMappings(GRAFANA_USER_MAPPINGS, entra.mappings.user as AttributeMapping[], "identityProvider.mappings.user"), strict));
    if (ctx.environment.config.scim.groupSync) results.push(mappingsCheck(schema, "Group", mergeMappings(GRAFANA_GROUP_MAPPINGS, entra.mappings.group as AttributeMapping[], "identityProvider.mappings.group"), strict));
  } catch (error) {
    results.push(graphErrorResult("entra.mappings.user", "Entra user attribute mappings", graphFailure(error)));
  }
  const { claim } = expectedExternalUidClaim(ctx.environment, ctx.outputs.entra?.clientId);
  if (entra.singleSignOn?.externalUidClaim === "userUID" && claim === "userUID") {
    try {
      results.push(claimsPolicyCheck(await graph.claimsMappingPolicies(sp), claim));
    } catch (error) {
      results.push(graphErrorResult("entra.saml.claim", `Entra sends the object id as "${claim}"`, graphFailure(error)));
    }
  }
  const groupClaims = entra.singleSignOn?.groupClaims;
  if (groupClaims !== undefined) {
    const clientId = ctx.outputs.entra?.clientId;
    if (clientId === undefined) {
      results.push(fail(GROUP_CLAIMS_CHECK.id, GROUP_CLAIMS_CHECK.title, "the state has no entra_client_id output", "the stack was deployed by an earlier version", `apply the current stack: ${deploymentCommands().deploy(ctx.environment.name)}`));
    } else {
      try {
        results.push(groupClaimsCheck(await graph.applicationGroupClaims(clientId), groupClaims));
      } catch (error) {
        results.push(graphErrorResult(GROUP_CLAIMS_CHECK.id, GROUP_CLAIMS_CHECK.title, graphFailure(error)));
      }
    }
  }
  if (ctx.user !== undefined) {
    const id = "entra.user.provision";
    const title = "Provision the test user on demand (Entra)";
    // A schema of unexpected shape has no rule id: the mappings line says what could not be read.
    const ruleId = userProvisioningRuleId(schema);
    if (!ruleId) {
      results.push(fail(id, title, "no provisioning rule for Entra users in the job's schema", "the schema could not be read or has no user rule", "see the mappings line"));
    } else {
      try {
        const outcome = provisionOnDemandOutcome(await graph.provisionOnDemand(sp, job, ruleId, ctx.user));
        results.push(outcome.ok ? pass(id, title, outcome.text) : fail(id, title, outcome.text, "Entra could not provision the user to Grafana", "is the user assigned to the app (directly or through a group)? Read the provisioning logs for the user"));
      } catch (error) {
        results.push(graphErrorResult(id, title, graphFailure(error)));
      }
    }
    results.push(await lookUpScimUser(scim, ctx.user));
  }
  return results;
}

async function oktaChecks(ctx: VerifyContext, okta: OktaEnvironmentConfig, scim: GrafanaScimClient): Promise<CheckResult[]> {
  const appId = ctx.outputs.okta?.appId;
  const name = ctx.environment.name;
  if (!appId) return [fail("okta.app.active", "Okta app active", "the state has no okta_app_id output", "the Okta part of the stack is not deployed", `deploy it: ${deploymentCommands().deploy(name)}`)];
  // Loaded here, not with this module: the Okta SDK is about 2,000 modules, and only Okta
  // environments need it.
  const { allPages, createOktaClient, oktaCredentialChoice, oktaFailure } = await import("./okta/client");
  const choice = oktaCredentialChoice(ctx.env);
  if (!choice) return [skip("okta.app.active", "Okta app active", "no Okta credential: set OKTA_API_TOKEN or the OKTA_API_* OAuth variables, as for a plan", "OKTA_API_TOKEN (or the OKTA_API_* OAuth variables)")];
  const orgUrl = ctx.oktaOrgUrl ?? oktaOrgUrl({ orgName: okta.orgName, baseUrl: okta.baseUrl });
  let client: ReturnType<typeof createOktaClient>;
  try {
    client = createOktaClient(orgUrl, choice, ctx.env, ctx.timeoutMs);
  } catch (error) {
    return [fail("okta.credential", "Okta credential", error instanceof Error ? error.message : String(error), "verify reads the same OKTA_API_* variables as the okta provider", "set them as for a plan (README: Credentials)")];
  }
  const results: CheckResult[] = [];
  const oktaError = (id: string, title: string, error: unknown): CheckResult => {
    const f = oktaFailure(error);
    if (f.status === -1) {
      const transport = classifyTransportError(error);
      return errorResult(id, title, "Okta", transport ? new TransportError(transport.kind, new URL(orgUrl).host, transport.detail) : error);
    }
    if (f.status === 401 || f.status === 403) return fail(id, title, `Okta HTTP ${f.status} ${f.code}: ${f.summary}`, "the Okta identity running verify may not read the app", `use a token or OAuth app with okta.apps.read (and okta.users.read for --user), as for a plan (${deploymentCommands().documentation("okta.md")})`);
    if (f.status === 404) return fail(id, title, `Okta HTTP 404 ${f.code}`, "the app does not exist (deleted by hand?)", "re-apply the stack; check okta_app_id");
    if (f.status >= 300 && f.status < 400) {
      return fail(id, title, `Okta HTTP ${f.status}: a redirect, not followed (the API token is never sent on)`, "the org URL redirects: a moved custom domain, or a proxy or login page in front of Okta", "set the environment's Okta org URL to the one Okta's API answers on");
    }
    return fail(id, title, `Okta HTTP ${f.status} ${f.code}: ${f.summary}`, "Okta did not answer as expected", "run again");
  };
  let app: OktaApp;
  try {
    app = (await client.applicationApi.getApplication({ appId })) as unknown as OktaApp;
  } catch (error) {
    return [oktaError("okta.app.active", "Okta app active", error)];
  }
  // Okta's SDK passes fields of unexpected shape on (an attribute statement that is null): a check
  // that cannot read the app fails its line instead of ending verify with an exception.
  const guarded = (id: string, title: string, check: () => CheckResult): CheckResult => {
    try {
      return check();
    } catch (error) {
      return errorResult(id, title, "Okta", error);
    }
  };
  results.push(guarded("okta.app.active", "Okta app active", () => appActiveCheck(app)), guarded("okta.app.scim-features", "Okta SCIM provisioning and To App", () => scimFeaturesCheck(app, name)));
  if (ctx.environment.config.scim.groupSync) {
    try {
      const mappings = (await allPages(await client.groupPushMappingApi.listGroupPushMappings({ appId }))) as GroupPushMappingInfo[];
      results.push(groupPushCheck(mappings, name));
    } catch (error) {
      // 403/404: the Group Push Mappings API is not open to this identity or org; say so, do not fail.
      const status = oktaFailure(error).status;
      results.push(status === 403 || status === 404 ? groupPushCheck(undefined, name) : oktaError("okta.app.group-push", "Okta group push (group sync)", error));
    }
  }
  const { claim } = expectedExternalUidClaim(ctx.environment, undefined);
  results.push(guarded("okta.saml.claim", `Okta sends the user id as "${claim}"`, () => oktaExternalUidCheck(app, claim)));
  if (ctx.user !== undefined) {
    const id = "okta.user.lookup";
    const title = "Look up the test user (Okta)";
    try {
      const user = (await client.userApi.getUser({ userId: ctx.user })) as { id?: string; status?: string; profile?: { login?: string } };
      if (!user.id) throw new Error("Okta answered a user without id");
      results.push(pass(id, title, `${user.profile?.login ?? ctx.user}: Okta id ${user.id}, ${user.status ?? "unknown status"}`));
      results.push(await lookUpScimUser(scim, user.id));
    } catch (error) {
      results.push(oktaError(id, title, error));
    }
  }
  return results;
}

/** Runs every check for the environment. */
export async function runVerify(ctx: VerifyContext): Promise<CheckResult[]> {
  const scim = new GrafanaScimClient(ctx.outputs.tenantUrl, ctx.outputs.token, ctx.timeoutMs);
  const results = await grafanaChecks(ctx, scim);
  const idp = ctx.environment.config.identityProvider;
  if (idp?.kind === "entra") results.push(...(await entraChecks(ctx, idp, scim)));
  else if (idp?.kind === "okta") results.push(...(await oktaChecks(ctx, idp, scim)));
  else if (ctx.user !== undefined) results.push(await lookUpScimUser(scim, ctx.user));
  return results;
}
