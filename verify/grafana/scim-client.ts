/**
 * Grafana's SCIM 2.0 API (RFC 7644) as the identity provider calls it: the tenant URL with the
 * SCIM token as bearer. Lists and filtered queries only (read-only). Filters are built with
 * scim2-parse-filter's `stringify`, which quotes and escapes values as RFC 7644 §3.4.2.2 asks.
 * Responses are validated (ListResponse, RFC 7644 §3.4.2).
 */
import { stringify as stringifyFilter } from "scim2-parse-filter";
import { z } from "zod";
import { requestJson, type HttpAnswer } from "../http";

/** A SCIM resource as this package reads it (Users and Groups). */
export const scimResourceSchema = z
  .object({
    id: z.string(),
    externalId: z.string().optional(),
    userName: z.string().optional(),
    displayName: z.string().optional(),
    active: z.boolean().optional(),
    emails: z.array(z.object({ value: z.string().optional(), type: z.string().optional(), primary: z.boolean().optional() }).passthrough()).optional(),
  })
  .passthrough();

export type ScimResource = z.infer<typeof scimResourceSchema>;

const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

const listResponseSchema = z
  .object({
    schemas: z.array(z.string()).refine((s) => s.includes(LIST_RESPONSE), `schemas must include ${LIST_RESPONSE}`),
    totalResults: z.number().int().min(0),
    Resources: z.array(scimResourceSchema).optional(),
    startIndex: z.number().optional(),
    itemsPerPage: z.number().optional(),
  })
  .passthrough();

/** A ListResponse. */
export interface ScimList {
  readonly totalResults: number;
  readonly resources: readonly ScimResource[];
}

/** The result of a SCIM query: a list, or the HTTP answer that was not one. */
export type ScimQueryResult = { readonly ok: true; readonly list: ScimList } | { readonly ok: false; readonly answer: HttpAnswer; readonly problem?: string };

/** `attribute eq "value"` as a SCIM filter, quoted and escaped. */
export function equalsFilter(attribute: string, value: string): string {
  return stringifyFilter({ op: "eq", attrPath: attribute, compValue: value });
}

/** Read-only client of one tenant URL. */
export class GrafanaScimClient {
  constructor(
    private readonly tenantUrl: string,
    private readonly token: string,
    private readonly timeoutMs: number,
  ) {}

  /** `GET {tenant}/{resource}?startIndex&count[&filter]`. */
  async list(resource: "Users" | "Groups", query: { readonly filter?: string; readonly count?: number; readonly startIndex?: number } = {}): Promise<ScimQueryResult> {
    const url = new URL(`${this.tenantUrl.replace(/\/+$/, "")}/${resource}`);
    url.searchParams.set("startIndex", String(query.startIndex ?? 1));
    url.searchParams.set("count", String(query.count ?? 1));
    if (query.filter !== undefined) url.searchParams.set("filter", query.filter);
    const answer = await requestJson(url.toString(), {
      headers: { authorization: `Bearer ${this.token}`, accept: "application/scim+json, application/json" },
      timeoutMs: this.timeoutMs,
    });
    if (answer.status !== 200) return { ok: false, answer };
    const parsed = listResponseSchema.safeParse(answer.body);
    if (!parsed.success) return { ok: false, answer, problem: `not a SCIM ListResponse: ${parsed.error.issues[0]?.message ?? "unexpected body"}` };
    return { ok: true, list: { totalResults: parsed.data.totalResults, resources: parsed.data.Resources ?? [] } };
  }
}
