/**
 * The Okta groups assigned to the Grafana app: existing groups by id, existing groups looked up
 * by name, or groups this package creates. Assignment decides who Okta provisions to Grafana;
 * pushed groups become Grafana teams.
 */
import { textCharacterProblem } from "../plain-text";
import { Token } from "cdktf";
import { escapeTemplate } from "../template-escape";

/** An existing Okta group, by id (`00g...`). */
export interface OktaGroupById {
  readonly id: string;
}

/** An existing Okta group, looked up by its exact name (`data.okta_group`). */
export interface OktaGroupByName {
  readonly name: string;
  /** Not created here. */
  readonly create?: false;
}

/** An Okta group this package creates (`okta_group`). */
export interface OktaGroupToCreate {
  readonly name: string;
  readonly create: true;
  /** The group's description. @default none */
  readonly description?: string;
  /**
   * What the group's Terraform address is derived from. A created group's address otherwise
   * follows its name, so a rename would destroy the group (and its memberships) and create a new
   * one. To rename in place, set `key` to the old name, then change `name`.
   * @default the name
   */
  readonly key?: string;
}

/** A group to assign to the app. */
export type OktaGroupRef = OktaGroupById | OktaGroupByName | OktaGroupToCreate;

/** Okta object ids are 20 characters; group ids start with `00g`. */
const GROUP_ID = /^00g[A-Za-z0-9]{17}$/;

/** Why `id` is not an Okta group id, or `undefined` when it is one (or a reference). */
export function oktaGroupIdProblem(id: string): string | undefined {
  if (Token.isUnresolved(id)) return undefined;
  if (GROUP_ID.test(id)) return undefined;
  return `must be an Okta group id: "00g" followed by 17 letters or digits, e.g. "00g1a2b3c4d5e6f7g8h9" (got "${id}"); to use a group by name, set "name" instead`;
}

/** A group as an environment file may spell it, before it is known to be well-formed. */
export interface OktaGroupInput {
  readonly id?: string;
  readonly name?: string;
  readonly create?: boolean;
  readonly description?: string;
  readonly key?: string;
}

/** One problem with a group list: the item's index, the field within it (if any) and what is wrong. */
export interface OktaGroupProblem {
  readonly index?: number;
  readonly field?: keyof OktaGroupInput;
  readonly problem: string;
}

/**
 * Every problem with `groups`: none at all, an item with both or neither of id and name,
 * `create`/`description`/`key` without `create`, a malformed id, an empty name, the same group
 * twice, two created groups with one Terraform address.
 */
export function oktaGroupProblems(groups: readonly OktaGroupInput[]): OktaGroupProblem[] {
  // A JavaScript caller may pass no list, or items that are no objects.
  if (!Array.isArray(groups) || groups.length === 0) {
    return [{ problem: "must list at least one group: Okta provisions to Grafana only the users assigned to the app, and this package assigns them through groups" }];
  }
  const problems: OktaGroupProblem[] = [];
  const seen = new Map<string, number>();
  const addresses = new Map<string, number>();
  groups.forEach((group, index) => {
    if (typeof group !== "object" || group === null) {
      problems.push({ index, problem: 'must be a group: { id } or { name } (looked up, or created with "create": true)' });
      return;
    }
    const { id, name, create, description, key: addressKey } = group;
    if (id !== undefined && name !== undefined) problems.push({ index, problem: 'set either "id" (an existing group) or "name", not both' });
    else if (id === undefined && name === undefined) problems.push({ index, problem: 'set "id" (an existing group) or "name" (looked up, or created with "create": true)' });
    if (id !== undefined) {
      const idProblem = oktaGroupIdProblem(id);
      if (idProblem) problems.push({ index, field: "id", problem: idProblem });
      if (create) problems.push({ index, field: "create", problem: 'only a group given by "name" can be created' });
    }
    if (name !== undefined && name.trim() === "") problems.push({ index, field: "name", problem: "must not be empty" });
    const characters = name === undefined ? undefined : textCharacterProblem(name);
    if (characters) problems.push({ index, field: "name", problem: characters });
    if (description !== undefined && create !== true) problems.push({ index, field: "description", problem: 'only applies to a group created here ("create": true)' });
    if (addressKey !== undefined && create !== true) problems.push({ index, field: "key", problem: 'only applies to a group created here ("create": true)' });
    else if (addressKey !== undefined && slugOf(addressKey) === "") problems.push({ index, field: "key", problem: "must contain a letter or digit" });
    const key = id !== undefined ? `id:${id}` : name !== undefined ? `name:${name.trim().toLowerCase()}` : undefined;
    const first = key === undefined ? undefined : seen.get(key);
    if (first !== undefined) problems.push({ index, problem: `names the same group as item ${first}; Okta assigns a group to an app once` });
    else if (key !== undefined) seen.set(key, index);
    // Created groups are addressed by the slug of key or name: two with one address would take
    // each other's group depending on list order.
    if (create === true && id === undefined && name !== undefined && first === undefined) {
      const address = slugOf(addressKey ?? name);
      const other = addresses.get(address);
      if (other !== undefined) {
        problems.push({
          index,
          field: addressKey === undefined ? "name" : "key",
          problem: `gives the same Terraform address (created-${address}) as item ${other}; set a distinct "key"`,
        });
      } else addresses.set(address, index);
    }
  });
  return problems;
}

/** Whether `group` is created by this package. */
export function isCreatedGroup(group: OktaGroupRef): group is OktaGroupToCreate {
  return "name" in group && group.create === true;
}

/** How an admin finds `group` in Okta's console: its name, or its id. */
export function groupDisplayName(group: OktaGroupRef): string {
  return "name" in group ? group.name : `the group with id ${group.id}`;
}

/**
 * A construct id for `group` that survives reordering the list: `by-id-...`, `lookup-...` or
 * `created-...` plus a slug of the name (of `key` for a created group that has one).
 */
export function groupConstructId(group: OktaGroupRef): string {
  if (!("name" in group)) return `by-id-${group.id.toLowerCase()}`;
  if (isCreatedGroup(group)) return `created-${slugOf(group.key ?? group.name) || "group"}`;
  return `lookup-${slugOf(group.name) || "group"}`;
}

function slugOf(text: string): string {
  return text.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/**
 * Text as an HCL quoted string literal for use inside a `${...}` interpolation of a Terraform
 * JSON string: backslash, quote and control characters escaped, and `${`/`%{` doubled so the
 * template engine does not read them. Pure.
 */
export function hclStringLiteral(text: string): string {
  const escaped = text.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    if (c === "\\") return "\\\\";
    if (c === '"') return '\\"';
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  return `"${escaped.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{")}"`;
}

/**
 * The postcondition of a group looked up by `name`: the group `data.okta_group` found has exactly
 * that name. okta 4.20's lookup is a prefix search and returns a single partial match with a
 * warning only (okta/terraform-provider-okta v4.20.0, `okta/data_source_okta_group.go`,
 * `findGroup`: "a fuzzy match is acceptable if query only returns one group"); it then sets `name`
 * to the found group's name, which the condition compares. Pure.
 */
export function exactGroupNameCondition(name: string): string {
  return `self.name == ${hclStringLiteral(name)}`;
}

/** The error when {@link exactGroupNameCondition} fails (a Terraform template naming both groups). Pure. */
export function exactGroupNameMessage(name: string): string {
  return (
    `The Okta group looked up by the name "${escapeTemplate(name)}" is "\${self.name}" (id \${self.id}): okta 4.20's data.okta_group ` +
    "searches by name prefix and returns a single partial match with only a warning, and its members would be provisioned into Grafana. " +
    "Give the group's exact name, or its id."
  );
}
