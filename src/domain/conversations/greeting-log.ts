import type { PrismaClient } from "../../generated/prisma";

/**
 * Teams sends two install events for one install, at the same moment and possibly to two instances.
 * The greeting goes out for whichever claims the conversation first; the database decides.
 */
export class GreetingLog {
  constructor(private readonly prisma: PrismaClient) {}

  async claimFirstGreeting(conversationId: string): Promise<boolean> {
    const inserted = await this.prisma.$executeRaw`
      INSERT INTO conversation_greeting (conversation_id) VALUES (${conversationId})
      ON CONFLICT (conversation_id) DO NOTHING`;
    return inserted === 1;
  }
}
