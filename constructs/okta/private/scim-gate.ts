/**
 * The SCIM enablement gate. Enabling SCIM on a custom Okta SAML app is manual (no public API), so
 * a Terraform `check` reads the app's computed `features` on every plan and warns, never fails,
 * until Okta lists SCIM provisioning and the push features; the warning says what is missing and
 * where the runbook is.
 */
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { addressOf, lazyExpression } from "../../private/terraform/address";
import { TerraformCheck } from "../../private/terraform/check";
import { ConfigurationError } from "../../errors";
import { REQUIRED_SCIM_FEATURES, requiredFeaturesProblem, scimEnabledCondition, scimGateMessage, scimMissingFeaturesExpression } from "../scim-gate-expressions";
import type { OktaSamlApp } from "./saml-app";

/** Props of {@link OktaScimGate}. */
export interface OktaScimGateProps {
  /** The app whose `features` are checked. */
  readonly app: OktaSamlApp;
  /**
   * The features that mean "SCIM is on": provisioning and the To App switches.
   * @default SCIM_PROVISIONING, PUSH_NEW_USERS, PUSH_PROFILE_UPDATES, PUSH_USER_DEACTIVATION
   */
  readonly requiredFeatures?: readonly string[];
  /** Where the warning sends the reader for the manual steps (literal text, the end of a sentence). */
  readonly runbookHint: string;
}

/** A `check` block on the app's features, plus the gate's state as expressions for outputs. */
export class OktaScimGate extends Construct {
  /** The check block. */
  readonly check: TerraformCheck;
  /** The features waited for. */
  readonly requiredFeatures: readonly string[];
  private readonly app: OktaSamlApp;

  constructor(scope: Construct, id: string, props: OktaScimGateProps) {
    super(scope, id);
    this.app = props.app;
    this.requiredFeatures = props.requiredFeatures ?? REQUIRED_SCIM_FEATURES;
    const problem = requiredFeaturesProblem(this.requiredFeatures);
    if (problem) throw new ConfigurationError("requiredFeatures", problem);
    const hint = props.runbookHint;
    const app = props.app.app;
    this.check = new TerraformCheck(this, "check", {
      assertions: [
        {
          condition: lazyExpression(app, (address) => scimEnabledCondition(address, this.requiredFeatures)),
          errorMessage: Lazy.stringValue({ produce: () => scimGateMessage(addressOf(app), props.app.label, hint, this.requiredFeatures) }),
        },
      ],
    });
  }

  /** A bool expression: whether Okta lists every required feature on the app. */
  get enabled(): string {
    return lazyExpression(this.app.app, (address) => scimEnabledCondition(address, this.requiredFeatures));
  }

  /** A list expression: the required features the app still lacks, sorted. */
  get missingFeatures(): string {
    return lazyExpression(this.app.app, (address) => scimMissingFeaturesExpression(address, this.requiredFeatures));
  }
}
