export * from "./attribute-mappings";
export * from "./enterprise-app";
export * from "./entra-ids";
export * from "./entra-scim";
export * from "./group-assignments";
export * from "./saml-single-sign-on";
export * from "./schema-transform";
export * from "./scim-provisioning";
