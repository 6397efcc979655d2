/** The shape of a synthesized Terraform JSON document, shared by the test helpers. */

/** A synthesized Terraform JSON document. */
export type TerraformJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; sensitive?: boolean; description?: string }>;
  variable?: Record<string, Record<string, unknown>>;
  provider?: Record<string, Array<Record<string, unknown>>>;
  check?: Record<string, { assert: Array<{ condition: string; error_message: string }>; data?: Record<string, Record<string, Record<string, unknown>>> }>;
  import?: Array<Record<string, unknown>>;
  terraform?: { backend?: Record<string, unknown>; required_version?: string; required_providers?: Record<string, { source: string; version: string }> };
  [other: string]: unknown;
};
