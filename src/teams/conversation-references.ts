import { TurnContext, type ConversationReference } from "botbuilder";
import type { PrismaClient } from "../generated/prisma";
import { logger } from "../platform/logger";
import { LruCache } from "../platform/lru-cache";
import type { HotStatements } from "../platform/storage/hot-statements";
import { tenantOf, userOf } from "./turn-facts";

export interface ReachableOfficer {
  userId: string;
  /** What the confirmation card shows: the officer's name, or their e-mail when no name is known. */
  name: string | undefined;
  reference: Partial<ConversationReference>;
}

/** Who an officer's invitation reaches: officials with access and a personal chat with the bot, and how many others. */
export interface InvitationRecipients {
  reachable: Array<{ userId: string; tenantId: string; reference: Partial<ConversationReference> }>;
  /** Officials with access whom the bot cannot message: they have not installed the app (or not yet opened it). */
  unreachable: number;
}

/**
 * Where the bot can reach each user on its own initiative: the reference of their personal chat with
 * the bot (ids and the service URL, nothing they wrote). Only personal chats are kept, so something
 * sent to a security officer can never land in a team channel. Written at most once per user and
 * conversation per process, so an ordinary turn costs nothing.
 */
export class ConversationReferences {
  /** The conversation last saved per tenant and user; one pushed out only costs one more upsert. */
  private readonly remembered = new LruCache<string, string>({ maxEntries: 10_000 });

  constructor(
    private readonly prisma: PrismaClient,
    private readonly hot: HotStatements,
  ) {}

  async remember(context: TurnContext): Promise<void> {
    const user = userOf(context);
    const tenantId = tenantOf(context);
    const conversation = context.activity.conversation;
    if (!user || !tenantId || !conversation?.id || conversation.conversationType !== "personal") return;
    const key = `${tenantId}|${user.userId}`;
    if (this.remembered.get(key) === conversation.id) return;

    const full = TurnContext.getConversationReference(context.activity);
    const reference = {
      channelId: full.channelId,
      serviceUrl: full.serviceUrl,
      locale: full.locale,
      conversation: { id: conversation.id, conversationType: "personal", tenantId, isGroup: false, name: "" },
      bot: { id: full.bot?.id ?? "", name: "" },
      user: { id: full.user?.id ?? "", name: "", aadObjectId: full.user?.aadObjectId },
    };
    try {
      await this.hot.rememberConversationReference(user.userId, tenantId, reference);
      this.remembered.set(key, conversation.id);
    } catch (error) {
      // A missed write only means a later turn tries again; the user's own turn must not fail for it.
      logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, "reference not saved");
    }
  }

  /** Where the bot can reach one user in a personal chat in that workspace, if it can. */
  async referenceOf(userId: string, tenantId: string | null): Promise<Partial<ConversationReference> | undefined> {
    if (!tenantId) return undefined;
    const found = await this.prisma.conversationReference.findUnique({
      where: { userId_tenantId: { userId, tenantId } },
    });
    return (found?.reference as Partial<ConversationReference> | undefined) ?? undefined;
  }

  /** The organisation's security officers who can be reached in a personal chat, the sender excluded. */
  async officersOf(organisationId: string, senderUserId: string): Promise<ReachableOfficer[]> {
    const officers = await this.prisma.membership.findMany({
      where: { organisationId, role: "officer", userId: { not: null } },
      orderBy: { grantedAt: "asc" },
    });
    const ids = officers.map((o) => o.userId!).filter((id) => id !== senderUserId);
    if (ids.length === 0) return [];
    const tenants = await this.prisma.organisationTenant.findMany({ where: { organisationId } });
    const references = await this.prisma.conversationReference.findMany({
      where: { userId: { in: ids }, tenantId: { in: tenants.map((t) => t.tenantId) } },
    });
    return officers.flatMap((officer) => {
      const found = references.find((r) => r.userId === officer.userId);
      if (!found || officer.userId === senderUserId) return [];
      return [
        {
          userId: officer.userId!,
          name: officer.displayName ?? officer.email ?? undefined,
          reference: found.reference as Partial<ConversationReference>,
        },
      ];
    });
  }

  /**
   * The officials of one organisation an invitation can reach. Only people Teams identified in one of the
   * organisation's own workspaces: those granted access (and signed in), and, when everyone in the
   * organisation's Teams has access, everyone there who has a personal chat with the bot. Never an
   * address someone typed, and never the organisation's security officers or the sender.
   */
  async officialsOf(organisationId: string, senderUserId: string): Promise<InvitationRecipients> {
    const organisation = await this.prisma.organisation.findUnique({
      where: { id: organisationId },
      include: { tenants: true, members: true },
    });
    if (!organisation) return { reachable: [], unreachable: 0 };
    const tenantIds = organisation.tenants.map((t) => t.tenantId);
    const officerIds = new Set(organisation.members.filter((m) => m.role === "officer").map((m) => m.userId));
    const officials = organisation.members.filter((m) => m.role === "official");
    const references = await this.prisma.conversationReference.findMany({
      where:
        organisation.accessMode === "everyone"
          ? { tenantId: { in: tenantIds } }
          : { tenantId: { in: tenantIds }, userId: { in: officials.flatMap((m) => (m.userId ? [m.userId] : [])) } },
    });
    const byUser = new Map<string, { tenantId: string; reference: Partial<ConversationReference> }>();
    for (const row of references)
      if (row.userId !== senderUserId && !officerIds.has(row.userId))
        byUser.set(row.userId, { tenantId: row.tenantId, reference: row.reference as Partial<ConversationReference> });
    const unreachable = officials.filter((m) => !m.userId || !byUser.has(m.userId)).length;
    return {
      reachable: [...byUser].map(([userId, found]) => ({ userId, ...found })),
      unreachable,
    };
  }
}
