/**
 * Recognizes values that look like credentials, so an environment file (committed, reviewed,
 * copied into plans) can never carry one.
 */

/** A kind of credential and how to recognize it. */
interface SecretPattern {
  readonly kind: string;
  readonly pattern: RegExp;
}

/**
 * Patterns of credentials this package's users handle. Conservative: each has a fixed shape. None
 * is anchored to the whole value: a credential inside longer text (a description, a claim name,
 * a URL) is found too; shapes without a fixed prefix are delimited by characters that cannot
 * belong to them instead.
 */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  // First: a URL's password may itself have another credential's shape; this names the problem better.
  { kind: "URL with embedded credentials", pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i },
  { kind: "Grafana service account token", pattern: /\bglsa_[A-Za-z0-9]{20,}_[0-9a-f]{8}\b/ },
  { kind: "Grafana Cloud access policy token", pattern: /\bglc_[A-Za-z0-9+/=_-]{20,}/ },
  { kind: "Grafana API key", pattern: /\beyJrIjoi[A-Za-z0-9+/=]{20,}/ },
  { kind: "JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  // Delimited by letters and digits only: a credential glued to text by "-", "_", "." or "/"
  // (`uid-<token>`, `<secret>.json`) is still found, a longer run of letters and digits is not.
  { kind: "Okta API token", pattern: /(?<![A-Za-z0-9])00[A-Za-z0-9_-]{40}(?![A-Za-z0-9])/ },
  { kind: "Entra ID client secret", pattern: /(?<![A-Za-z0-9])[A-Za-z0-9_.-]{3}\dQ~[A-Za-z0-9_.~-]{31,34}(?![A-Za-z0-9])/ },
  { kind: "HCP Terraform token", pattern: /\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{20,}/ },
  { kind: "private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  // "-----BEGIN" then "PRIVATE KEY" base64-encoded, at any of its three alignments (TF_VAR_saml_private_key's form).
  { kind: "base64-encoded private key", pattern: /\bLS0tLS1CRUdJTi[A-Za-z0-9+/]{0,24}?(?:UFJJVkFURSBLRV|QUklWQVRFIEtFW|BSSVZBVEUgS0VZ)/ },
  { kind: "bearer token", pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{16,}/i },
  // The state backends' credentials (AWS_ACCESS_KEY_ID for s3, ARM_ACCESS_KEY for azurerm); `backend.key` invites pasting one.
  // Its 16 characters after the prefix are base32 (A-Z, 2-7; https://awsteele.com/blog/2020/09/26/aws-access-key-format.html,
  // a third-party analysis; AWS's example AKIAIOSFODNN7EXAMPLE fits): a name such as ASIAPACIFICSALES2024 is no key.
  { kind: "AWS access key id", pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])/ },
  // A private key's base64 DER without its PEM armor (a key file's middle lines): PKCS#8 RSA, PKCS#1 RSA, PKCS#8 EC,
  // PKCS#8 Ed25519, SEC1 EC (P-256, P-384), OpenSSH ("openssh-key-v1"). Each starts the same whatever the key.
  {
    kind: "private key (base64 DER, no PEM armor)",
    pattern:
      /(?<![A-Za-z0-9+/])(?:MII[A-Za-z0-9+/]{3}IBADANBgkqhkiG9w0BAQEFAAS|MII[A-Za-z0-9+/]{3}IBAAK|MI[A-Za-z0-9+/]{2}AgEAMB[A-Za-z0-9+/]GByqGSM49AgEG|MC4CAQAwBQYDK2Vw|MHcCAQEEI|MIGkAgEBBDA|b3BlbnNzaC1rZXktdjE)/,
  },
  // 64 random bytes in base64, exactly: longer base64 (a certificate, an encoded key) does not match.
  { kind: "Azure storage account key", pattern: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/ },
];

/** The kind of credential `value` looks like, or `undefined`. */
export function secretKind(value: string): string | undefined {
  return SECRET_PATTERNS.find((p) => p.pattern.test(value))?.kind;
}

/** A string in a JSON document that looks like a credential. */
export interface SecretFinding {
  /** Path of the value, e.g. `["grafana", "url"]`. */
  readonly path: readonly (string | number)[];
  /** What it looks like. */
  readonly kind: string;
}

/** Every string value (and object key) in `document` that looks like a credential. */
export function findSecrets(document: unknown, path: readonly (string | number)[] = []): SecretFinding[] {
  if (typeof document === "string") {
    const kind = secretKind(document);
    return kind ? [{ path, kind }] : [];
  }
  if (Array.isArray(document)) return document.flatMap((item, i) => findSecrets(item, [...path, i]));
  if (document !== null && typeof document === "object") {
    return Object.entries(document).flatMap(([key, value]) => {
      const keyKind = secretKind(key);
      return [...(keyKind ? [{ path: [...path, key], kind: keyKind }] : []), ...findSecrets(value, [...path, key])];
    });
  }
  return [];
}

/** What a credential found in text is replaced with by {@link maskSecrets}. */
export function secretMask(kind: string): string {
  return `[${kind}, not shown]`;
}

/**
 * `text` with every credential-shaped part replaced by {@link secretMask}: whole PEM private-key
 * blocks (the pattern above matches only their first line), then every pattern's match with the
 * token characters that follow it (a pattern may match only a credential's prefix); a URL keeps
 * its host. For messages that may quote a value a user wrote (an error naming a rejected value
 * must never echo it).
 */
export function maskSecrets(text: string): string {
  let masked = text.replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, secretMask("private key"));
  for (const { pattern, mask } of MASKERS) masked = masked.replace(pattern, mask);
  return masked;
}

/**
 * {@link maskSecrets}' replacements, made once: each pattern with the token characters that may
 * follow its match, global (`replace` starts a global pattern from the beginning every time).
 */
const MASKERS = SECRET_PATTERNS.map(({ kind, pattern }) => {
  const rest = kind === "URL with embedded credentials" ? "" : "[A-Za-z0-9+/=_.~-]*";
  return { pattern: new RegExp(`(?:${pattern.source})${rest}`, `${pattern.flags}g`), mask: secretMask(kind) };
});
