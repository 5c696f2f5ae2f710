import { randomUUID } from "node:crypto";
import type { Membership, Prisma, PrismaClient } from "../../generated/prisma";
import type { OrgKind } from "./access";
import { writeAudit, type Actor } from "./audit-log";
import { endOfSwedishDay, oneYearFrom } from "./calendar";
import type { LicenceGate } from "./licence-gate";
import { isEmailAddress } from "./email-address";
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
  /**
   * Becomes the organisation's first security officer: the Teams user (Entra object id, in `tenantId`)
   * when known, e.g. the orderer; otherwise an e-mail grant the operator gave.
   */
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
    const officer = input.officerUserId
      ? await upsertOfficer(tx, organisation.id, { userId: input.officerUserId, tenantId: input.tenantId }, actor)
      : input.officerEmail && isEmailAddress(input.officerEmail)
        ? await upsertOfficer(tx, organisation.id, { email: input.officerEmail.toLowerCase() }, actor)
        : undefined;
    await writeAudit(tx, {
      actor,
      action: "licence.grant",
      subject: `organisation:${organisation.id}`,
      organisationId: organisation.id,
      subjectUserId: officer?.userId,
      after: {
        tenantId: input.tenantId,
        orgNumber: input.orgNumber,
        validUntil: licence.validUntil,
        officerMembershipId: officer?.id,
        // Only an address the operator gave; the orderer's typed one is order data, not who they are.
        officerEmail: input.officerUserId ? undefined : input.officerEmail?.toLowerCase(),
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
 * Makes someone a security officer. A Teams user is named by their Entra object id and the workspace
 * they use, never by an e-mail they typed: their e-mail on the membership is only ever the one Teams
 * reported for them in that workspace. Someone who has not used the bot yet is named by an e-mail
 * address (a grant that links when Teams reports that address for a user of the organisation).
 */
export async function upsertOfficer(
  tx: Tx,
  organisationId: string,
  who: { userId: string; tenantId: string } | { email: string },
  actor: Actor,
): Promise<Membership> {
  if ("email" in who) {
    const existing = await tx.membership.findUnique({
      where: { organisationId_email: { organisationId, email: who.email } },
    });
    if (existing) return tx.membership.update({ where: { id: existing.id }, data: { role: "officer" } });
    return tx.membership.create({
      data: { id: randomUUID(), organisationId, role: "officer", email: who.email, grantedBy: actor },
    });
  }

  const existing = await tx.membership.findUnique({
    where: { organisationId_userId: { organisationId, userId: who.userId } },
  });
  if (existing) return tx.membership.update({ where: { id: existing.id }, data: { role: "officer" } });
  const reported = await tx.directoryEntry.findUnique({
    where: { tenantId_userId: { tenantId: who.tenantId, userId: who.userId } },
  });
  const grant = reported?.email
    ? await tx.membership.findUnique({ where: { organisationId_email: { organisationId, email: reported.email } } })
    : null;
  // An e-mail grant waiting for exactly the address Teams reported for this user is theirs.
  if (grant && grant.userId === null)
    return tx.membership.update({
      where: { id: grant.id },
      data: { role: "officer", userId: who.userId, displayName: reported?.displayName },
    });
  return tx.membership.create({
    data: {
      id: randomUUID(),
      organisationId,
      role: "officer",
      userId: who.userId,
      // An address already on another member stays theirs.
      email: grant ? null : (reported?.email ?? null),
      displayName: reported?.displayName,
      grantedBy: actor,
    },
  });
}
