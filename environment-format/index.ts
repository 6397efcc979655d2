/**
 * The environment-file format, as the other layers use it: load and validate environment files,
 * the validated types, and the section rules the wiring follows. See README.md in this folder.
 */
export { adoptSchema, type AdoptConfig } from "./adopt";
export { defaultStateKey, defaultWorkspaceName, stateLocation, type BackendConfig } from "./backend";
export { deploymentCommands, deploymentMode, PACKAGE_NAME, type DeploymentCommands, type DeploymentMode } from "./deployment";
export { entraSamlClaimNames, type EntraEnvironmentConfig } from "./entra";
export { ENVIRONMENT_NAME, environmentJsonSchema, environmentSchema, type Environment, type EnvironmentConfig } from "./environment";
export { fieldName, type FieldProblem } from "./fields";
export type { GrafanaConfig, TokenConfig } from "./grafana";
export { samlGroupsClaim, tokenDelivery, type IdentityProviderConfig } from "./identity-provider";
export { EnvironmentError, isEnvironmentFile, loadEnvironment, loadEnvironments, readEnvironmentText, validateEnvironment, type EnvironmentProblem } from "./load";
export { grafanaSamlAttributeNames, oktaGroupsAttribute, oktaSamlProblems, type OktaEnvironmentConfig } from "./okta";
export type { SamlConfig } from "./saml";
export { MAX_FILE_BYTES, printable } from "./limits";
export { findSecrets, maskSecrets } from "./secrets";
