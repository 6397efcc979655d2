import { groupConstructId, groupDisplayName, isCreatedGroup, oktaGroupIdProblem, oktaGroupProblems } from "../../../constructs/okta/groups";

const ID = "00g1a2b3c4d5e6f7g8h9";

describe("oktaGroupIdProblem", () => {
  it("accepts a group id", () => expect(oktaGroupIdProblem(ID)).toBeUndefined());
  it.each(["0oa1a2b3c4d5e6f7g8h9", "00g123", "Grafana Users", `${ID}x`])("rejects %j", (id) =>
    expect(oktaGroupIdProblem(id)).toMatch(new RegExp(`^must be an Okta group id: .* \\(got "${id}"\\); to use a group by name, set "name" instead$`)),
  );
});

describe("oktaGroupProblems", () => {
  it("accepts ids, names and created groups", () => {
    expect(oktaGroupProblems([{ id: ID }, { name: "Grafana Users" }, { name: "Grafana Admins", create: true, description: "admins" }])).toEqual([]);
  });

  it.each<[string, object[], object[]]>([
    ["an empty list", [], [{ problem: expect.stringMatching(/^must list at least one group: Okta provisions to Grafana only the users assigned to the app/) }]],
    ["both id and name", [{ id: ID, name: "x" }], [{ index: 0, problem: 'set either "id" (an existing group) or "name", not both' }]],
    ["neither id nor name", [{ create: true }], [{ index: 0, problem: 'set "id" (an existing group) or "name" (looked up, or created with "create": true)' }]],
    ["a malformed id", [{ id: "grafana" }], [{ index: 0, field: "id", problem: expect.stringMatching(/^must be an Okta group id/) }]],
    ["create with an id", [{ id: ID, create: true }], [{ index: 0, field: "create", problem: 'only a group given by "name" can be created' }]],
    ["an empty name", [{ name: " " }], [{ index: 0, field: "name", problem: "must not be empty" }]],
    ["a description on a looked-up group", [{ name: "x", description: "d" }], [{ index: 0, field: "description", problem: 'only applies to a group created here ("create": true)' }]],
    ["the same name twice (case-insensitive)", [{ name: "Grafana" }, { name: "grafana", create: true }], [{ index: 1, problem: "names the same group as item 0; Okta assigns a group to an app once" }]],
    ["the same id twice", [{ id: ID }, { id: ID }], [{ index: 1, problem: "names the same group as item 0; Okta assigns a group to an app once" }]],
    ["a key on a group not created here", [{ name: "Grafana", key: "g" }], [{ index: 0, field: "key", problem: 'only applies to a group created here ("create": true)' }]],
    ["a key that is another created group's address", [{ name: "Grafana Admins", create: true, key: "x" }, { name: "X", create: true }], [
      { index: 1, field: "name", problem: 'gives the same Terraform address (created-x) as item 0; set a distinct "key"' },
    ]],
    ["two created groups with one key", [{ name: "A", create: true, key: "k" }, { name: "B", create: true, key: "k" }], [
      { index: 1, field: "key", problem: 'gives the same Terraform address (created-k) as item 0; set a distinct "key"' },
    ]],
    ["a key without a letter or digit", [{ name: "Grafana", create: true, key: "--" }], [{ index: 0, field: "key", problem: "must contain a letter or digit" }]],
  ])("rejects %s", (_name, groups, problems) => expect(oktaGroupProblems(groups)).toEqual(problems));
});

describe("group helpers", () => {
  it("derive construct ids from the group, not its position", () => {
    expect(groupConstructId({ id: ID })).toBe(`by-id-${ID.toLowerCase()}`);
    expect(groupConstructId({ name: "Grafana Users" })).toBe("lookup-grafana-users");
    expect(groupConstructId({ name: "Grafana: Admins!", create: true })).toBe("created-grafana-admins");
    expect(groupConstructId({ name: "###" })).toBe("lookup-group");
  });

  it("GIVEN a created group renamed with its old name as key THEN its address does not change", () => {
    const before = groupConstructId({ name: "Grafana Admins", create: true });
    expect(groupConstructId({ name: "Grafana Administrators", create: true, key: "Grafana Admins" })).toBe(before);
    expect(groupConstructId({ name: "Grafana Administrators", create: true })).not.toBe(before);
  });

  it("say how an admin finds a group, and which are created", () => {
    expect(groupDisplayName({ name: "Grafana Users" })).toBe("Grafana Users");
    expect(groupDisplayName({ id: ID })).toBe(`the group with id ${ID}`);
    expect(isCreatedGroup({ name: "x", create: true })).toBe(true);
    expect(isCreatedGroup({ name: "x" })).toBe(false);
    expect(isCreatedGroup({ id: ID })).toBe(false);
  });
});
