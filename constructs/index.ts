export * from "./entra";
export * from "./errors";
export * from "./grafana";
export * from "./okta";
export * from "./terraform/address";
export * from "./terraform/check";
export * from "./terraform/removed";
export * from "./terraform/template-escape";
