import { ConfigurationError } from "../../../constructs/errors";
import {
  appPlatformNamespace,
  cloudUrlProblem,
  dnsHostProblem,
  grafanaUrl,
  httpsUrlProblem,
  orgIdProblem,
  scimNamespace,
  scimTenantUrl,
  selfHostedUrlProblem,
  stackIdProblem,
  stackSlugProblem,
  type GrafanaInstance,
} from "../../../constructs/grafana/tenant-url";

describe("scimTenantUrl", () => {
  it.each<[string, GrafanaInstance, string]>([
    ["Cloud", { kind: "cloud", stackSlug: "acme", stackId: 123456 }, "https://acme.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-123456"],
    ["Cloud, hyphenated slug", { kind: "cloud", stackSlug: "acme-prod-2", stackId: 7 }, "https://acme-prod-2.grafana.net/apis/scim.grafana.app/v0alpha1/namespaces/stacks-7"],
    ["self-hosted", { kind: "self-hosted", url: "https://grafana.example.com" }, "https://grafana.example.com/apis/scim.grafana.app/v0alpha1/namespaces/default"],
    ["self-hosted, trailing slash", { kind: "self-hosted", url: "https://grafana.example.com/" }, "https://grafana.example.com/apis/scim.grafana.app/v0alpha1/namespaces/default"],
    ["self-hosted, upper-case host", { kind: "self-hosted", url: "https://Grafana.Example.COM" }, "https://grafana.example.com/apis/scim.grafana.app/v0alpha1/namespaces/default"],
    ["self-hosted, explicit default port dropped", { kind: "self-hosted", url: "https://grafana.example.com:443" }, "https://grafana.example.com/apis/scim.grafana.app/v0alpha1/namespaces/default"],
    ["self-hosted, other port kept", { kind: "self-hosted", url: "https://grafana.example.com:8443" }, "https://grafana.example.com:8443/apis/scim.grafana.app/v0alpha1/namespaces/default"],
  ])("%s", (_name, instance, expected) => {
    expect(scimTenantUrl(instance)).toBe(expected);
  });

  it("derives Grafana's root URL and namespace consistently", () => {
    const cloud: GrafanaInstance = { kind: "cloud", stackSlug: "acme", stackId: 42 };
    expect(grafanaUrl(cloud)).toBe("https://acme.grafana.net");
    expect(scimNamespace(cloud)).toBe("stacks-42");
    expect(scimNamespace({ kind: "self-hosted", url: "https://g.example.com" })).toBe("default");
  });
});

describe("bad input is rejected with the field and the reason", () => {
  it.each<[string, GrafanaInstance, string, RegExp]>([
    ["slug given as URL", { kind: "cloud", stackSlug: "https://acme.grafana.net", stackId: 1 }, "stackSlug", /slug only \(e\.g\. "acme"\)/],
    ["slug given as host", { kind: "cloud", stackSlug: "acme.grafana.net", stackId: 1 }, "stackSlug", /not a URL or host name/],
    ["upper-case slug", { kind: "cloud", stackSlug: "Acme", stackId: 1 }, "stackSlug", /lowercase DNS label/],
    ["slug with underscore", { kind: "cloud", stackSlug: "acme_prod", stackId: 1 }, "stackSlug", /lowercase DNS label/],
    ["slug ending in hyphen", { kind: "cloud", stackSlug: "acme-", stackId: 1 }, "stackSlug", /lowercase DNS label/],
    ["empty slug", { kind: "cloud", stackSlug: "", stackId: 1 }, "stackSlug", /lowercase DNS label/],
    ["stack id zero", { kind: "cloud", stackSlug: "acme", stackId: 0 }, "stackId", /positive integer/],
    ["negative stack id", { kind: "cloud", stackSlug: "acme", stackId: -5 }, "stackId", /positive integer/],
    ["fractional stack id", { kind: "cloud", stackSlug: "acme", stackId: 1.5 }, "stackId", /positive integer/],
    ["stack id as string", { kind: "cloud", stackSlug: "acme", stackId: "123" as unknown as number }, "stackId", /got "123"/],
    ["http", { kind: "self-hosted", url: "http://grafana.example.com" }, "url", /must use https/],
    ["bare domain", { kind: "self-hosted", url: "grafana.example.com" }, "url", /did you mean "https:\/\/grafana\.example\.com"/],
    ["sub-path", { kind: "self-hosted", url: "https://example.com/grafana" }, "url", /without a path .*sub-path is not supported/],
    ["tenant URL pasted", { kind: "self-hosted", url: "https://g.example.com/apis/scim.grafana.app/v0alpha1/namespaces/default" }, "url", /without a path/],
    ["query string", { kind: "self-hosted", url: "https://g.example.com/?orgId=1" }, "url", /query string or fragment/],
    ["credentials", { kind: "self-hosted", url: "https://admin:secret@g.example.com" }, "url", /must not contain credentials/],
    ["port out of range", { kind: "self-hosted", url: "https://g.example.com:70000" }, "url", /absolute URL/],
    ["Cloud stack as self-hosted", { kind: "self-hosted", url: "https://acme.grafana.net" }, "url", /Grafana Cloud stack: use kind "cloud"/],
    ["not a URL", { kind: "self-hosted", url: "not a url" }, "url", /absolute URL starting with https/],
    // Terraform templates in a URL would be evaluated on the machine that plans, with its credentials.
    ["a template in the host", { kind: "self-hosted", url: "https://${var.x}.example.com" }, "url", /must not contain "\$\{": Terraform would read it as a template/],
    ["a template directive", { kind: "self-hosted", url: "https://g.example.com/%{if true}x%{endif}" }, "url", /must not contain "%\{"/],
    ["a template in a Cloud slug", { kind: "cloud", stackSlug: "${var.slug}", stackId: 1 }, "stackSlug", /must not contain "\$\{"/],
    ["a trailing dot on a Cloud host (would pass as self-hosted)", { kind: "self-hosted", url: "https://acme.grafana.net." }, "url", /ends with a dot: write it without the trailing dot \("acme\.grafana\.net"\)/],
    ["a trailing dot", { kind: "self-hosted", url: "https://grafana.example.com./" }, "url", /ends with a dot/],
    ["an underscore in the host", { kind: "self-hosted", url: "https://my_grafana.example.com" }, "url", /not a plain DNS name/],
    ["an IPv6 host", { kind: "self-hosted", url: "https://[::1]:3000" }, "url", /not a plain DNS name/],
    ["an empty label", { kind: "self-hosted", url: "https://grafana..example.com" }, "url", /not a plain DNS name|absolute URL/],
    ["a Cloud URL of another stack", { kind: "cloud", stackSlug: "acme", stackId: 1, url: "https://other.grafana.net" }, "url", /is not the host of stack "acme"/],
    ["a Cloud custom domain with a path", { kind: "cloud", stackSlug: "acme", stackId: 1, url: "https://grafana.acme.com/g" }, "url", /without a path/],
    ["a Cloud custom domain with a template", { kind: "cloud", stackSlug: "acme", stackId: 1, url: "https://${var.d}" }, "url", /must not contain "\$\{"/],
    ["a self-hosted org other than 1", { kind: "self-hosted", url: "https://g.example.com", orgId: 2 }, "orgId", /organization 2 is not supported: .*namespace "org-2", but grafana provider 4\.45\.1's grafana_scim_config always configures the namespace "default"/],
    ["org 0", { kind: "self-hosted", url: "https://g.example.com", orgId: 0 }, "orgId", /positive integer/],
  ])("%s", (_name, instance, field, message) => {
    let thrown: unknown;
    try {
      scimTenantUrl(instance);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as ConfigurationError).field).toBe(field);
    expect((thrown as ConfigurationError).message).toMatch(new RegExp(`^${field}: `));
    expect((thrown as ConfigurationError).problem).toMatch(message);
  });
});

describe("namespaces of the app platform (grafana/authlib types/namespace.go)", () => {
  it.each([[1, "default"], [2, "org-2"], [42, "org-42"]] as const)("org %s is %s", (orgId, ns) => expect(appPlatformNamespace(orgId)).toBe(ns));
  it("org 1 explicitly is the default namespace", () => {
    expect(scimNamespace({ kind: "self-hosted", url: "https://g.example.com", orgId: 1 })).toBe("default");
    expect(orgIdProblem(1)).toBeUndefined();
  });
});

describe("URL and host rules", () => {
  it.each(["grafana.example.com", "a", "xn--grafana-7ya.example.com", "10.0.0.5", `${"a".repeat(63)}.example.com`])("%s is a plain DNS name", (host) =>
    expect(dnsHostProblem(host)).toBeUndefined(),
  );
  it.each(["example.com.", "a_b.example.com", "-a.example.com", `${"a".repeat(64)}.com`, "[::1]", ""])("%s is not", (host) => expect(dnsHostProblem(host)).toBeDefined());

  it("a metadata URL may have a path and query, not a template, credentials or http", () => {
    expect(httpsUrlProblem("https://login.example.com/tenant/federationmetadata.xml?appid=1")).toBeUndefined();
    expect(httpsUrlProblem("https://idp.example.com/${path}")).toMatch(/must not contain "\$\{"/);
    expect(httpsUrlProblem("http://idp.example.com/m")).toMatch(/^must use https/);
    expect(httpsUrlProblem("https://u:p@idp.example.com/m")).toBe("must not contain credentials");
    expect(httpsUrlProblem("https://idp.example.com./m")).toMatch(/ends with a dot/);
  });

  // The WHATWG parser rewrites these hosts before any rule sees them: the file would read as one
  // host and the provider, Entra or Okta would call (and send the token to) another.
  it.each([
    ["https://gr\u0430fana.example.com", "xn--grfana-4nf.example.com"], // Cyrillic a: looks like grafana.example.com
    ["https://grafana.exa\u00admple.com", "grafana.example.com"], // soft hyphen, invisible
    ["https://\uff47rafana.example.com", "grafana.example.com"], // fullwidth g
    ["https://0x7f.1", "127.0.0.1"],
    ["https://010.0.0.1", "8.0.0.1"],
    ["https://graf%61na.example.com", "grafana.example.com"],
    ["https:grafana.example.com", "grafana.example.com"],
    ["https:\\\\grafana.example.com", "grafana.example.com"],
  ])("%s is refused: its host is read as %s", (url, host) => {
    expect(httpsUrlProblem(url)).toMatch(new RegExp(`is read as "${host.replace(/\./g, "\\.")}"|must be written as https://`));
    expect(selfHostedUrlProblem(url)).toBeDefined();
  });
  it.each(["https://Grafana.Example.COM", "https://xn--grfana-4nf.example.com/", "https://grafana.example.com:443", "https://10.0.0.5:3000/x?y=1#z"])(
    "%s is written as it is read (case aside)",
    (url) => expect(httpsUrlProblem(url)).toBeUndefined(),
  );

  it("a Cloud custom domain may also be the stack's own grafana.net host", () => {
    expect(cloudUrlProblem("https://grafana.acme.com", "acme")).toBeUndefined();
    expect(cloudUrlProblem("https://acme.grafana.net", "acme")).toBeUndefined();
  });

  it("a Cloud stack on a custom domain uses it as Grafana's URL", () => {
    expect(grafanaUrl({ kind: "cloud", stackSlug: "acme", stackId: 7, url: "https://Grafana.Acme.com/" })).toBe("https://grafana.acme.com");
    expect(scimNamespace({ kind: "cloud", stackSlug: "acme", stackId: 7, url: "https://grafana.acme.com" })).toBe("stacks-7");
  });
});

describe("problem functions return undefined for good input", () => {
  it.each(["a", "acme", "acme-prod", "a1", "x".repeat(63)])("slug %s", (slug) => expect(stackSlugProblem(slug)).toBeUndefined());
  it("rejects a 64-character slug", () => expect(stackSlugProblem("x".repeat(64))).toMatch(/1-63 characters/));
  it.each([1, 123456, Number.MAX_SAFE_INTEGER])("stack id %s", (id) => expect(stackIdProblem(id)).toBeUndefined());
  it.each(["https://grafana.example.com", "https://10.0.0.5:3000", "https://grafana"])("url %s", (url) => expect(selfHostedUrlProblem(url)).toBeUndefined());
});
