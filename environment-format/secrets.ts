/**
 * Recognizes values that look like credentials, so an environment file (committed, reviewed,
 * copied into plans) can never carry one.
 */

/** A kind of credential and how to recognize it. */
interface SecretPattern {
  readonly kind: string;
  readonly pattern: RegExp;
}

/** Patterns of credentials this package's users handle. Conservative: each has a fixed shape. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { kind: "Grafana service account token", pattern: /\bglsa_[A-Za-z0-9]{20,}_[0-9a-f]{8}\b/ },
  { kind: "Grafana Cloud access policy token", pattern: /\bglc_[A-Za-z0-9+/=_-]{20,}/ },
  { kind: "Grafana API key", pattern: /\beyJrIjoi[A-Za-z0-9+/=]{20,}/ },
  { kind: "JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { kind: "Okta API token", pattern: /^00[A-Za-z0-9_-]{40}$/ },
  { kind: "Entra ID client secret", pattern: /^[A-Za-z0-9_.-]{3}\dQ~[A-Za-z0-9_.~-]{31,34}$/ },
  { kind: "private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { kind: "bearer token", pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{16,}/i },
  { kind: "URL with embedded credentials", pattern: /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i },
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
