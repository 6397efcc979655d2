/** The grafana provider block for a SCIM instance. Credentials stay out of it. */
import type { GrafanaProviderConfig } from "../../.gen/providers/grafana/provider";
import { grafanaUrl, type GrafanaInstance } from "./tenant-url";

/** Environment variable the grafana provider reads its token from. */
export const GRAFANA_AUTH_ENV = "GRAFANA_AUTH";

/**
 * `url` and, on Cloud, `stack_id` (required by `grafana_scim_config` there). `auth` is left to
 * the `GRAFANA_AUTH` environment variable so no credential is ever synthesized.
 */
export function grafanaProviderConfig(instance: GrafanaInstance): GrafanaProviderConfig {
  return instance.kind === "cloud" ? { url: grafanaUrl(instance), stackId: instance.stackId } : { url: grafanaUrl(instance) };
}
