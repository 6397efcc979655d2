/**
 * The SCIM token's options as data: defaults, how a token reaches the identity provider, and the
 * rules its lifetime options follow. Pure: the token construct enforces them, and the
 * environment-file format checks them earlier with the same messages.
 */
import { Token } from "cdktf";

/** Default token name (the prefix, when rotating). */
export const DEFAULT_TOKEN_NAME = "scim";
/** Default warning window before expiry, in days. */
export const DEFAULT_EXPIRY_WARNING_DAYS = 14;
/** Seconds in a day. */
export const SECONDS_PER_DAY = 86_400;

/**
 * The most days a token option may count: 100 years. Grafana adds a token's lifetime to the
 * current time as a Go duration (grafana/grafana `pkg/services/apikey/apikeyimpl`, `AddAPIKey`:
 * `updated.Add(time.Second * time.Duration(cmd.SecondsToLive))`), and the expiry check adds the
 * warning window with Terraform's `timeadd`, whose durations are Go durations too: both overflow
 * past about 292 years (2^63 nanoseconds, 106,751 days), and an overflowed lifetime is an expiry
 * in the past or at a random date. A lifetime of more than a century is no lifetime: omit it for a
 * token that never expires. Also far inside JavaScript's safe integers once multiplied to seconds.
 */
export const MAX_TOKEN_DAYS = 36_500;

/**
 * How a new token reaches the identity provider: `automatic` when this stack writes it there
 * (Entra ID), `manual` when someone pastes it (Okta has no API for it, or no identity provider is
 * configured here).
 */
export type TokenDelivery = "automatic" | "manual";

/** The lifetime options of a token. */
export interface TokenLifetimeOptions {
  /** Days until the token expires. @default never expires */
  readonly lifetimeDays?: number;
  /** Replace the token every N days. @default no rotation */
  readonly rotationDays?: number;
  /** With a lifetime, warn this many days before expiry. @default 14 */
  readonly expiryWarningDays?: number;
}

/**
 * What is wrong with a token's lifetime options (field names relative to the token), or `[]`.
 * `lifetimeDays` and `rotationDays` may be Terraform references: they are not checked here, and
 * neither is a comparison with them. `expiryWarningDays` must be a literal: the expiry check is
 * written with it at synthesis.
 */
export function tokenOptionProblems(options: TokenLifetimeOptions): Array<{ field: keyof TokenLifetimeOptions; problem: string }> {
  const problems: Array<{ field: keyof TokenLifetimeOptions; problem: string }> = [];
  if (options.expiryWarningDays !== undefined && Token.isUnresolved(options.expiryWarningDays)) {
    problems.push({ field: "expiryWarningDays", problem: "must be a literal number of days: the expiry check is written with it at synthesis" });
  }
  const literal = (value: number | undefined): value is number => value !== undefined && !Token.isUnresolved(value);
  for (const field of ["lifetimeDays", "rotationDays", "expiryWarningDays"] as const) {
    const value = options[field];
    if (literal(value) && !(Number.isSafeInteger(value) && value > 0)) {
      problems.push({ field, problem: `must be a positive whole number of days (got ${value})` });
    } else if (literal(value) && value > MAX_TOKEN_DAYS) {
      problems.push({
        field,
        problem:
          `must be at most ${MAX_TOKEN_DAYS} days (100 years; got ${value}): Grafana and Terraform compute the expiry as a Go duration, which overflows past 292 years` +
          (field === "lifetimeDays" ? ". Omit lifetimeDays for a token that never expires" : ""),
      });
    }
  }
  if (problems.length > 0) return problems;
  const lifetimeDays = literal(options.lifetimeDays) ? options.lifetimeDays : undefined;
  const rotationDays = literal(options.rotationDays) ? options.rotationDays : undefined;
  const warningDays = options.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS;
  if (lifetimeDays !== undefined && rotationDays !== undefined && lifetimeDays <= rotationDays) {
    problems.push({
      field: "lifetimeDays",
      problem: `must be longer than rotationDays (${rotationDays}), or the token expires before it is rotated (got ${lifetimeDays})`,
    });
  }
  if (lifetimeDays !== undefined && warningDays >= lifetimeDays) {
    problems.push({ field: "expiryWarningDays", problem: `must be shorter than lifetimeDays (${lifetimeDays}) (got ${warningDays})` });
  }
  return problems;
}

/**
 * Why a token must not rotate when it is delivered by hand: `rotationDays` and `manualDelivery`,
 * a phrase saying how the delivery came to be manual (e.g. `delivery is "manual", set by the
 * delivery prop`). The token construct throws it; the environment-file format says the same.
 */
export function manualRotationProblem(rotationDays: number, manualDelivery: string): string {
  return (
    `rotates the token every ${rotationDays} days, but ${manualDelivery}. A rotation deletes the old token right ` +
    "after creating the new one, and provisioning fails until someone pastes the new one. " +
    "Use lifetimeDays with expiryWarningDays and replace the token deliberately"
  );
}

/**
 * Why `name` cannot be the name of the stack's output that holds the token, or `undefined`: a
 * Terraform identifier (HCL's `(ID_Start | "_") (ID_Continue | "-")*`, hashicorp/hcl
 * `hclsyntax/scan_tokens.rl`), which the expiry warning and the Okta runbook quote in
 * `terraform output -raw <name>`. Anything else, a template sequence included, is no output name.
 * Pure.
 */
export function tokenOutputProblem(name: string): string | undefined {
  if (/^[\p{ID_Start}_][\p{ID_Continue}-]*$/u.test(name)) return undefined;
  return `must be a Terraform output name: a letter or underscore, then letters, digits, underscores or hyphens (got ${JSON.stringify(name)})`;
}
