import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "../../generated/prisma";
import type { FieldCipher } from "../../platform/crypto/field-cipher";
import { isLanguage, type Language } from "../content/language";
import { isUuid } from "../incidents/incident-store";
import { maxReflectionLength } from "../reflections/reflection-store";
import { groupSessionExpiry } from "./group-session-retention";
import { newSessionSalt, participantKey } from "./participant-key";
import { revealOrder } from "./reveal-rule";

/** A group session that is running: everything the shared card and its facilitator's controls need. */
export interface GroupSession {
  id: string;
  tenantId: string;
  themeId: string;
  language: Language;
  conversationId: string;
  sharedActivityId?: string;
  facilitator: { userId: string; channelId: string };
  stepIndex: number;
  revealedStepIds: string[];
  startedAt: Date;
}

export interface NewGroupSession {
  tenantId: string;
  conversationId: string;
  themeId: string;
  language: Language;
  facilitator: { userId: string; channelId: string };
}

export type AnswerOutcome =
  { kind: "saved" | "replaced" } | { kind: "empty" } | { kind: "tooLong"; length: number } | { kind: "notRunning" };

type Client = PrismaClient | Prisma.TransactionClient;

/** What an ended session keeps: which theme, where and when, for the statistics. Nobody's id, no answer. */
const endedFields = (now: Date) => ({
  endedAt: now,
  conversationId: null,
  sharedActivityId: null,
  facilitatorUserId: null,
  facilitatorChannelId: null,
  salt: null,
});

/** Ends the sessions `where` names: their answers are deleted, their people cleared. Idempotent. */
export async function endSessions(client: Client, where: Prisma.GroupSessionWhereInput, now: Date): Promise<number> {
  const running = { ...where, endedAt: null };
  await client.groupSessionAnswer.deleteMany({ where: { session: running } });
  const { count } = await client.groupSession.updateMany({ where: running, data: endedFields(now) });
  return count;
}

/**
 * Group sessions and their anonymous answers. Every write is one statement guarded by what it changes
 * from (a compare-and-set on the step, a unique key per answer, a partial unique index per running
 * session), so a double press, a redelivery or two instances at once change a session once.
 */
export class GroupSessionStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly cipher: FieldCipher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Starts a session, or finds the one this facilitator already runs of this theme in this conversation
   * (`isNew: false`): one running per facilitator, theme and conversation.
   */
  async start(input: NewGroupSession): Promise<{ session: GroupSession; isNew: boolean }> {
    const startedAt = this.now();
    const mine = {
      conversationId: input.conversationId,
      facilitatorUserId: input.facilitator.userId,
      themeId: input.themeId,
    };
    // One that outlived its day but was not swept yet must not stand in for a new one.
    await endSessions(this.prisma, { ...mine, expiresAt: { lte: startedAt } }, startedAt);
    const id = randomUUID();
    await this.prisma.groupSession.createMany({
      data: [
        {
          id,
          ...mine,
          tenantId: input.tenantId,
          language: input.language,
          facilitatorChannelId: input.facilitator.channelId,
          salt: newSessionSalt(),
          startedAt,
          expiresAt: groupSessionExpiry(startedAt),
        },
      ],
      skipDuplicates: true,
    });
    const row = await this.prisma.groupSession.findFirstOrThrow({ where: { ...mine, endedAt: null } });
    return { session: toSession(row)!, isNew: row.id === id };
  }

  /** The session if it is still running (not ended, not past its day). */
  async running(id: string): Promise<GroupSession | undefined> {
    if (!isUuid(id)) return undefined;
    return toSession(await this.prisma.groupSession.findFirst({ where: this.runningWhere(id) }));
  }

  /** Where the shared card landed, once the Bot Connector has taken it. */
  async setSharedActivity(id: string, activityId: string): Promise<void> {
    await this.prisma.groupSession.updateMany({ where: this.runningWhere(id), data: { sharedActivityId: activityId } });
  }

  /** Moves from `fromStep` to `toStep`, only if the session still stands at `fromStep`: a double press moves once. */
  async move(id: string, fromStep: number, toStep: number): Promise<boolean> {
    const { count } = await this.prisma.groupSession.updateMany({
      where: { ...this.runningWhere(id), stepIndex: fromStep },
      data: { stepIndex: toStep },
    });
    return count > 0;
  }

  /** Marks a step's answers as shown to the group; false when they already were. */
  async reveal(id: string, stepId: string): Promise<boolean> {
    const { count } = await this.prisma.groupSession.updateMany({
      where: { ...this.runningWhere(id), NOT: { revealedStepIds: { has: stepId } } },
      data: { revealedStepIds: { push: stepId } },
    });
    return count > 0;
  }

  /** Ends a session: its answers are deleted and its people cleared. False when it had already ended. */
  async end(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    return (await endSessions(this.prisma, { id }, this.now())) > 0;
  }

  /** One person's answer to one step, under their key in this session: a second answer replaces the first. */
  async answer(sessionId: string, stepId: string, userId: string, text: string): Promise<AnswerOutcome> {
    const trimmed = text.trim();
    if (!trimmed) return { kind: "empty" };
    if (trimmed.length > maxReflectionLength) return { kind: "tooLong", length: trimmed.length };
    const row = isUuid(sessionId)
      ? await this.prisma.groupSession.findFirst({ where: this.runningWhere(sessionId), select: { salt: true } })
      : null;
    if (!row?.salt) return { kind: "notRunning" };
    const key = { sessionId, stepId, participantKey: participantKey(row.salt, userId) };
    const existed = await this.prisma.groupSessionAnswer.count({ where: key });
    // Sealed to the row's unique key, so a ciphertext moved to another answer does not open.
    const sealed = this.cipher.seal(trimmed, sealedFor(key));
    const stored = {
      keyId: sealed.keyId,
      nonce: Buffer.from(sealed.nonce),
      ciphertext: Buffer.from(sealed.ciphertext),
    };
    await this.prisma.groupSessionAnswer.upsert({
      where: { sessionId_stepId_participantKey: key },
      create: { ...key, ...stored },
      update: stored,
    });
    return { kind: existed > 0 ? "replaced" : "saved" };
  }

  async answerCount(sessionId: string, stepId: string): Promise<number> {
    return this.prisma.groupSessionAnswer.count({ where: { sessionId, stepId } });
  }

  /** A step's answers, opened, in an order that says nothing about who wrote them or when. */
  async answers(sessionId: string, stepId: string): Promise<string[]> {
    const rows = await this.prisma.groupSessionAnswer.findMany({ where: { sessionId, stepId } });
    return revealOrder(
      rows.map((row) =>
        this.cipher.open({ keyId: row.keyId, nonce: row.nonce, ciphertext: row.ciphertext }, sealedFor(row)),
      ),
    );
  }

  /** Ends every session past its day. Safe to run on several instances at once. */
  async purgeExpired(now: Date = this.now()): Promise<number> {
    return endSessions(this.prisma, { expiresAt: { lte: now } }, now);
  }

  private runningWhere(id: string): Prisma.GroupSessionWhereInput {
    return { id, endedAt: null, expiresAt: { gt: this.now() } };
  }
}

function sealedFor(key: { sessionId: string; stepId: string; participantKey: string }): string {
  return `${key.sessionId}|${key.stepId}|${key.participantKey}`;
}

type SessionRow = Awaited<ReturnType<PrismaClient["groupSession"]["findFirst"]>>;

function toSession(row: SessionRow): GroupSession | undefined {
  if (!row?.conversationId || !row.facilitatorUserId || !row.facilitatorChannelId) return undefined;
  return {
    id: row.id,
    tenantId: row.tenantId,
    themeId: row.themeId,
    language: isLanguage(row.language) ? row.language : "sv",
    conversationId: row.conversationId,
    sharedActivityId: row.sharedActivityId ?? undefined,
    facilitator: { userId: row.facilitatorUserId, channelId: row.facilitatorChannelId },
    stepIndex: row.stepIndex,
    revealedStepIds: row.revealedStepIds,
    startedAt: row.startedAt,
  };
}
