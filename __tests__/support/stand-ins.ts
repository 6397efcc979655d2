/**
 * Provider-free stand-ins of a synthesized stack, for planning with the real Terraform CLI how one
 * configuration of the package moves to another. Every resource becomes a `terraform_data` named
 * `<type>__<logical id>` that keeps its lifecycle (`prevent_destroy`, `create_before_destroy`);
 * the arguments the provider replaces the resource for go into `triggers_replace`, the others into
 * `input`. References stay as their literal text, so an argument "changes" exactly when the
 * expression the package emits for it changes.
 */
import { escapeTemplatesDeep as literal } from "../../constructs/template-escape";
import type { TerraformJson } from "./template";

/**
 * Arguments whose change replaces the resource (ForceNew / RequiresReplace), per resource type,
 * read from the providers' sources:
 * - azuread v3.7.0 (`hashicorp/terraform-provider-azuread`): `internal/services/applications/application_from_template_resource.go`,
 *   `serviceprincipals/service_principal_resource.go`, `synchronization/synchronization_job_resource.go`,
 *   `synchronization/synchronization_secret_resource.go`, `approleassignments/app_role_assignment_resource.go`.
 * - msgraph (`internal/services/msgraph_resource_action.go`, see `.gen/README.md`): `resource_url`, `action`, `method`, `api_version`.
 * Types not listed are treated as updatable in place (a stand-in then under-reports their
 * replacement; the tests only rely on the listed ones).
 */
export const FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  azuread_application_from_template: ["template_id"],
  azuread_service_principal: ["client_id"],
  azuread_synchronization_job: ["service_principal_id", "template_id"],
  azuread_synchronization_secret: ["service_principal_id"],
  azuread_app_role_assignment: ["app_role_id", "principal_object_id", "resource_object_id"],
  msgraph_resource_action: ["resource_url", "action", "method", "api_version"],
};

const META = new Set(["depends_on", "provider", "lifecycle", "provisioner", "count", "for_each", "connection"]);


/** The stand-in address of a resource address of the stack. */
export function standInAddress(address: string): string {
  const [type, ...name] = address.split(".");
  return `terraform_data.${type}__${name.join(".")}`;
}

/** A provider-free configuration with one `terraform_data` per resource of `stack`. */
export function standInConfig(stack: TerraformJson, forceNew: Readonly<Record<string, readonly string[]>> = FORCE_NEW): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  for (const [type, instances] of Object.entries(stack.resource ?? {})) {
    for (const [name, body] of Object.entries(instances)) {
      const replacing = forceNew[type] ?? [];
      const args = Object.entries(body).filter(([k]) => !META.has(k));
      const lifecycle = (body.lifecycle ?? {}) as Record<string, unknown>;
      resources[`${type}__${name}`] = {
        input: literal(Object.fromEntries(args.filter(([k]) => !replacing.includes(k)))),
        triggers_replace: literal(Object.fromEntries(args.filter(([k]) => replacing.includes(k)))),
        lifecycle: {
          ...(lifecycle.prevent_destroy ? { prevent_destroy: true } : {}),
          ...(lifecycle.create_before_destroy ? { create_before_destroy: true } : {}),
        },
      };
    }
  }
  return { resource: { terraform_data: resources } };
}

/**
 * Like {@link standInConfig}, but references are evaluated instead of kept as text: a reference
 * to `<type>.<name>.<attribute>` of a resource in `resources` reads the stand-in's
 * `input.<attribute>`, and each stand-in's `input` carries `computed[type]` (fake values of the
 * provider-computed attributes, the same in every configuration) next to its arguments. Any other
 * interpolation (a data source, a resource not stood in for) becomes its literal text. So an argument "changes" only when its value does, and it is known
 * during the plan exactly when Terraform would know it (a configured argument of a resource
 * being created is known; an `output` would not be).
 */
export function evaluatedStandInConfig(
  resources: Record<string, Record<string, Record<string, unknown>>>,
  computed: Readonly<Record<string, Record<string, unknown>>>,
  forceNew: Readonly<Record<string, readonly string[]>> = FORCE_NEW,
): Record<string, unknown> {
  const rewrite = (value: unknown): unknown => {
    if (typeof value === "string") {
      // An interpolation that is a reference to a resource here reads its stand-in; any other
      // (data sources, resources not stood in for, functions) becomes its literal text.
      return value.replace(/\$\{([^}]*)\}/g, (_m, inner: string) => {
        const ref = /^([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.(([a-z_]+).*)$/.exec(inner);
        if (!ref || resources[ref[1]!]?.[ref[2]!] === undefined) return `$\${${inner}}`;
        // A computed attribute is read from `output`: unknown while the stand-in is being created,
        // as the provider's value would be. A configured one from `input`: known.
        const from = Object.hasOwn(computed[ref[1]!] ?? {}, ref[4]!) ? "output" : "input";
        return `\${terraform_data.${ref[1]}__${ref[2]}.${from}.${ref[3]}}`;
      });
    }
    if (Array.isArray(value)) return value.map(rewrite);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
    return value;
  };
  const standIns: Record<string, unknown> = {};
  for (const [type, instances] of Object.entries(resources)) {
    for (const [name, body] of Object.entries(instances)) {
      const replacing = forceNew[type] ?? [];
      const args = Object.entries(body).filter(([k]) => !META.has(k));
      const lifecycle = (body.lifecycle ?? {}) as Record<string, unknown>;
      standIns[`${type}__${name}`] = {
        input: rewrite({ ...Object.fromEntries(args), ...(computed[type] ?? {}) }),
        triggers_replace: rewrite(Object.fromEntries(args.filter(([k]) => replacing.includes(k)))),
        lifecycle: lifecycle.prevent_destroy ? { prevent_destroy: true } : {},
      };
    }
  }
  return { resource: { terraform_data: standIns } };
}
