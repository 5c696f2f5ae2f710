import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "../generated/prisma";
import type { OrgKind } from "./access";
import { writeAudit, type Actor } from "./audit-log";
import { endOfSwedishDay, oneYearFrom } from "./calendar";
import type { LicenceGate } from "./licence-gate";
import { normaliseOrgNumber } from "./org-number";

export class LicensingError extends Error {
  constructor(
    readonly code: "notFound" | "invalid" | "conflict",
    message: string,
  ) {
    super(message);
    this.name = "LicensingError";
  }
}

export interface NewLicence {
  tenantId: string;
  orgName: string;
  orgNumber: string;
  kind: OrgKind;
  /** Becomes the organisation's first security officer. */
  officerEmail?: string;
  officerUserId?: string;
  /** YYYY-MM-DD, inclusive; a year from today when not given. */
  validUntil?: string;
  orderId?: string;
  /** The operator's explicit decision to link the tenant to an organisation that already exists. */
  linkExisting?: boolean;
}

export interface LicenceSummary {
  organisationId: string;
  organisation: string;
  orgNumber: string;
  kind: string;
  tenants: string[];
  status: "active" | "expired" | "revoked" | "none";
  validUntil: Date | null;
  accessMode: string;
}

type Tx = Prisma.TransactionClient;

/** The operator's side of licences: issue, revoke, extend and list them. */
export class LicenceRegistry {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly gate: LicenceGate,
  ) {}

  async list(now = new Date()): Promise<LicenceSummary[]> {
    const organisations = await this.prisma.organisation.findMany({
      include: { tenants: true, licences: { orderBy: { validUntil: "desc" } } },
      orderBy: { name: "asc" },
    });
    return organisations.map((org) => {
      const active = org.licences.find((l) => !l.revokedAt && l.validFrom <= now && l.validUntil >= now);
      const latest = active ?? org.licences[0];
      const status = active ? "active" : !latest ? "none" : latest.revokedAt ? "revoked" : "expired";
      return {
        organisationId: org.id,
        organisation: org.name,
        orgNumber: org.orgNumber,
        kind: org.kind,
        tenants: org.tenants.map((t) => t.tenantId),
        status,
        validUntil: latest?.validUntil ?? null,
        accessMode: org.accessMode,
      };
    });
  }

  async grant(input: NewLicence, actor: Actor): Promise<LicenceSummary> {
    const orgNumber = normaliseOrgNumber(input.orgNumber);
    if (!orgNumber) throw new LicensingError("invalid", `Invalid organisation number: ${input.orgNumber}`);
    const validUntil = endOfSwedishDay(input.validUntil ?? oneYearFrom(new Date()));
    if (!validUntil) throw new LicensingError("invalid", `Invalid date (YYYY-MM-DD): ${input.validUntil}`);

    const organisationId = await this.prisma.$transaction((tx) =>
      this.grantIn(tx, { ...input, orgNumber }, validUntil, actor, { linkExisting: input.linkExisting }),
    );
    this.gate.invalidate(input.tenantId);
    return (await this.list()).find((l) => l.organisationId === organisationId)!;
  }

  /**
   * Used inside an order approval's transaction as well as for licences granted outside the bot. An
   * organisation number is public, so it alone never links a new tenant to an organisation that
   * exists: that takes `linkExisting`, the operator's explicit decision or an officer's acceptance.
   */
  async grantIn(
    tx: Tx,
    input: NewLicence,
    validUntil: Date,
    actor: Actor,
    { linkExisting = false }: { linkExisting?: boolean } = {},
  ): Promise<string> {
    const existing = await existingOrganisationFor(tx, input);
    if (existing && !linkExisting) throw belongsToExistingOrganisation(input.orgNumber, existing);
    const organisation =
      (await tx.organisation.findUnique({ where: { orgNumber: input.orgNumber } })) ??
      (await tx.organisation.create({
        data: { id: randomUUID(), name: input.orgName, orgNumber: input.orgNumber, kind: input.kind },
      }));
    await tx.organisationTenant.upsert({
      where: { organisationId_tenantId: { organisationId: organisation.id, tenantId: input.tenantId } },
      create: { organisationId: organisation.id, tenantId: input.tenantId },
      update: {},
    });
    const licence = await tx.licence.create({
      data: { id: randomUUID(), organisationId: organisation.id, validUntil, orderId: input.orderId },
    });
    if (input.officerEmail || input.officerUserId) {
      await upsertOfficer(
        tx,
        organisation.id,
        { email: input.officerEmail?.toLowerCase(), userId: input.officerUserId },
        actor,
      );
    }
    await writeAudit(tx, {
      actor,
      action: "licence.grant",
      subject: `organisation:${organisation.id}`,
      after: {
        tenantId: input.tenantId,
        orgNumber: input.orgNumber,
        validUntil: licence.validUntil,
        officerEmail: input.officerEmail,
        ...(existing ? { linkedToExistingOrganisation: true } : {}),
      },
    });
    return organisation.id;
  }

  /** Revokes every active licence of the organisations in the workspace (or of one of them). */
  async revoke(tenantId: string, actor: Actor, orgNumber?: string): Promise<number> {
    const organisationIds = await this.organisationsIn(tenantId, orgNumber);
    const revoked = await this.prisma.$transaction(async (tx) => {
      const active = await tx.licence.findMany({ where: { organisationId: { in: organisationIds }, revokedAt: null } });
      const at = new Date();
      await tx.licence.updateMany({ where: { id: { in: active.map((l) => l.id) } }, data: { revokedAt: at } });
      for (const licence of active) {
        await writeAudit(tx, {
          actor,
          action: "licence.revoke",
          subject: `licence:${licence.id}`,
          before: { revokedAt: null },
          after: { revokedAt: at },
        });
      }
      return active.length;
    });
    this.gate.invalidate(tenantId);
    return revoked;
  }

  /** Moves the end date of the newest licence in the workspace; a revoked licence stays revoked. */
  async extend(tenantId: string, until: string, actor: Actor, orgNumber?: string): Promise<LicenceSummary[]> {
    const validUntil = endOfSwedishDay(until);
    if (!validUntil) throw new LicensingError("invalid", `Invalid date (YYYY-MM-DD): ${until}`);
    const organisationIds = await this.organisationsIn(tenantId, orgNumber);
    await this.prisma.$transaction(async (tx) => {
      for (const organisationId of organisationIds) {
        const latest = await tx.licence.findFirst({
          where: { organisationId, revokedAt: null },
          orderBy: { validUntil: "desc" },
        });
        if (!latest)
          throw new LicensingError("conflict", "No licence to extend (revoked or never issued): grant a new one.");
        await tx.licence.update({ where: { id: latest.id }, data: { validUntil } });
        await writeAudit(tx, {
          actor,
          action: "licence.extend",
          subject: `licence:${latest.id}`,
          before: { validUntil: latest.validUntil },
          after: { validUntil },
        });
      }
    });
    this.gate.invalidate(tenantId);
    return (await this.list()).filter((l) => organisationIds.includes(l.organisationId));
  }

  private async organisationsIn(tenantId: string, orgNumber?: string): Promise<string[]> {
    const normalised = orgNumber ? normaliseOrgNumber(orgNumber) : undefined;
    if (orgNumber && !normalised) throw new LicensingError("invalid", `Invalid organisation number: ${orgNumber}`);
    const links = await this.prisma.organisationTenant.findMany({
      where: { tenantId, ...(normalised ? { organisation: { orgNumber: normalised } } : {}) },
    });
    if (links.length === 0) throw new LicensingError("notFound", `No organisation is linked to tenant ${tenantId}`);
    return links.map((l) => l.organisationId);
  }
}

export interface ExistingOrganisation {
  id: string;
  name: string;
  orgNumber: string;
  tenants: string[];
}

/** The organisation that already has this number, when the tenant is not one of its own. */
export async function existingOrganisationFor(
  db: Tx | PrismaClient,
  input: { orgNumber: string; tenantId: string },
): Promise<ExistingOrganisation | undefined> {
  const orgNumber = normaliseOrgNumber(input.orgNumber) ?? input.orgNumber;
  const organisation = await db.organisation.findUnique({ where: { orgNumber }, include: { tenants: true } });
  if (!organisation || organisation.tenants.some((t) => t.tenantId === input.tenantId)) return undefined;
  return {
    id: organisation.id,
    name: organisation.name,
    orgNumber: organisation.orgNumber,
    tenants: organisation.tenants.map((t) => t.tenantId),
  };
}

export function belongsToExistingOrganisation(orgNumber: string, existing: ExistingOrganisation): LicensingError {
  return new LicensingError(
    "conflict",
    `${orgNumber} belongs to an existing organisation (${existing.name}, tenants ${existing.tenants.join(", ") || "none"}). ` +
      "Check with that organisation first; link the new tenant only explicitly (--link-existing).",
  );
}

/**
 * Makes someone a security officer. Someone Teams has identified (a user id) is matched by that id
 * alone: an e-mail that came with it was typed (an order form) and must not pick up another
 * person's membership. An e-mail on its own is a grant that takes effect when a person with that
 * e-mail in one of the organisation's own tenants first opens the bot (see the licence gate).
 */
export async function upsertOfficer(
  tx: Tx,
  organisationId: string,
  who: { email?: string; userId?: string },
  actor: Actor,
): Promise<void> {
  const existing = await tx.membership.findFirst({
    where: { organisationId, ...(who.userId ? { userId: who.userId } : { email: who.email }) },
  });
  if (existing) {
    await tx.membership.update({ where: { id: existing.id }, data: { role: "officer" } });
    return;
  }
  // The typed address is kept as a label only if no one in the organisation has it.
  const emailTaken = who.email
    ? (await tx.membership.count({ where: { organisationId, email: who.email } })) > 0
    : true;
  await tx.membership.create({
    data: {
      id: randomUUID(),
      organisationId,
      role: "officer",
      userId: who.userId,
      email: emailTaken ? undefined : who.email,
      grantedBy: actor,
    },
  });
}
