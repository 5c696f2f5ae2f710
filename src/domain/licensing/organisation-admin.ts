import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "../../generated/prisma";
import type { AccessMode, OrganisationContact } from "./access";
import { organisationStatistics, type OrganisationStatistics } from "./usage-statistics";
import { writeAudit, type Actor, type AuditInput } from "./audit-log";
import { LicensingError, upsertOfficer } from "./licences";
import type { LicenceGate } from "./licence-gate";
import { isEmailAddress } from "./email-address";

export interface MemberSummary {
  id: string;
  name: string | null;
  email: string | null;
  role: "officer" | "official";
  grantedAt: Date;
  grantedByName: string | null;
  /** False until the official has opened the bot once (granted by e-mail before first contact). */
  hasSignedIn: boolean;
}

export interface OrganisationOverview extends OrganisationContact {
  accessMode: AccessMode;
  licenceValidUntil: Date | null;
}

export interface GrantResult {
  added: string[];
  alreadyHadAccess: string[];
  invalid: string[];
}

export interface ContactDetails {
  contactPhone: string | null;
  contactEmail: string | null;
  routineUrl: string | null;
}

/** A security officer's tools for their own organisation. Every change is audited. */
export class OrganisationAdmin {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly gate: LicenceGate,
  ) {}

  /** Pasted lists work: addresses separated by commas, semicolons, spaces or lines; "Name <a@b.se>" too. */
  static parseEmails(text: string): string[] {
    return [
      ...new Set(
        text
          .split(/[\s,;]+/)
          .map((part) => part.replace(/^<|>$/g, "").trim().toLowerCase())
          .filter(Boolean),
      ),
    ];
  }

  async grantByEmail(organisationId: string, emailText: string, actor: Actor): Promise<GrantResult> {
    const result: GrantResult = { added: [], alreadyHadAccess: [], invalid: [] };
    for (const email of OrganisationAdmin.parseEmails(emailText)) {
      if (!isEmailAddress(email)) {
        result.invalid.push(email);
        continue;
      }
      const existing = await this.prisma.membership.findUnique({
        where: { organisationId_email: { organisationId, email } },
      });
      if (existing) {
        result.alreadyHadAccess.push(email);
        continue;
      }
      // Someone who has already talked to the bot is linked at once, through the e-mail Teams
      // reported for them in one of the organisation's own workspaces.
      const known = await this.prisma.directoryEntry.findFirst({
        where: { email, tenantId: { in: await this.tenantsOf(organisationId) } },
      });
      // The grant and its audit entry stand or fall together.
      await this.prisma.$transaction(async (tx) => {
        const member = await tx.membership.create({
          data: {
            id: randomUUID(),
            organisationId,
            email,
            role: "official",
            grantedBy: actor,
            userId: known?.userId,
            displayName: known?.displayName,
          },
        });
        await writeAudit(tx, {
          actor,
          action: "access.grant",
          subject: `membership:${member.id}`,
          organisationId,
          subjectUserId: known?.userId,
          after: { email, linkedToTeamsUser: known !== null },
        });
      });
      result.added.push(email);
    }
    await this.invalidate(organisationId);
    return result;
  }

  async revoke(organisationId: string, membershipId: string, actor: Actor): Promise<void> {
    const member = await this.memberOf(organisationId, membershipId);
    if (member.role === "officer") await this.assertAnotherOfficer(organisationId, membershipId);
    await this.audited(organisationId, async (tx) => {
      await tx.membership.delete({ where: { id: member.id } });
      return {
        actor,
        action: "access.revoke",
        subject: `membership:${member.id}`,
        subjectUserId: member.userId,
        before: { email: member.email, role: member.role },
      };
    });
  }

  async addOfficer(organisationId: string, email: string, actor: Actor): Promise<void> {
    const [address] = OrganisationAdmin.parseEmails(email);
    if (!address || !isEmailAddress(address)) throw new LicensingError("invalid", `Invalid e-mail address: ${email}`);
    await this.audited(organisationId, async (tx) => {
      const officer = await upsertOfficer(tx, organisationId, { email: address }, actor);
      return {
        actor,
        action: "officer.add",
        subject: `membership:${officer.id}`,
        subjectUserId: officer.userId,
        after: { email: address },
      };
    });
  }

  /** An officer stops being one but keeps access as an official; the last officer cannot be removed. */
  async removeOfficer(organisationId: string, membershipId: string, actor: Actor): Promise<void> {
    const member = await this.memberOf(organisationId, membershipId);
    await this.assertAnotherOfficer(organisationId, membershipId);
    await this.audited(organisationId, async (tx) => {
      await tx.membership.update({ where: { id: member.id }, data: { role: "official" } });
      return {
        actor,
        action: "officer.remove",
        subject: `membership:${member.id}`,
        subjectUserId: member.userId,
        before: { role: "officer" },
        after: { role: "official" },
      };
    });
  }

  async setAccessMode(organisationId: string, mode: AccessMode, actor: Actor): Promise<void> {
    const before = await this.prisma.organisation.findUniqueOrThrow({ where: { id: organisationId } });
    await this.audited(organisationId, async (tx) => {
      await tx.organisation.update({ where: { id: organisationId }, data: { accessMode: mode } });
      return {
        actor,
        action: "organisation.accessMode",
        subject: `organisation:${organisationId}`,
        before: { accessMode: before.accessMode },
        after: { accessMode: mode },
      };
    });
  }

  async setContact(organisationId: string, contact: ContactDetails, actor: Actor): Promise<void> {
    const before = await this.prisma.organisation.findUniqueOrThrow({ where: { id: organisationId } });
    await this.audited(organisationId, async (tx) => {
      await tx.organisation.update({ where: { id: organisationId }, data: contact });
      const { contactPhone, contactEmail, routineUrl } = before;
      return {
        actor,
        action: "organisation.contact",
        subject: `organisation:${organisationId}`,
        before: { contactPhone, contactEmail, routineUrl },
        after: contact,
      };
    });
  }

  /** What the officer's card shows about the organisation itself. */
  async overview(organisationId: string): Promise<OrganisationOverview> {
    const org = await this.prisma.organisation.findUniqueOrThrow({
      where: { id: organisationId },
      include: { licences: { where: { revokedAt: null }, orderBy: { validUntil: "desc" }, take: 1 } },
    });
    return {
      id: org.id,
      name: org.name,
      accessMode: org.accessMode as AccessMode,
      contactPhone: org.contactPhone,
      contactEmail: org.contactEmail,
      routineUrl: org.routineUrl,
      licenceValidUntil: org.licences[0]?.validUntil ?? null,
    };
  }

  statistics(organisationId: string, themeIds: string[]): Promise<OrganisationStatistics> {
    return organisationStatistics(this.prisma, organisationId, themeIds);
  }

  async members(organisationId: string): Promise<MemberSummary[]> {
    const rows = await this.prisma.membership.findMany({
      where: { organisationId },
      orderBy: [{ role: "asc" }, { grantedAt: "asc" }],
    });
    const granterIds = [
      ...new Set(rows.map((r) => r.grantedBy?.replace(/^officer:/, "")).filter((id): id is string => !!id)),
    ];
    const granters = await this.prisma.membership.findMany({ where: { organisationId, userId: { in: granterIds } } });
    const nameOf = (actor: string | null) => {
      if (!actor) return null;
      if (actor === "operator") return "operator";
      const granter = granters.find((g) => `officer:${g.userId}` === actor);
      return granter?.displayName ?? granter?.email ?? null;
    };
    return rows.map((row) => ({
      id: row.id,
      name: row.displayName,
      email: row.email,
      role: row.role as MemberSummary["role"],
      grantedAt: row.grantedAt,
      grantedByName: nameOf(row.grantedBy),
      hasSignedIn: row.userId !== null,
    }));
  }

  private async memberOf(organisationId: string, membershipId: string) {
    const member = await this.prisma.membership.findFirst({ where: { id: membershipId, organisationId } });
    if (!member) throw new LicensingError("notFound", "No such member in this organisation");
    return member;
  }

  private async assertAnotherOfficer(organisationId: string, membershipId: string): Promise<void> {
    const others = await this.prisma.membership.count({
      where: { organisationId, role: "officer", id: { not: membershipId } },
    });
    if (others === 0) throw new LicensingError("conflict", "The organisation must keep at least one security officer");
  }

  private async tenantsOf(organisationId: string): Promise<string[]> {
    return (await this.prisma.organisationTenant.findMany({ where: { organisationId } })).map((t) => t.tenantId);
  }

  /**
   * One change to the organisation and its audit entry, standing or falling together; then the licence
   * answers cached for its workspaces are dropped, so the change holds at once.
   */
  private async audited(
    organisationId: string,
    change: (tx: Prisma.TransactionClient) => Promise<Omit<AuditInput, "organisationId">>,
  ): Promise<void> {
    await this.prisma.$transaction(async (tx) => writeAudit(tx, { ...(await change(tx)), organisationId }));
    await this.invalidate(organisationId);
  }

  private async invalidate(organisationId: string): Promise<void> {
    for (const tenantId of await this.tenantsOf(organisationId)) this.gate.invalidate(tenantId);
  }
}
