/**
 * Terraform `import` blocks (Terraform >= 1.5), emitted by the package rather than through cdktf's
 * `TerraformResource.importFrom`: that method also adds a `ValidateTerraformVersion`, which runs
 * `terraform version` in a subprocess for every imported resource at synthesis
 * (node_modules/cdktf/lib/terraform-resource.js, validations/validate-binary-version.js), so an
 * adoption could not be synthesized without `terraform` on PATH. The floor is the stack's
 * `terraform.required_version` instead (constructs/terraform-version.ts), which Terraform itself
 * checks at `terraform init`.
 *
 * The block is the one `importFrom(id)` writes, byte for byte: `{ "id": "<id>", "to":
 * "<type>.<logical id>" }` in the stack's `import` list, at the resource's place (the element is the
 * resource's child, so the list keeps construct order), and the resource listed under the stack
 * metadata's `imports`. No `provider`: Terraform imports with the provider configuration of the
 * resource at `to` (https://developer.hashicorp.com/terraform/language/import, "provider").
 */
import { TerraformElement, type TerraformResource } from "cdktf";
import { IMPORT_BLOCK_VERSION, requireTerraformVersion } from "../../terraform-version";
import { addressOf } from "./address";

/** Emits one `import { to = <resource>, id = "<id>" }` block. */
export class TerraformImport extends TerraformElement {
  /** The construct id of the element under its resource. */
  static readonly ID = "import";

  /** The resource the object is imported into. */
  readonly resource: TerraformResource;
  /** The provider's import id; set again by a later {@link importInto} of the same resource. */
  importId: string;

  private constructor(resource: TerraformResource, id: string) {
    super(resource, TerraformImport.ID, "import");
    this.resource = resource;
    this.importId = id;
    requireTerraformVersion(this, IMPORT_BLOCK_VERSION);
  }

  /**
   * Imports the existing object `id` into `resource` (what cdktf's `resource.importFrom(id)` does,
   * without its `terraform version` subprocess). A second call for the same resource replaces
   * the id, as `importFrom` does.
   */
  static into(resource: TerraformResource, id: string): TerraformImport {
    const existing = resource.node.tryFindChild(TerraformImport.ID);
    if (existing instanceof TerraformImport) {
      existing.importId = id;
      return existing;
    }
    return new TerraformImport(resource, id);
  }

  override toTerraform(): Record<string, unknown> {
    // Keys in importFrom's order (id, then to), so the JSON is the same bytes.
    return { import: [{ id: this.importId, to: addressOf(this.resource) }] };
  }

  override toHclTerraform(): Record<string, unknown> {
    return {
      import: [
        {
          to: { value: addressOf(this.resource), type: "simple", storageClassType: "reference" },
          id: { value: this.importId, type: "simple", storageClassType: "string" },
        },
      ],
    };
  }

  override toMetadata(): Record<string, unknown> {
    return { imports: { [this.resource.terraformResourceType]: [this.resource.friendlyUniqueId] } };
  }
}

/** Imports the existing object `id` into `resource`: see {@link TerraformImport}. */
export function importInto(resource: TerraformResource, id: string): void {
  TerraformImport.into(resource, id);
}
