/**
 * Paths on the Grafana server in SAML settings (the identity provider's metadata file, the SP key
 * pair's files), which a Grafana Cloud stack cannot take: there is no server file system to put
 * the files on. One rule, used by `GrafanaSamlSettings` and by the environment-file format. Pure.
 */

/** A Grafana SAML setting that names a file on the Grafana server. */
export type ServerPathField = "idpMetadataPath" | "signing.certificatePath";

/**
 * The server paths of SAML settings for a Grafana Cloud stack, each as a problem at its field.
 * `useInstead` says how the caller's API passes the key pair as values (e.g. "pass the certificate
 * and key as values", or an environment file's `"variables"`). Call it for Cloud stacks only.
 */
export function cloudServerPathProblems(
  settings: { readonly idpMetadataPath?: string; readonly signingFromPaths: boolean },
  useInstead: { readonly signing: string },
): Array<{ field: ServerPathField; problem: string }> {
  const why = "is a path on the Grafana server, and Grafana Cloud has no server file system to put it on";
  return [
    ...(settings.idpMetadataPath !== undefined ? [{ field: "idpMetadataPath" as const, problem: `${why}: use idpMetadataUrl` }] : []),
    ...(settings.signingFromPaths ? [{ field: "signing.certificatePath" as const, problem: `${why}: ${useInstead.signing}` }] : []),
  ];
}
