/**
 * Terraform's built-in `terraform_data` resource (Terraform >= 1.4), emitted exactly as cdktf
 * 0.21's `DataResource` emits it (same type, attributes and generator metadata), without the
 * validation `DataResource` adds: cdktf's `ValidateTerraformVersion` runs `terraform version` in a
 * subprocess for every instance at synthesis (node_modules/cdktf/lib/terraform-data-resource.js,
 * validations/validate-binary-version.js), which made synthesis fail on a machine without
 * `terraform` on PATH and cost a process per Entra environment. The version floor is the stack's
 * `terraform.required_version` instead (constructs/terraform-version.ts), which Terraform itself
 * checks at `terraform init`.
 *
 * Attributes: https://developer.hashicorp.com/terraform/language/resources/terraform-data
 * (input, triggers_replace; output and id computed).
 */
import {
  AnyMap,
  anyToHclTerraform,
  anyToTerraform,
  hashMapper,
  hashMapperHcl,
  TerraformResource,
  type TerraformMetaArguments,
} from "cdktf";
import { Construct } from "constructs";
import { requireTerraformVersion } from "../../terraform-version";

/** The Terraform version that has the `terraform_data` resource. */
export const TERRAFORM_DATA_VERSION = "1.4";

/** Props of {@link TerraformData}: cdktf's `DataConfig`. */
export interface TerraformDataConfig extends TerraformMetaArguments {
  /**
   * A value stored in state and reflected in `output` after apply.
   * @default none
   */
  readonly input?: { readonly [key: string]: unknown };
  /**
   * A value stored in state; a change replaces the resource (and whatever `replace_triggered_by` it).
   * @default none
   */
  readonly triggersReplace?: { readonly [key: string]: unknown };
}

/** Emits `resource "terraform_data" "<logical id>" { input = ..., triggers_replace = ... }`. */
export class TerraformData extends TerraformResource {
  static readonly tfResourceType = "terraform_data";

  private readonly _input?: { readonly [key: string]: unknown };
  private readonly _triggersReplace?: { readonly [key: string]: unknown };
  private _output?: AnyMap;

  constructor(scope: Construct, id: string, config: TerraformDataConfig = {}) {
    super(scope, id, {
      terraformResourceType: TerraformData.tfResourceType,
      // As cdktf's DataResource: the built-in provider, which needs no provider block.
      terraformGeneratorMetadata: { providerName: "terraform" },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    this._input = config.input;
    this._triggersReplace = config.triggersReplace;
    requireTerraformVersion(this, TERRAFORM_DATA_VERSION);
  }

  /** The resource's id (a UUID Terraform assigns). */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /** `input` as configured (not a reference). */
  get inputInput(): { readonly [key: string]: unknown } | undefined {
    return this._input;
  }

  /** `triggers_replace` as configured (not a reference). */
  get triggersReplaceInput(): { readonly [key: string]: unknown } | undefined {
    return this._triggersReplace;
  }

  /**
   * A reference to `output`: `input` as of the last apply. Made when first read (DataResource makes
   * it in its constructor, a token and its stack trace per instance that is rarely read).
   */
  get output(): AnyMap {
    return (this._output ??= new AnyMap(this, "output"));
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return {
      input: hashMapper(anyToTerraform)(this._input),
      triggers_replace: hashMapper(anyToTerraform)(this._triggersReplace),
    };
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return {
      input: hashMapperHcl(anyToHclTerraform)(this._input),
      triggers_replace: hashMapperHcl(anyToHclTerraform)(this._triggersReplace),
    };
  }
}
