/**
 * The few Grafana HTTP API reads `verify` and `migration-check` make with the identity that runs
 * Terraform (`GRAFANA_AUTH`, as the grafana provider reads it: a service-account token, or
 * `user:password` basic auth). Read-only. Grafana publishes no maintained Node client for its
 * HTTP API, so these are plain requests under the rules of `../http`, with validated answers.
 *
 * Endpoints (Grafana docs, docs/sources/developers/http_api/):
 * - `GET /api/v1/sso-settings/saml` (sso-settings.md): `settings` in camelCase, e.g.
 *   `assertionAttributeExternalUid`, `allowSignUp`; needs `settings:read` on `settings:auth.saml:*`.
 * - `GET /api/serviceaccounts/:id/tokens` (serviceaccount.md): `name`, `expiration`,
 *   `hasExpired`, `secondsUntilExpiration`, and on recent versions `lastUsedAt` (`null` until the
 *   token is first used; the same field Grafana's API-key list has, pkg/api/apikey.go
 *   `LastUsedAt`, and the token type of grafana/oncall's client); needs `serviceaccounts:read`.
 * - `GET /api/org/users/search?perpage&page` (org.md, "with paging"): `totalCount`, `orgUsers`
 *   with `userId`, `uid`, `login`, `email`; needs `org.users:read`.
 */
import { z } from "zod";
import { requestJson, type HttpAnswer } from "../http";

/** The `Authorization` header for a `GRAFANA_AUTH` value: bearer token, or basic auth for `user:password`. */
export function grafanaAuthorization(auth: string): string {
  // A service-account token has no colon; the provider treats "user:password" as basic auth.
  return auth.includes(":") ? `Basic ${Buffer.from(auth, "utf8").toString("base64")}` : `Bearer ${auth}`;
}

const tokenSchema = z
  .object({
    id: z.number().optional(),
    name: z.string(),
    created: z.string().nullish(),
    expiration: z.string().nullish(),
    hasExpired: z.boolean().optional(),
    secondsUntilExpiration: z.number().nullish(),
    lastUsedAt: z.string().nullish(),
  })
  .passthrough();

/** A service-account token as Grafana lists it (never the key). */
export type ServiceAccountToken = z.infer<typeof tokenSchema>;

const orgUserSchema = z
  .object({
    userId: z.number(),
    uid: z.string().optional(),
    login: z.string(),
    email: z.string().optional(),
    name: z.string().optional(),
    isDisabled: z.boolean().optional(),
    authLabels: z.array(z.string()).nullish(),
  })
  .passthrough();

/** A user of the organization. */
export type OrgUser = z.infer<typeof orgUserSchema>;

const orgUsersPageSchema = z.object({ totalCount: z.number().int().min(0), orgUsers: z.array(orgUserSchema).nullish() }).passthrough();

/** A read that worked, or the HTTP answer that did not. */
export type GrafanaRead<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly answer: HttpAnswer; readonly problem?: string };

/** Read-only client of Grafana's HTTP API. */
export class GrafanaApi {
  private readonly root: string;

  constructor(
    grafanaUrl: string,
    private readonly auth: string,
    private readonly timeoutMs: number,
  ) {
    this.root = grafanaUrl.replace(/\/+$/, "");
  }

  private async get<T>(path: string, schema: z.ZodType<T>): Promise<GrafanaRead<T>> {
    const answer = await requestJson(`${this.root}${path}`, { headers: { authorization: grafanaAuthorization(this.auth) }, timeoutMs: this.timeoutMs });
    if (answer.status !== 200) return { ok: false, answer };
    const parsed = schema.safeParse(answer.body);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, answer, problem: `unexpected answer: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}` };
  }

  /** Grafana's SAML settings (`settings`, camelCase keys). */
  samlSettings(): Promise<GrafanaRead<Record<string, unknown>>> {
    return this.get("/api/v1/sso-settings/saml", z.object({ settings: z.record(z.string(), z.unknown()) }).passthrough().transform((s) => s.settings));
  }

  /** The tokens of a service account (`<orgId>:<id>` or `<id>`). */
  serviceAccountTokens(serviceAccountId: string): Promise<GrafanaRead<ServiceAccountToken[]>> {
    const id = serviceAccountId.includes(":") ? serviceAccountId.split(":")[1]! : serviceAccountId;
    return this.get(`/api/serviceaccounts/${encodeURIComponent(id)}/tokens`, z.array(tokenSchema));
  }

  /** One page of the organization's users (`page` from 1). */
  orgUsersPage(page: number, perPage: number): Promise<GrafanaRead<{ totalCount: number; users: OrgUser[] }>> {
    return this.get(
      `/api/org/users/search?perpage=${perPage}&page=${page}`,
      orgUsersPageSchema.transform((p) => ({ totalCount: p.totalCount, users: p.orgUsers ?? [] })),
    );
  }
}
