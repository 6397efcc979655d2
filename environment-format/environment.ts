/**
 * An environment file: the root schema that puts the sections together and checks the rules
 * between them (rules.ts). The same zod schema validates the files and generates
 * `environments/environment.schema.json` for editor completion (`npm run schema`).
 *
 * Environment files hold no secrets: provider credentials come from the providers' own
 * environment variables (`GRAFANA_AUTH`, `ARM_*`, `OKTA_*`), and a value that looks like a
 * credential is rejected (load.ts).
 */
import { z } from "zod";
import { adoptSchema } from "./adopt";
import { backendSchema } from "./backend";
import { grafanaSchema, scimSchema, serviceAccountSchema, tokenSchema } from "./grafana";
import { identityProviderSchema } from "./identity-provider";
import { environmentProblems } from "./rules";
import { samlSchema } from "./saml";

/** Environment names become stack names (`cdktf deploy <name>`) and directory names. */
export const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** The schema of an environment file. */
export const environmentSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: "Path of the JSON Schema, for editors." }),
    description: z.string().optional().meta({ description: "What this environment is, for humans." }),
    grafana: grafanaSchema,
    scim: scimSchema.prefault({}),
    serviceAccount: serviceAccountSchema.prefault({}),
    token: tokenSchema.prefault({}),
    saml: samlSchema.optional(),
    identityProvider: identityProviderSchema.optional(),
    backend: backendSchema.prefault({ kind: "local" }),
    adopt: adoptSchema.optional(),
  })
  .superRefine((env, ctx) => {
    for (const { path, problem } of environmentProblems(env)) ctx.addIssue({ code: "custom", path: [...path], message: problem });
  })
  .meta({ title: "grafana-scim-cdktf environment", description: "One environment: a Grafana and how SCIM reaches it." });

/** A validated environment file, with defaults applied. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;

/** A loaded environment. */
export interface Environment {
  /** The environment (and stack) name: the file name without `.json`. */
  readonly name: string;
  /** The file it was read from. */
  readonly file: string;
  /** The validated configuration. */
  readonly config: EnvironmentConfig;
}

/** The JSON Schema for editors, generated from {@link environmentSchema}. */
export function environmentJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(environmentSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}
