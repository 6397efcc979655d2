/**
 * The pure parts of verify/: transport rules and error classification, the Entra credential
 * choice (azuread's ARM_* variables and order) with the GitHub OIDC token request against a local
 * stand-in, the backend-only Terraform configuration, output parsing, and rendering.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { backendOnlyConfiguration, stackOutputs, StateError, terraformErrorText } from "../../verify/outputs";
import { classifyTransportError, insecureUrlProblem, isLoopbackHost } from "../../verify/http";
import { describeCredential, entraCredentialChoice, GITHUB_OIDC_AUDIENCE, githubOidcToken, identityOptions, withTokenDeadline } from "../../verify/entra/credential";
import { TransportError } from "../../verify/http";
import { renderTable, scrub, useColour } from "../../verify/render";
import { exitCodeOf, fail, pass, requiringCredentials, skip, warn } from "../../verify/check";
import { diagnoseScimAnswer, INVALID_NAMESPACE, tenantUrlNamespace } from "../../verify/grafana/troubleshooting";
import { groupClaimsCheck } from "../../verify/entra/checks";
import { isScimTokenName } from "../../verify/grafana/checks";
import { grafanaAuthorization } from "../../verify/grafana/api";
import { equalsFilter } from "../../verify/grafana/scim-client";
import { closeServer, listen } from "./support/grafana-server";

describe("transport rules", () => {
  it.each([
    ["https://acme.grafana.net/apis/x", undefined],
    ["http://127.0.0.1:8080/x", undefined],
    ["http://localhost:1/x", undefined],
    ["http://[::1]:1/x", undefined],
    ["http://grafana.example.com/x", "must use https (plain http only to a loopback address); got http://grafana.example.com"],
    ["http://10.0.0.5/x", "must use https (plain http only to a loopback address); got http://10.0.0.5"],
    ["https://user:pass@grafana.example.com/", "must not carry credentials in the URL"],
    ["ftp://127.0.0.1/", "must use https (plain http only to a loopback address); got ftp://127.0.0.1"],
  ])("%s → %s", (url, problem) => expect(insecureUrlProblem(url)).toBe(problem));

  it("treats only loopback as loopback", () => {
    expect(["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost"].every(isLoopbackHost)).toBe(true);
    expect(["128.0.0.1", "localhost.example.com", "::2", "0.0.0.0"].some(isLoopbackHost)).toBe(false);
  });

  it.each([
    [Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("getaddrinfo ENOTFOUND x"), { code: "ENOTFOUND" }) }), "dns"],
    [Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("self-signed certificate"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" }) }), "tls"],
    [Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("Hostname/IP does not match"), { code: "ERR_TLS_CERT_ALTNAME_INVALID" }) }), "tls"],
    [Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) }), "refused"],
    [Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) }), "reset"],
    [new DOMException("The operation was aborted due to timeout", "TimeoutError"), "timeout"],
    [Object.assign(new Error("network timeout at: https://x"), { type: "request-timeout", name: "FetchError" }), "timeout"],
    [Object.assign(new Error("request to https://x failed, reason: socket hang up"), { type: "system", code: "ECONNRESET", name: "FetchError" }), "reset"],
  ])("classifies %s as %s", (error, kind) => expect(classifyTransportError(error)?.kind).toBe(kind));

  it("does not classify an ordinary error", () => expect(classifyTransportError(new Error("boom"))).toBeUndefined());
});

describe("Entra credential choice: azuread 3.7.0's variables and order", () => {
  const id = { ARM_CLIENT_ID: "0c2a9e11-0000-4000-8000-0000000000cc" };
  it.each<[string, NodeJS.ProcessEnv, string]>([
    ["certificate before secret", { ...id, ARM_CLIENT_CERTIFICATE_PATH: "/c.pem", ARM_CLIENT_SECRET: "s" }, "client-certificate"],
    ["secret before OIDC", { ...id, ARM_CLIENT_SECRET: "s", ARM_USE_OIDC: "true", ARM_OIDC_TOKEN: "t" }, "client-secret"],
    ["secret from a file", { ...id, ARM_CLIENT_SECRET_FILE_PATH: "/s" }, "client-secret"],
    ["an OIDC token", { ...id, ARM_USE_OIDC: "true", ARM_OIDC_TOKEN_FILE_PATH: "/t" }, "oidc-token"],
    ["GitHub Actions OIDC", { ...id, ARM_USE_OIDC: "true", ACTIONS_ID_TOKEN_REQUEST_URL: "https://gh", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "r" }, "github-oidc"],
    ["GitHub Actions OIDC through ARM_OIDC_REQUEST_*", { ...id, ARM_USE_OIDC: "1", ARM_OIDC_REQUEST_URL: "https://gh", ARM_OIDC_REQUEST_TOKEN: "r" }, "github-oidc"],
    ["AKS workload identity as OIDC", { ...id, ARM_USE_AKS_WORKLOAD_IDENTITY: "true", ARM_OIDC_TOKEN: "t" }, "oidc-token"],
    ["managed identity", { ARM_USE_MSI: "true" }, "managed-identity"],
    ["Azure CLI by default", {}, "azure-cli"],
  ])("%s", (_name, env, kind) => expect(entraCredentialChoice(env).kind).toBe(kind));

  it("names where a credential comes from, never its value", () => {
    const text = describeCredential(entraCredentialChoice({ ...id, ARM_CLIENT_SECRET: "Abc8Q~FAKE-secret-value" }));
    expect(text).toBe("client secret (ARM_CLIENT_SECRET)");
  });

  it.each<[NodeJS.ProcessEnv, RegExp]>([
    [{ ARM_USE_OIDC: "true" }, /ARM_USE_OIDC is set but ARM_CLIENT_ID is not/],
    [{ ...id, ARM_USE_OIDC: "true" }, /permissions: id-token: write/],
    [{ ARM_USE_CLI: "false" }, /set ARM_CLIENT_ID with ARM_CLIENT_SECRET or ARM_USE_OIDC/],
  ])("refuses %j with the variables to set", (env, message) => expect(() => entraCredentialChoice(env)).toThrow(message));

  it("requests the GitHub OIDC token for Entra's audience with the request token, and refuses an answer without one", async () => {
    const seen: Array<{ url: string; auth: string | undefined }> = [];
    const { server, url } = await listen((req, res) => {
      seen.push({ url: req.url ?? "", auth: req.headers.authorization });
      const ok = req.headers.authorization === "Bearer gh-request-token";
      res.writeHead(ok ? 200 : 403, { "content-type": "application/json" }).end(JSON.stringify(ok ? { value: "header.payload.signature", count: 1 } : { message: "no" }));
    });
    try {
      await expect(githubOidcToken(`${url}/oidc?api-version=2.0`, "gh-request-token", 2000)).resolves.toBe("header.payload.signature");
      const query = new URL(seen[0]!.url, "http://x").searchParams;
      expect(query.get("audience")).toBe(GITHUB_OIDC_AUDIENCE);
      expect(query.get("api-version")).toBe("2.0");
      await expect(githubOidcToken(`${url}/oidc`, "wrong", 2000)).rejects.toThrow("HTTP 403 without a token: does the job have permissions: id-token: write?");
      await expect(githubOidcToken("http://gh.example.com/oidc", "t", 2000)).rejects.toThrow("must use https");
    } finally {
      await closeServer(server);
    }
  });
});

describe("Entra token deadline", () => {
  it("GIVEN a credential that never answers THEN getToken rejects with a timeout at the deadline, after aborting the signal it passed on", async () => {
    let signal: { aborted: boolean } | undefined;
    const never = { getToken: (_s: string | string[], options?: { abortSignal?: { aborted: boolean } }) => ((signal = options?.abortSignal), new Promise<null>(() => undefined)) };
    const started = Date.now();
    const error = await withTokenDeadline(never, 300, "login.example.com").getToken("s").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: "timeout", host: "login.example.com", message: "login.example.com: no Entra token before the time-out (0.3 s)" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(signal?.aborted).toBe(true);
  });

  it("GIVEN a credential that answers THEN its token passes through; its errors too", async () => {
    const token = { token: "t", expiresOnTimestamp: 1 };
    await expect(withTokenDeadline({ getToken: async () => token }, 1000, "h").getToken("s")).resolves.toBe(token);
    await expect(withTokenDeadline({ getToken: async () => Promise.reject(new Error("AADSTS700016")) }, 1000, "h").getToken("s")).rejects.toThrow("AADSTS700016");
  });

  it("GIVEN the identity options THEN one retry, a deadline on every request, and instance discovery only for Microsoft's clouds", async () => {
    const options = identityOptions("https://login.microsoftonline.com", 1234, true);
    expect(options.retryOptions).toEqual({ maxRetries: 1 });
    const request = { timeout: 0 } as { timeout: number };
    await options.additionalPolicies![0]!.policy.sendRequest(request as never, async (r) => r as never);
    expect(request.timeout).toBe(1234);
    expect(options).not.toHaveProperty("disableInstanceDiscovery");
    expect(identityOptions("https://127.0.0.1:1", 1, false)).toHaveProperty("disableInstanceDiscovery", true);
  });
});

describe("state reading", () => {
  const scratch = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "verify-units-"));
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it("keeps only the backend block, the local path made absolute against the stack's directory", () => {
    expect(backendOnlyConfiguration("prod", { kind: "local" }, "/repo/cdktf.out/stacks/prod", scratch)).toEqual({ terraform: { backend: { local: { path: "/repo/state/prod.tfstate" } } } });
  });

  it("builds the s3 and cloud blocks with the stack's own addBackend (defaults included)", () => {
    expect(backendOnlyConfiguration("prod", { kind: "s3", bucket: "acme-state", region: "eu-central-1", useLockfile: true, encrypt: true }, "/x", scratch)).toEqual({
      terraform: { backend: { s3: { bucket: "acme-state", key: "grafana-scim/prod.tfstate", region: "eu-central-1", encrypt: true, use_lockfile: true } } },
    });
    expect(backendOnlyConfiguration("prod", { kind: "cloud", organization: "acme", hostname: "app.terraform.io" }, "/x", scratch)).toEqual({
      terraform: { cloud: { organization: "acme", hostname: "app.terraform.io", workspaces: { name: "grafana-scim-prod" } } },
    });
  });

  it("reads the outputs it needs and names a missing one", () => {
    const raw = { scim_tenant_url: { value: "https://a.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-1" }, grafana_url: { value: "https://a.grafana.net" }, scim_token: { value: "t0k3n-value", sensitive: true }, okta_app_id: { value: "0oa1" } };
    expect(stackOutputs(raw, "prod")).toEqual({ tenantUrl: raw.scim_tenant_url.value, grafanaUrl: raw.grafana_url.value, token: "t0k3n-value", okta: { appId: "0oa1" } });
    const { scim_token: _, ...noToken } = raw;
    expect(() => stackOutputs(noToken, "prod")).toThrow(new StateError('the state of "prod" has no output "scim_token"', ""));
    expect(() => stackOutputs({}, "prod")).toThrow(/has no outputs: the stack is not deployed/);
  });

  it("shortens Terraform's error text without colours, boxes or the CLI-configuration warning", () => {
    const stderr = "\u001b[33m╷\u001b[0m\n│ Warning: Unable to open CLI configuration file\n╵\n\u001b[31m╷\u001b[0m\n│ \u001b[1mError: \u001b[0mFailed to get existing workspaces: S3 bucket does not exist.\n│ \n│ The referenced S3 bucket must have been previously created.\n╵\n";
    expect(terraformErrorText(stderr)).toBe("Error: Failed to get existing workspaces: S3 bucket does not exist. The referenced S3 bucket must have been previously created.");
  });
});

describe("Grafana helpers", () => {
  it("reads the namespace of a tenant URL", () => {
    expect(tenantUrlNamespace("https://a.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-42")).toBe("stacks-42");
    expect(tenantUrlNamespace("https://a.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-42/")).toBe("stacks-42");
    expect(tenantUrlNamespace("https://a.grafana.net/")).toBeUndefined();
  });

  it("recognises the namespace error by messageId or text, before the status", () => {
    expect(diagnoseScimAnswer(403, { messageId: "authn.invalid-namespace" })).toBe(INVALID_NAMESPACE);
    expect(diagnoseScimAnswer(400, "invalid namespace")).toBe(INVALID_NAMESPACE);
    expect(diagnoseScimAnswer(403, { message: "forbidden" }).cause).toContain("HTTP 403");
    expect(diagnoseScimAnswer(302, "").cause).toContain("redirects");
    expect(diagnoseScimAnswer(404, "").fix).toContain("enableSCIM");
  });

  it("matches the token name and its rotations only", () => {
    expect(["scim", "scim-1780000000"].every((n) => isScimTokenName(n, "scim"))).toBe(true);
    expect(["scimx", "scim-abc", "other-scim"].some((n) => isScimTokenName(n, "scim"))).toBe(false);
    expect(isScimTokenName("a.b-17", "a.b")).toBe(true);
    expect(isScimTokenName("aXb-17", "a.b")).toBe(false);
  });

  it("sends GRAFANA_AUTH as the provider does: bearer token, or basic auth for user:password", () => {
    expect(grafanaAuthorization("glsa_x")).toBe("Bearer glsa_x");
    expect(grafanaAuthorization("admin:secret")).toBe(`Basic ${Buffer.from("admin:secret").toString("base64")}`);
  });

  it("quotes and escapes SCIM filter values", () => expect(equalsFilter("userName", 'a"b\\c')).toBe('userName eq "a\\"b\\\\c"'));
});

describe("groupClaimsCheck (the application's groupMembershipClaims against singleSignOn.groupClaims)", () => {
  it("compares case-insensitively, reads Graph's null as None, and fails naming both values", () => {
    expect(groupClaimsCheck({ groupMembershipClaims: "applicationgroup" }, "ApplicationGroup").status).toBe("pass");
    expect(groupClaimsCheck({ groupMembershipClaims: null }, "None").status).toBe("pass");
    expect(groupClaimsCheck({}, "SecurityGroup")).toMatchObject({ status: "fail", detail: "None (want SecurityGroup)" });
    expect(groupClaimsCheck({ groupMembershipClaims: "All" }, "None")).toMatchObject({ status: "fail", detail: "All (want None)", cause: expect.stringContaining("turned off") });
  });
});

describe("requiringCredentials (verify --require-credentials)", () => {
  it("GIVEN a skip for a missing credential THEN it fails naming the variable; other skips and verdicts are kept", () => {
    const results = [pass("a", "A", "ok"), skip("b", "B", "GRAFANA_AUTH is not set", "GRAFANA_AUTH"), skip("c", "C", "Grafana does not report it")];
    expect(exitCodeOf(results)).toBe(0);
    const required = requiringCredentials(results);
    expect(required[0]).toBe(results[0]);
    expect(required[1]).toEqual({ id: "b", title: "B", status: "fail", detail: "GRAFANA_AUTH is not set", cause: "--require-credentials: GRAFANA_AUTH is not set where verify runs", fix: expect.stringContaining("set GRAFANA_AUTH for this job") });
    expect(required[2]).toBe(results[2]);
    expect(exitCodeOf(required)).toBe(1);
  });
});

describe("rendering", () => {
  const results = [pass("a", "First", "ok"), warn("b", "Second", "hmm", "because", "do this"), fail("c", "Third", "token glsa_FAKE_render_canary_01 leaked", "c1", "f1")];

  it("scrubs every known secret from the table", () => {
    const text = renderTable("heading", results, { colour: false, secrets: ["glsa_FAKE_render_canary_01"] });
    expect(text).not.toContain("glsa_FAKE_render_canary_01");
    expect(text).toContain("token <redacted> leaked");
    expect(text).toContain("1 passed, 1 failed, 1 warnings, 0 skipped");
    expect(text).not.toContain("\u001b[");
  });

  it("colours only when asked", () => {
    expect(renderTable("h", results, { colour: true, secrets: [] })).toContain("\u001b[31mFAIL\u001b[0m");
    expect(useColour({ isTTY: true }, {})).toBe(true);
    expect(useColour({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(useColour({ isTTY: false }, {})).toBe(false);
    expect(useColour({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
  });

  it("ignores too-short secrets rather than mangling text", () => expect(scrub("a b c", ["a", ""])).toBe("a b c"));
});
