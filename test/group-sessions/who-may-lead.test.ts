import { describe, expect, it } from "vitest";
import { mayLead } from "../../src/domain/group-sessions/who-may-lead";

/** Who may lead a group session, from what Teams' member directory says about the person. */
describe("who may lead a group session", () => {
  const workspace = "6f1c2b3a-0000-4000-8000-00000000abcd";

  it("lets a user of the conversation's own workspace lead, whatever case Teams spells the id in", () => {
    expect(mayLead({ memberTenantId: workspace, role: "user", conversationTenantId: workspace })).toBe(true);
    expect(mayLead({ memberTenantId: workspace.toUpperCase(), role: "user", conversationTenantId: workspace })).toBe(
      true,
    );
  });

  it("does not let a guest or an anonymous participant lead, though the directory lists them in the workspace", () => {
    for (const role of ["guest", "anonymous"])
      expect(mayLead({ memberTenantId: workspace, role, conversationTenantId: workspace })).toBe(false);
  });

  it("does not let a user of another workspace lead", () => {
    const other = "0a0b0c0d-0000-4000-8000-000000000001";
    expect(mayLead({ memberTenantId: other, role: "user", conversationTenantId: workspace })).toBe(false);
  });

  it("lets no one lead on facts Teams left out", () => {
    expect(mayLead({ memberTenantId: workspace, role: undefined, conversationTenantId: workspace })).toBe(false);
    expect(mayLead({ memberTenantId: undefined, role: "user", conversationTenantId: workspace })).toBe(false);
    expect(mayLead({ memberTenantId: undefined, role: "user", conversationTenantId: undefined })).toBe(false);
  });
});
