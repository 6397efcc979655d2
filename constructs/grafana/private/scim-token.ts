/**
 * The service-account token the identity provider sends as its bearer token, optionally
 * with a lifetime and automatic rotation.
 */
import { Rotating } from "@cdktf/provider-time/lib/rotating";
import { Lazy, Op, TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { ServiceAccountToken } from "../../../.gen/providers/grafana/service-account-token";
import { assertValid, ConfigurationError } from "../../errors";
import { plainTextProblem } from "../../plain-text";
import { addressOf, lazyExpression } from "../../private/terraform/address";
import { TerraformCheck } from "../../private/terraform/check";
import { ensureTimeProvider } from "../../private/terraform/time-provider";
import type { ScimServiceAccount } from "./scim-service-account";
import { DEFAULT_EXPIRY_WARNING_DAYS, DEFAULT_TOKEN_NAME, manualRotationProblem, SECONDS_PER_DAY, tokenOptionProblems, type TokenDelivery } from "../token-options";
import { tokenExpiryCondition, tokenExpiryMessage } from "./token-expressions";

/** Props of {@link ScimToken}. */
export interface ScimTokenProps {
  /** The service account the token belongs to. */
  readonly serviceAccount: ScimServiceAccount;
  /**
   * Token name; with rotation, the prefix of `<name>-<unix time of rotation>`.
   * @default "scim"
   */
  readonly name?: string;
  /**
   * Days until the token expires (`seconds_to_live`). Must be longer than `rotationDays`.
   * @default never expires
   */
  readonly lifetimeDays?: number;
  /**
   * Replace the token every N days: a `time_rotating` resource whose timestamp is part of the
   * token name, with create-before-destroy, so the apply after the rotation date creates the new
   * token, hands it to the identity provider and only then deletes the old one. Rotation happens
   * only when someone applies: schedule one (see the README) within `lifetimeDays - rotationDays`.
   * @default no rotation
   */
  readonly rotationDays?: number;
  /**
   * With a lifetime, warn on every plan (a Terraform `check`) when the token expires within this
   * many days or has expired.
   * @default 14
   */
  readonly expiryWarningDays?: number;
  /**
   * How a new token reaches the identity provider: `automatic` when the same apply hands it over
   * (Entra ID), `manual` when someone pastes it (Okta, or no identity provider here). Rotation
   * needs `automatic`. An identity-provider construct declares it ({@link ScimToken.declareDelivery});
   * set it here only when no such construct takes the token.
   * @default declared by the identity-provider construct that takes the token; "manual" if none does
   */
  readonly delivery?: TokenDelivery;
  /**
   * The name of the stack's sensitive output that holds the token, for the expiry warning's
   * command that reads it. This construct does not create the output.
   * @default none: the warning names no command
   */
  readonly tokenOutput?: string;
  /** The grafana provider to use. @default the stack's default grafana provider */
  readonly provider?: TerraformProvider;
  /**
   * Whether this construct checks at synthesis that a rotating token is delivered automatically.
   * A construct that composes it and names the props its own way checks it instead
   * ({@link ScimToken.deliveryProblems}).
   * @default true
   */
  readonly validateDelivery?: boolean;
}

/**
 * A `grafana_service_account_token` (its `key` is sensitive) and, optionally, a
 * `time_rotating` that replaces it and a `check` that warns before it expires. The hashicorp/time
 * provider is added to the stack when rotation is on and the stack has none.
 */
export class ScimToken extends Construct {
  /** The token resource. */
  readonly token: ServiceAccountToken;
  /** The rotation clock, when `rotationDays` is set. */
  readonly rotation?: Rotating;
  /** The expiry warning, when `lifetimeDays` is set. */
  readonly expiryCheck?: TerraformCheck;
  /** Days between rotations, when rotating. */
  readonly rotationDays?: number;
  private declared?: { readonly delivery: TokenDelivery; readonly by: string };

  constructor(scope: Construct, id: string, props: ScimTokenProps) {
    super(scope, id);
    const name = props.name ?? DEFAULT_TOKEN_NAME;
    assertValid("name", plainTextProblem(name));
    const problem = tokenOptionProblems(props)[0];
    if (problem) throw new ConfigurationError(problem.field, problem.problem);
    const { lifetimeDays, rotationDays } = props;
    this.rotationDays = rotationDays;
    if (props.delivery !== undefined) this.declareDelivery(props.delivery, "set by the delivery prop");
    const warningDays = props.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS;

    if (rotationDays !== undefined) {
      ensureTimeProvider(this);
      this.rotation = new Rotating(this, "rotation", { rotationDays });
    }

    this.token = new ServiceAccountToken(this, "token", {
      name: this.rotation ? `${name}-${Token.asString(this.rotation.unix)}` : name,
      serviceAccountId: props.serviceAccount.serviceAccountId,
      // A reference (e.g. a TerraformVariable) is multiplied by Terraform.
      secondsToLive: lifetimeDays === undefined ? undefined : Token.isUnresolved(lifetimeDays) ? Token.asNumber(Op.mul(lifetimeDays, SECONDS_PER_DAY)) : lifetimeDays * SECONDS_PER_DAY,
      lifecycle: this.rotation ? { createBeforeDestroy: true } : undefined,
      provider: props.provider,
    });

    if (lifetimeDays !== undefined) {
      this.expiryCheck = new TerraformCheck(this, "expiry", {
        assertions: [
          {
            condition: lazyExpression(this.token, (address) => tokenExpiryCondition(address, warningDays)),
            errorMessage: Lazy.stringValue({ produce: () => tokenExpiryMessage(addressOf(this.token), warningDays, rotationDays, this.delivery, props.tokenOutput) }),
          },
        ],
      });
    }
    if (props.validateDelivery ?? true) this.node.addValidation({ validate: () => this.deliveryProblems() });
  }

  /** How a new token reaches the identity provider: as declared, else `manual`. */
  get delivery(): TokenDelivery {
    return this.declared?.delivery ?? "manual";
  }

  /**
   * Declares how the token reaches the identity provider. `by` says who declares it, for the
   * messages, a phrase that follows a comma: e.g. `as OktaGrafanaScim "stack/okta" declares (...)` or `set by the delivery prop`.
   * Throws a {@link ConfigurationError} when the token rotates but is delivered by hand
   * (`rotationDays`), or when it was declared otherwise before (`delivery`). `deliveryProp` is how
   * the caller's API names the delivery.
   */
  declareDelivery(delivery: TokenDelivery, by: string, deliveryProp = "delivery"): void {
    if (delivery !== "automatic" && delivery !== "manual") {
      throw new ConfigurationError("delivery", `must be "automatic" or "manual" (got ${JSON.stringify(delivery)})`);
    }
    if (this.declared !== undefined && this.declared.delivery !== delivery) {
      throw new ConfigurationError(
        "delivery",
        `is "${this.declared.delivery}", ${this.declared.by}; it cannot also be "${delivery}", ${by}: ` +
          "one token cannot be delivered both ways, give each identity provider its own token",
      );
    }
    if (delivery === "manual" && this.rotationDays !== undefined) {
      throw new ConfigurationError("rotationDays", manualRotationProblem(this.rotationDays, `${deliveryProp} is "manual", ${by}`));
    }
    this.declared = { delivery, by };
  }

  /**
   * The problem of a rotating token nothing declared automatic, or `[]`: at synthesis, when every
   * identity-provider construct has declared. `field` names this construct's props as the caller's
   * API does (`rotationDays`, `delivery`), `taker` says what would take the token, `path` whose
   * construct reports it.
   */
  deliveryProblems(field: (name: "rotationDays" | "delivery") => string = (name) => name, taker = "it", path = this.node.path): string[] {
    if (this.rotationDays === undefined || this.delivery === "automatic") return [];
    return [
      `${path}: ${field("rotationDays")} (${this.rotationDays}) needs ${field("delivery")} "automatic", and nothing declared how this token reaches ` +
        `the identity provider: no identity-provider construct that hands it over in the same apply takes ${taker}, and ${field("delivery")} is not set. ` +
        "A rotation deletes the old token right after creating the new one; a token pasted by hand must not rotate.",
    ];
  }

  /** The token value (a reference to the sensitive `key` attribute; never a literal). */
  get key(): string {
    return this.token.key;
  }
}
