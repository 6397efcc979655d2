import {
  GROUP_SYNC_FIXED_ROLE,
  scimFixedRoles,
  scimPermissions,
  rejectWithoutUserSyncProblem,
  syncsProblem,
  USER_SYNC_FIXED_ROLE,
} from "../../../constructs/grafana/scim-permissions";

const asText = (syncs: { userSync: boolean; groupSync: boolean }) => scimPermissions(syncs).map((p) => `${p.action} ${p.scope || "(unscoped)"}`);

describe("scimPermissions", () => {
  it("user sync: org.users read/add/write/remove on users:*", () => {
    expect(asText({ userSync: true, groupSync: false })).toEqual([
      "org.users:add users:*",
      "org.users:read users:*",
      "org.users:remove users:*",
      "org.users:write users:*",
    ]);
  });

  it("group sync: teams CRUD (create unscoped), team membership, and reading the member users", () => {
    expect(asText({ userSync: false, groupSync: true })).toEqual([
      "org.users:read users:*",
      "teams:create (unscoped)",
      "teams:delete teams:*",
      "teams:read teams:*",
      "teams:write teams:*",
      "teams.permissions:read teams:*",
      "teams.permissions:write teams:*",
    ]);
  });

  it("both syncs: the union without duplicates", () => {
    const both = asText({ userSync: true, groupSync: true });
    expect(both).toHaveLength(10);
    expect(new Set(both).size).toBe(both.length);
    expect(both.filter((p) => p.startsWith("org.users:read"))).toEqual(["org.users:read users:*"]);
  });

  it("grants nothing beyond users:* and teams:* (no admin, no global scopes)", () => {
    for (const p of scimPermissions({ userSync: true, groupSync: true })) expect(["", "users:*", "teams:*"]).toContain(p.scope);
  });
});

describe("scimFixedRoles", () => {
  it.each([
    [true, false, [USER_SYNC_FIXED_ROLE]],
    [false, true, [GROUP_SYNC_FIXED_ROLE]],
    [true, true, ["fixed:org.users:writer", "fixed:teams:writer"]],
  ])("userSync=%s groupSync=%s", (userSync, groupSync, roles) => expect(scimFixedRoles({ userSync, groupSync })).toEqual(roles));
});

describe("rejectWithoutUserSyncProblem", () => {
  it("refuses rejecting non-provisioned users when SCIM provisions no user", () =>
    expect(rejectWithoutUserSyncProblem({ userSync: false, rejectNonProvisionedUsers: true })).toMatch(/^needs userSync: with user sync off SCIM provisions no user/));
  it("accepts it with user sync, and user sync off without it", () => {
    expect(rejectWithoutUserSyncProblem({ userSync: true, rejectNonProvisionedUsers: true })).toBeUndefined();
    expect(rejectWithoutUserSyncProblem({ userSync: false, rejectNonProvisionedUsers: false })).toBeUndefined();
    expect(rejectWithoutUserSyncProblem({ userSync: false })).toBeUndefined();
  });
});

describe("syncsProblem", () => {
  it("refuses SCIM with neither sync", () => expect(syncsProblem({ userSync: false, groupSync: false })).toMatch(/userSync or groupSync/));
  it("accepts either", () => expect(syncsProblem({ userSync: false, groupSync: true })).toBeUndefined());
});
