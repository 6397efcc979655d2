/**
 * `identityProvider` of kind `entra`: Microsoft Entra ID provisions Grafana through a
 * non-gallery enterprise application. Work in progress (issue #3).
 */
import { z } from "zod";
import type { IdentityProviderContext, IdentityProviderWiring } from "./types";

const uuid = (description: string) =>
  z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a UUID such as 00000000-0000-0000-0000-000000000000")
    .meta({ description });

/** The `identityProvider` section for Entra ID. */
export const entraEnvironmentSchema = z
  .strictObject({
    kind: z.literal("entra"),
    tenantId: uuid("The Entra tenant (directory) id. Credentials come from ARM_* environment variables."),
    appDisplayName: z.string().trim().min(1, "must not be empty").meta({ description: "Display name of the enterprise application." }),
  })
  .meta({ description: "Microsoft Entra ID: an enterprise application that provisions Grafana over SCIM." });

/** A validated Entra section. */
export type EntraEnvironmentConfig = z.output<typeof entraEnvironmentSchema>;

/** Adds the Entra side to the stack. */
export function addEntra(_context: IdentityProviderContext, _config: EntraEnvironmentConfig): IdentityProviderWiring {
  throw new Error("identityProvider kind entra is not implemented yet");
}
