/**
 * The identity providers an environment can name in `identityProvider`, each in its own module
 * with its config schema (`kind` discriminates) and the function that adds it to the stack.
 */
import { z } from "zod";
import { addEntra, entraEnvironmentSchema } from "./entra";
import type { IdentityProviderContext, IdentityProviderWiring } from "./types";

export type { IdentityProviderContext, IdentityProviderWiring, SamlDefaults } from "./types";

/** `identityProvider` in an environment file. */
export const identityProviderSchema = z
  .discriminatedUnion("kind", [entraEnvironmentSchema])
  .meta({ description: "The identity provider that provisions users and groups into Grafana over SCIM." });

/** A validated `identityProvider` section. */
export type IdentityProviderConfig = z.output<typeof identityProviderSchema>;

/** Adds the configured identity provider to the stack. */
export function addIdentityProvider(context: IdentityProviderContext, config: IdentityProviderConfig): IdentityProviderWiring {
  switch (config.kind) {
    case "entra":
      return addEntra(context, config);
  }
}
