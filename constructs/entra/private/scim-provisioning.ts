/**
 * Entra ID provisioning to Grafana: the SCIM job, its credentials, Grafana's attribute mappings,
 * a credential test, and the start, in that order.
 */
import { SynchronizationJob } from "@cdktf/provider-azuread/lib/synchronization-job";
import { SynchronizationJobProvisionOnDemand } from "@cdktf/provider-azuread/lib/synchronization-job-provision-on-demand";
import { SynchronizationSecret } from "@cdktf/provider-azuread/lib/synchronization-secret";
import { Fn, ITerraformDependable, Lazy, TerraformLocal, TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { DataMsgraphResource } from "../../../.gen/providers/msgraph/data-msgraph-resource";
import { ResourceAction } from "../../../.gen/providers/msgraph/resource-action";
import { ConfigurationError } from "../../errors";
import type { IGrafanaScim } from "../../grafana/grafana-scim";
import { addressOf, lazyAddress, lazyExpression, lazyExpressionOf } from "../../private/terraform/address";
import { TerraformCheck } from "../../private/terraform/check";
import { TerraformData } from "../../private/terraform/data";
import { importInto } from "../../private/terraform/import";
import { escapeTemplatesDeep } from "../../template-escape";
import { markChangeReview } from "../../change-review";
import {
  GRAFANA_GROUP_MAPPINGS,
  GRAFANA_USER_MAPPINGS,
  graphAttributeMapping,
  isFunctionSource,
  mergeMappings,
  type AttributeMapping,
  type MappedObject,
} from "../attribute-mappings";
import type { EntraEnterpriseApp } from "./enterprise-app";
import type { EntraMappingOptions, ProvisionOnDemandOptions } from "../provisioning-options";
import { SCIM_JOB_TEMPLATE_ID, uuidProblem } from "../entra-ids";
import { synchronizationJobImportId } from "../import-ids";
import {
  mappingDriftExpression,
  provisioningRuleIdExpression,
  schemaShapeProblemsExpression,
  transformedSchemaExpression,
  type SchemaTransformInput,
} from "./schema-transform";

/** Props of {@link EntraScimProvisioning}. */
export interface EntraScimProvisioningProps {
  /** The enterprise application. */
  readonly app: EntraEnterpriseApp;
  /** The Grafana side: tenant URL and token. */
  readonly grafana: IGrafanaScim;
  /** Attribute mappings. @default Grafana's, keeping Microsoft's other defaults */
  readonly mappings?: EntraMappingOptions;
  /**
   * Start provisioning once credentials and mappings are in place. With false the job is set up
   * and stays paused (for example to review mappings in the portal first).
   * @default true
   */
  readonly start?: boolean;
  /** Provision these users and groups on demand after the start. @default none */
  readonly provisionOnDemand?: ProvisionOnDemandOptions;
  /**
   * What puts users in the job's scope, typically the app's group assignments. Provisioning on
   * demand waits for it: Entra skips a subject that is not assigned to the app yet.
   * @default nothing to wait for
   */
  readonly scope?: readonly ITerraformDependable[];
  /**
   * Protect the job and its secret with Terraform's `prevent_destroy`: a plan that would destroy or
   * replace them fails (a new job starts provisioning from scratch). Set false only to remove the
   * provisioning on purpose.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /** The azuread provider. @default the stack's default */
  readonly azureadProvider?: TerraformProvider;
  /** The microsoft/msgraph provider. @default the stack's default */
  readonly msgraphProvider?: TerraformProvider;
}

/**
 * The `scim` synchronization job (created paused) and, strictly in this order:
 * 1. the job's schema, read through Graph (`data.msgraph_resource`), with a postcondition that it
 *    is a synchronization schema the mappings can be applied to (it fails the run, naming the job
 *    and what is missing, before anything else is written);
 * 2. its secret: `BaseAddress` = Grafana's tenant URL, `SecretToken` = Grafana's token;
 * 3. the attribute mappings: function expressions are parsed by Graph (`parseExpression`), the
 *    schema is transformed by an HCL expression (see `schema-transform.ts`) and PUT back whole
 *    (`msgraph_resource_action`);
 * 4. "Test connection": Graph's `validateCredentials` on the saved credentials, so a wrong URL or
 *    token fails the apply with Graph's message; it waits for Grafana's SCIM switch and the service
 *    account's permissions (`IGrafanaScim.scimReady`);
 * 5. `start`, only for a job that was not running when this stack first saw it (Graph's `start` is
 *    for paused or quarantined jobs). The job resource ignores `enabled` afterwards, so the next
 *    plan does not pause it.
 *
 * The PUT runs when the job is created and when the configured mappings change; it does not
 * chase the schema's server-side `version`, so a plan after an apply is empty. A `check` re-reads
 * the schema after the PUT (a data source scoped to the check) and warns when the job's mappings
 * differ from what this package sets (someone edited them in the portal), with the command that
 * re-applies them.
 */
export class EntraScimProvisioning extends Construct {
  /** The synchronization job. */
  readonly job: SynchronizationJob;
  /** Tenant URL and token of the job. */
  readonly secret: SynchronizationSecret;
  /** The job's current schema, read through Graph. */
  readonly schema: DataMsgraphResource;
  /** The managed mappings in Graph's format (`user`, `group`), as configured: function sources without a tree. */
  readonly managedMappings: TerraformLocal;
  /** The managed mappings as they are PUT: function sources carry Graph's parse tree. */
  readonly parsedMappings: TerraformLocal;
  /** `POST …/schema/parseExpression`, one per managed mapping from a function, by object and target. */
  readonly parseExpressions: ReadonlyArray<{ readonly object: MappedObject; readonly target: string; readonly action: ResourceAction }>;
  /** The schema to PUT: the current one with the managed mappings applied. */
  readonly desiredSchema: TerraformLocal;
  /** Changes when the configured mappings change; replaces the PUT. */
  readonly mappingIntent: TerraformData;
  /** `PUT …/schema`. */
  readonly putSchema: ResourceAction;
  /** `POST …/validateCredentials` with the saved credentials. */
  readonly validateCredentials: ResourceAction;
  /**
   * `POST …/start`, unless `start` is false; a `GET` of the job instead when the job was already
   * running when this action was created (an adopted job).
   */
  readonly startJob?: ResourceAction;
  /** Warns when the job's mappings drift. */
  readonly mappingDriftCheck: TerraformCheck;
  /** On-demand provisioning, when requested. */
  readonly provisionOnDemand?: SynchronizationJobProvisionOnDemand;
  /** The user mappings this package sets, in order. */
  readonly userMappings: readonly AttributeMapping[];
  /** The group mappings this package sets, in order. */
  readonly groupMappings: readonly AttributeMapping[];

  constructor(scope: Construct, id: string, props: EntraScimProvisioningProps) {
    super(scope, id);
    const { app, grafana } = props;
    const strict = (props.mappings?.mode ?? "keep-defaults") === "strict";
    this.userMappings = mergeMappings(GRAFANA_USER_MAPPINGS, props.mappings?.user ?? [], "mappings.user");
    this.groupMappings = mergeMappings(GRAFANA_GROUP_MAPPINGS, props.mappings?.group ?? [], "mappings.group");
    validateProvisionOnDemand(props.provisionOnDemand);
    const azuread = props.azureadProvider;
    const msgraph = props.msgraphProvider;
    const preventDestroy = props.preventDestroy ?? true;

    this.job = new SynchronizationJob(this, "job", {
      servicePrincipalId: app.servicePrincipalId,
      templateId: SCIM_JOB_TEMPLATE_ID,
      // Created paused; the start action below starts it once credentials and mappings are set.
      // Read back, `enabled` is true while the job runs: ignoring it keeps plans from pausing it.
      enabled: false,
      lifecycle: { ignoreChanges: ["enabled"], preventDestroy },
      provider: azuread,
    });

    // Graph-relative URL of the job: azuread ids carry a leading "/servicePrincipals/...".
    const jobUrl = Fn.trimprefix(this.job.id, "/");

    this.schema = new DataMsgraphResource(this, "schema", {
      url: `${jobUrl}/schema`,
      responseExportValues: { schema: "@" },
      lifecycle: {
        postcondition: [
          {
            condition: `\${length(${schemaShapeProblemsExpression("self.output.schema")}) == 0}`,
            errorMessage: Lazy.stringValue({
              produce: () =>
                `The schema Graph returned for the provisioning job \${${addressOf(this.job)}.id} is not a synchronization schema ` +
                `Grafana's mappings can be applied to: \${join("; ", ${schemaShapeProblemsExpression("self.output.schema")})}. ` +
                `Nothing was written to the job; check it in the Entra admin center (Provisioning) or with GET …/schema.`,
            }),
          },
        ],
      },
      provider: msgraph,
    });

    this.secret = new SynchronizationSecret(this, "secret", {
      servicePrincipalId: app.servicePrincipalId,
      credential: [
        { key: "BaseAddress", value: grafana.tenantUrl },
        { key: "SecretToken", value: grafana.tokenValue },
      ],
      // After the schema check: a job whose schema cannot take the mappings gets no token.
      dependsOn: [this.job, this.schema],
      lifecycle: { preventDestroy },
      provider: azuread,
    });

    this.managedMappings = new TerraformLocal(
      this,
      "mappings",
      escapeTemplatesDeep({ user: this.userMappings.map(graphAttributeMapping), group: this.groupMappings.map(graphAttributeMapping) }),
    );

    // Graph's own parse tree for every function expression: it runs at apply (parseExpression needs
    // Synchronization.ReadWrite.All, which plan credentials should not hold), again when the
    // expression changes, and its tree stays in state.
    const parses: Array<{ object: MappedObject; target: string; action: ResourceAction }> = [];
    const parsed = (object: MappedObject, mappings: readonly AttributeMapping[]) =>
      mappings.map((mapping) => {
        const encoded = escapeTemplatesDeep(graphAttributeMapping(mapping));
        if (!isFunctionSource(mapping.source)) return encoded;
        const action = new ResourceAction(this, `parse-${object}-${mapping.target.replace(/\//g, "-")}`, {
          resourceUrl: `${jobUrl}/schema`,
          action: "parseExpression",
          method: "POST",
          body: { expression: escapeTemplatesDeep(mapping.source.expression) },
          responseExportValues: { tree: "parsedExpression", parsed: "parsingSucceeded", error: "error" },
          lifecycle: {
            postcondition: [
              {
                condition: "${try(self.output.parsed, false) == true}",
                errorMessage:
                  `Graph could not parse the ${object} mapping to ${escapeTemplatesDeep(mapping.target)}, ${escapeTemplatesDeep(mapping.source.expression)}: ` +
                  "${jsonencode(try(self.output.error, null))}",
              },
            ],
          },
          provider: msgraph,
        });
        markChangeReview(action, { purpose: "entra-parse-expression" });
        parses.push({ object, target: mapping.target, action });
        return { ...encoded, source: lazyExpression(action, (address) => `${address}.output.tree`) };
      });
    this.parsedMappings = new TerraformLocal(this, "parsed-mappings", { user: parsed("user", this.userMappings), group: parsed("group", this.groupMappings) });
    this.parseExpressions = parses;

    const transformInput = (schema: string, mappings: string): SchemaTransformInput => ({
      current: `${schema}.output.schema`,
      userMappings: `${mappings}.user`,
      groupMappings: `${mappings}.group`,
      strict,
    });
    this.desiredSchema = new TerraformLocal(
      this,
      "desired-schema",
      lazyExpressionOf([this.schema, this.parsedMappings], (schema, mappings) => transformedSchemaExpression(transformInput(schema!, mappings!))),
    );

    this.mappingIntent = new TerraformData(this, "mapping-intent", {
      triggersReplace: { mappings: this.managedMappings.asAnyMap, mode: strict ? "strict" : "keep-defaults" },
    });

    this.putSchema = new ResourceAction(this, "put-schema", {
      resourceUrl: `${jobUrl}/schema`,
      method: "PUT",
      body: Token.asAnyMap(this.desiredSchema.asAnyMap),
      // The body follows the live schema (including its server-side `version`); re-sending it on
      // every change would make every plan show a PUT. It runs on create and when the mappings change.
      lifecycle: { ignoreChanges: ["body"], replaceTriggeredBy: [lazyAddress(this.mappingIntent)] },
      dependsOn: [this.secret],
      provider: msgraph,
    });
    // The delivery's critical-change gate judges the PUT by what changes in the mappings.
    markChangeReview(this.mappingIntent, { purpose: "entra-mapping-intent" });
    markChangeReview(this.putSchema, { purpose: "entra-schema-put", mappingIntent: lazyAddress(this.mappingIntent) });

    this.validateCredentials = new ResourceAction(this, "validate-credentials", {
      resourceUrl: jobUrl,
      action: "validateCredentials",
      method: "POST",
      // The saved secret: what the job will use, and the token stays out of this resource.
      body: { useSavedCredentials: true },
      lifecycle: { replaceTriggeredBy: [lazyAddress(this.secret)] },
      // Graph calls Grafana's SCIM API here (and start and provision on demand, after it): SCIM
      // must be switched on and the service account allowed first, or a first apply fails or
      // starts a job against an API that refuses it.
      dependsOn: [this.putSchema, ...(grafana.scimReady ?? [])],
      provider: msgraph,
    });
    markChangeReview(this.validateCredentials, { purpose: "entra-validate-credentials" });

    if (props.start ?? true) {
      // Graph's start is for a paused or quarantined job (synchronization-synchronizationjob-start).
      // The job's `enabled` when this action is created decides: a new job is paused (false) and
      // is started; an adopted job that already runs gets a harmless GET instead. ignore_changes
      // keeps that first decision, so a later running job never turns this into a start.
      this.startJob = new ResourceAction(this, "start", {
        resourceUrl: jobUrl,
        action: lazyExpression(this.job, (job) => `${job}.enabled ? null : "start"`),
        method: lazyExpression(this.job, (job) => `${job}.enabled ? "GET" : "POST"`),
        lifecycle: { ignoreChanges: ["action", "method"] },
        dependsOn: [this.validateCredentials],
        provider: msgraph,
      });
      markChangeReview(this.startJob, { purpose: "entra-start-job" });
    }

    // The check re-reads the schema itself, after the PUT: the read above is from before it, so an
    // apply that fixes the mappings would otherwise end with a warning that they differ. On a plan
    // with no PUT pending the read happens during the plan and reports portal edits.
    const driftCheck: TerraformCheck = new TerraformCheck(this, "mapping-drift", {
      dataSources: [
        {
          type: "msgraph_resource",
          name: "schema",
          config: { url: `${jobUrl}/schema`, response_export_values: { schema: "@" } },
          dependsOn: [this.putSchema],
          provider: msgraph,
        },
      ],
      assertions: [
        {
          condition: Lazy.stringValue({
            produce: () => `\${try(length(${mappingDriftExpression(transformInput(driftCheck.dataAddress("schema"), addressOf(this.managedMappings)))}) == 0, false)}`,
          }),
          errorMessage: Lazy.stringValue({
            produce: () => {
              const drift = mappingDriftExpression(transformInput(driftCheck.dataAddress("schema"), addressOf(this.managedMappings)));
              return (
                `The attribute mappings of the Entra provisioning job differ from what this stack sets: ` +
                `\${try(join("; ", ${drift}), "the job's schema could not be read")}. ` +
                `Re-apply them with: terraform apply -replace=${addressOf(this.putSchema)}`
              );
            },
          }),
        },
      ],
    });
    this.mappingDriftCheck = driftCheck;

    const onDemand = subjectsOf(props.provisionOnDemand);
    if (onDemand.length > 0) {
      this.provisionOnDemand = new SynchronizationJobProvisionOnDemand(this, "provision-on-demand", {
        servicePrincipalId: app.servicePrincipalId,
        synchronizationJobId: this.job.id,
        parameter: [
          {
            ruleId: lazyExpressionOf([this.schema], (schema) => provisioningRuleIdExpression(`${schema}.output.schema`)),
            subject: onDemand,
          },
        ],
        dependsOn: [this.startJob ?? this.validateCredentials, ...(props.scope ?? [])],
        provider: azuread,
      });
    }
  }

  /** Imports the existing provisioning job of service principal `servicePrincipalObjectId`. */
  importExisting(servicePrincipalObjectId: string, jobId: string): void {
    importInto(this.job, synchronizationJobImportId(servicePrincipalObjectId, jobId));
  }
}

function subjectsOf(options: ProvisionOnDemandOptions | undefined): Array<{ objectId: string; objectTypeName: string }> {
  return [
    ...(options?.users ?? []).map((objectId) => ({ objectId, objectTypeName: "User" })),
    ...(options?.groups ?? []).map((objectId) => ({ objectId, objectTypeName: "Group" })),
  ];
}

function validateProvisionOnDemand(options: ProvisionOnDemandOptions | undefined): void {
  for (const kind of ["users", "groups"] as const) {
    (options?.[kind] ?? []).forEach((id, i) => {
      const problem = uuidProblem(id);
      if (problem) throw new ConfigurationError(`provisionOnDemand.${kind}[${i}]`, problem);
    });
  }
}
