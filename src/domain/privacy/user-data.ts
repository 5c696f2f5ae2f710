import type { HandoverData } from "../incidents/handover-personal-data";
import type { ReminderData } from "../reminders/reminder-personal-data";
import type { InvitationData } from "../reminders/invitation-personal-data";
import type { PrismaClient } from "../../generated/prisma";
import type { SavedIncident } from "../incidents/incident-store";
import type { DownloadData } from "../incidents/download-personal-data";
import type { AuditData } from "../licensing/audit-personal-data";
import { writeAudit } from "../licensing/audit-log";
import type { LicenceGate } from "../licensing/licence-gate";
import type { DirectoryData, MembershipData, OrderData } from "../licensing/licensing-personal-data";
import type { ProgressData } from "../progress/progress-personal-data";
import type { SavedReflection } from "../reflections/reflection-store";
import {
  addCounts,
  emptyCounts,
  type DataSubject,
  type EraseRefusal,
  type ErasedCounts,
  type PersonalDataRegistry,
  type UserDataCounts,
} from "./personal-data";
import { erasedMarker, pseudonymOf } from "./pseudonym";

export type { DataSubject, UserDataCounts };
export { erasedMarker };

/**
 * Everything, opened (decrypted) for the person themselves: the sections the registered stores export
 * (each store declares its section's shape, so they cannot drift apart).
 */
export interface UserData {
  userId: string;
  tenantId: string | null;
  memberships: MembershipData[];
  directory: DirectoryData[];
  progress: ProgressData[];
  reflections: SavedReflection[];
  incidents: SavedIncident[];
  orders: OrderData[];
  downloads: DownloadData[];
  /** Summaries the person sent to security officers: to whom, when, and what they answered (no content). */
  handovers: HandoverData[];
  /** Reminders the person asked for about a theme (src/domain/reminders), sent or still to come. */
  reminders: ReminderData[];
  /** The invitation a security officer sent the person lately, if any. */
  invitations: InvitationData[];
  /** That the bot can reach the person in a personal chat (ids and a service address only). */
  conversationReferences: number;
  lastSeenAt: Date | null;
  auditEntries: AuditData[];
}

export type EraseResult = { kind: "erased"; erased: ErasedCounts } | EraseRefusal;

/**
 * `mina data`: counts, exports and erases by asking every registered store (src/runtime.ts composes the
 * registry) about the person. It knows no table itself; the person is who Teams says they are, and each
 * store touches only rows keyed by their ids.
 */
export class UserDataService {
  constructor(
    private readonly prisma: PrismaClient,
    /** Visited in this order; src/runtime.ts composes it. */
    readonly stores: PersonalDataRegistry,
    private readonly gate?: LicenceGate,
  ) {}

  /** Everything about the person, opened, for the export. */
  async collect(subject: DataSubject): Promise<UserData> {
    const sections = await Promise.all(this.stores.map((store) => store.export(subject)));
    return Object.assign({ userId: subject.userId, tenantId: subject.tenantId ?? null }, ...sections) as UserData;
  }

  /** How many of each there are, for the `mina data` card (nothing is decrypted). */
  async counts(subject: DataSubject): Promise<UserDataCounts> {
    const parts = await Promise.all(this.stores.map((store) => store.count(subject)));
    return parts.reduce((total: UserDataCounts, part) => addCounts(total, part), emptyCounts());
  }

  /**
   * Erases everything about the person in one transaction, store by store in registration order, after
   * every store has agreed (a last security officer is refused). Idempotent: a second erasure finds
   * nothing and changes nothing but its own audit entry, which says whose (by pseudonym) and which
   * organisations the person left.
   */
  async erase(subject: DataSubject): Promise<EraseResult> {
    const result = await this.prisma.$transaction(async (tx): Promise<EraseResult> => {
      for (const store of this.stores) {
        const refusal = await store.refuseErase?.(subject, tx);
        if (refusal) return refusal;
      }
      const conversations = new Set(subject.conversationIds);
      for (const store of this.stores)
        for (const id of (await store.conversationsOf?.(subject, tx)) ?? []) conversations.add(id);
      const whole: DataSubject = { ...subject, conversationIds: [...conversations] };

      const erased: ErasedCounts = { ...emptyCounts(), auditEntries: 0, conversationState: 0 };
      const organisationIds = new Set<string>();
      for (const store of this.stores) {
        const { organisationIds: left, ...counts } = await store.erase(whole, tx);
        addCounts(erased, counts);
        for (const id of left ?? []) organisationIds.add(id);
      }

      const pseudonym = pseudonymOf(subject.userId);
      const organisations = [...organisationIds];
      await writeAudit(tx, {
        actor: `user:${pseudonym}`,
        action: "privacy.erase",
        subject: `user:${pseudonym}`,
        subjectUserId: pseudonym,
        organisationId: organisations.length === 1 ? organisations[0] : null,
        after: { ...erased, tenantId: subject.tenantId ?? null, organisationIds: organisations },
      });
      return { kind: "erased", erased };
    });
    if (result.kind === "erased") this.gate?.invalidate(subject.tenantId);
    return result;
  }
}
