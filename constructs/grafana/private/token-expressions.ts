/**
 * HCL expressions the token construct emits. Pure functions of resource addresses, so the
 * exact text can be evaluated by the Terraform CLI in tests.
 */
import type { TokenDelivery } from "../token-options";

/**
 * A bool expression that is true while the token at `tokenAddress` has not expired and does
 * not expire within `warningDays`. A token without expiry (`expiration == ""`) passes. It never
 * errors: Terraform 1.11 evaluates both sides of `&&`/`||`, so an unparseable expiration goes
 * through `try(..., false)` and fails the check rather than the plan.
 */
export function tokenExpiryCondition(tokenAddress: string, warningDays: number): string {
  const hours = warningDays * 24;
  return (
    `!${tokenAddress}.has_expired && (${tokenAddress}.expiration == "" || ` +
    `try(timecmp(${tokenAddress}.expiration, timeadd(plantimestamp(), "${hours}h")) > 0, false))`
  );
}

/**
 * The warning shown when {@link tokenExpiryCondition} is false. `tokenOutput` names the stack's
 * sensitive output with the token, for the command that reads it (none: the message names none).
 */
export function tokenExpiryMessage(
  tokenAddress: string,
  warningDays: number,
  rotationDays: number | undefined,
  delivery: TokenDelivery = "automatic",
  tokenOutput?: string,
): string {
  const replace = `Replace it with \`terraform apply -replace=${tokenAddress}\` in this stack's directory`;
  const read = tokenOutput === undefined ? "" : ` (terraform output -raw ${tokenOutput})`;
  const remedy =
    delivery === "manual"
      ? `${replace}, then paste the new token${read} into the identity provider's SCIM settings.`
      : rotationDays === undefined
        ? `${replace} (or set token.rotationDays); the identity provider receives the new token in the same apply.`
        : `Apply this stack: the token rotates every ${rotationDays} days and the identity provider receives the new token in the same apply.`;
  return (
    `The Grafana SCIM token (${tokenAddress}) expires at \${${tokenAddress}.expiration}, within ${warningDays} days, ` +
    `or has expired; SCIM provisioning fails with HTTP 401 once it has. ${remedy}`
  );
}
