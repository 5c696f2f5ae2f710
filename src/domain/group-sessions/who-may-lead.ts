/**
 * Leading a group session is using the material, which the licence gives the organisation's own
 * officials. The licence gate judges everyone in a group by the conversation's workspace, so that guests
 * and users of other (federated) workspaces can take part; Teams' member directory says who is its own.
 */
export interface LeaderFacts {
  /** The workspace Teams' member directory places the person in. */
  memberTenantId: string | undefined;
  /**
   * Teams' `userRole`: "user", "guest" or "anonymous". A guest is listed in the host's workspace, so only
   * the role tells them apart; a missing role proves nothing, so it leads no more than a guest does.
   */
  role: string | undefined;
  /** The workspace whose licence the conversation runs under. */
  conversationTenantId: string | undefined;
}

export function mayLead({ memberTenantId, role, conversationTenantId }: LeaderFacts): boolean {
  if (!memberTenantId || !conversationTenantId || role !== "user") return false;
  // Tenant ids are GUIDs: the same id in either case.
  return memberTenantId.toLowerCase() === conversationTenantId.toLowerCase();
}
