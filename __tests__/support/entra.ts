/** A stack with the providers the Entra constructs need, and a Grafana side to wire them to. */
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { GrafanaProvider } from "../../.gen/providers/grafana/provider";
import { MsgraphProvider } from "../../.gen/providers/msgraph/provider";
import { GrafanaScim } from "../../constructs/grafana/grafana-scim";
import { Template } from "./template";

export const TENANT_ID = "72f988bf-0000-4000-8000-0000000000aa";

/** Builds `build(stack, grafana)` in a stack with grafana, azuread and msgraph providers, and synthesizes it. */
export function synthEntra(build: (stack: TerraformStack, grafana: GrafanaScim) => void): Template {
  const stack = new TerraformStack(Testing.app(), "test");
  new GrafanaProvider(stack, "grafana", { url: "https://grafana.example.com" });
  new AzureadProvider(stack, "azuread", { tenantId: TENANT_ID });
  new MsgraphProvider(stack, "msgraph", { tenantId: TENANT_ID });
  const grafana = new GrafanaScim(stack, "grafana-scim", { instance: { kind: "self-hosted", url: "https://grafana.example.com" } });
  build(stack, grafana);
  return Template.fromStack(stack);
}
