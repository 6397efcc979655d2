export * from "./entra";
export * from "./errors";
export * from "./grafana";
export * from "./okta";
export * from "./providers";
export * from "./terraform/address";
export * from "./terraform/check";
export * from "./terraform/template-escape";
