export * from "./attribute-mappings";
export * from "./private/enterprise-app";
export * from "./entra-ids";
export * from "./entra-scim";
export * from "./private/group-assignments";
export * from "./private/saml-single-sign-on";
export * from "./private/schema-transform";
export * from "./private/scim-provisioning";
