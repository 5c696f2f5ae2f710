import type { PrismaClient } from "../../generated/prisma";
import type { PersonalDataStore } from "../privacy/personal-data";
import { erasedMarker, pseudonymOf } from "../privacy/pseudonym";
import { auditPersonalData } from "./audit-personal-data";

export interface MembershipData {
  organisation: string;
  role: string;
  email: string | null;
  displayName: string | null;
  grantedAt: Date;
}

export interface DirectoryData {
  email: string | null;
  displayName: string | null;
  lookedUpAt: Date;
}

export interface OrderData {
  number: string;
  organisation: string;
  orgNumber: string;
  status: string;
  ordererName: string;
  ordererEmail: string;
  ordererPhone: string;
  invoiceReference: string;
  createdAt: Date;
  decidedAt: Date | null;
}

/**
 * What licensing holds about a person, in the order an erasure must visit it: the audit entries
 * (found through the memberships, scrubbed of the addresses in the directory), then the memberships
 * (whose emergency contact is found through the directory), then the directory, then the orders.
 */
export function licensingPersonalData(prisma: PrismaClient): PersonalDataStore[] {
  return [
    auditPersonalData(prisma),
    membershipPersonalData(prisma),
    directoryPersonalData(prisma),
    orderPersonalData(prisma),
  ];
}

/**
 * A person's roles in organisations. A last security officer is refused, since an organisation without
 * one cannot manage its access; another officer must be added first.
 */
function membershipPersonalData(prisma: PrismaClient): PersonalDataStore<{ memberships: MembershipData[] }> {
  return {
    name: "memberships",
    models: ["Membership"],
    async export({ userId }) {
      const rows = await prisma.membership.findMany({
        where: { userId },
        include: { organisation: { select: { name: true } } },
        orderBy: { grantedAt: "asc" },
      });
      return {
        memberships: rows.map((m) => ({
          organisation: m.organisation.name,
          role: m.role,
          email: m.email,
          displayName: m.displayName,
          grantedAt: m.grantedAt,
        })),
      };
    },
    async count({ userId }) {
      return { memberships: await prisma.membership.count({ where: { userId } }) };
    },
    async refuseErase({ userId }, tx) {
      const roles = await tx.membership.findMany({
        where: { userId, role: "officer" },
        include: { organisation: { select: { name: true } } },
      });
      const blocking: string[] = [];
      for (const role of roles) {
        const others = await tx.membership.count({
          where: { organisationId: role.organisationId, role: "officer", id: { not: role.id } },
        });
        if (others === 0) blocking.push(role.organisation.name);
      }
      return blocking.length > 0 ? { kind: "lastOfficer", organisations: [...new Set(blocking)] } : undefined;
    },
    async erase({ userId }, tx) {
      const pseudonym = pseudonymOf(userId);
      await tx.membership.updateMany({
        where: { grantedBy: `officer:${userId}` },
        data: { grantedBy: `officer:${pseudonym}` },
      });
      // Their own address as the emergency contact of an organisation they belong to, as Teams reported
      // it in one of that organisation's workspaces: removed; the other officers are asked by the admin
      // card to fill in a new one. Any other contact address is the organisation's, and stays.
      const own = await tx.membership.findMany({
        where: { userId },
        include: { organisation: { include: { tenants: true } } },
      });
      const reported = await tx.directoryEntry.findMany({ where: { userId } });
      for (const membership of own) {
        const contact = membership.organisation.contactEmail?.toLowerCase();
        const tenants = new Set(membership.organisation.tenants.map((t) => t.tenantId));
        const theirs = reported.some((d) => tenants.has(d.tenantId) && d.email?.toLowerCase() === contact);
        if (contact && theirs)
          await tx.organisation.update({ where: { id: membership.organisationId }, data: { contactEmail: null } });
      }
      const { count } = await tx.membership.deleteMany({ where: { userId } });
      return { memberships: count, organisationIds: [...new Set(own.map((m) => m.organisationId))] };
    },
  };
}

/** The e-mail and name Teams reported for the person, per workspace. */
function directoryPersonalData(prisma: PrismaClient): PersonalDataStore<{ directory: DirectoryData[] }> {
  return {
    name: "directory",
    models: ["DirectoryEntry"],
    async export({ userId }) {
      const rows = await prisma.directoryEntry.findMany({ where: { userId } });
      return { directory: rows.map((d) => ({ email: d.email, displayName: d.displayName, lookedUpAt: d.lookedUpAt })) };
    },
    async count({ userId }) {
      return { other: await prisma.directoryEntry.count({ where: { userId } }) };
    },
    async erase({ userId }, tx) {
      return { other: (await tx.directoryEntry.deleteMany({ where: { userId } })).count };
    },
  };
}

/**
 * The orders the person placed. Kept on erasure, because bookkeeping must keep them, with the orderer's
 * name, e-mail, phone and user id replaced by the marker: typed contact details are data about the order.
 */
function orderPersonalData(prisma: PrismaClient): PersonalDataStore<{ orders: OrderData[] }> {
  return {
    name: "orders",
    models: ["Order"],
    async export({ userId }) {
      const rows = await prisma.order.findMany({ where: { ordererUserId: userId }, orderBy: { createdAt: "asc" } });
      return {
        orders: rows.map((o) => ({
          number: o.number,
          organisation: o.orgName,
          orgNumber: o.orgNumber,
          status: o.status,
          ordererName: o.ordererName,
          ordererEmail: o.ordererEmail,
          ordererPhone: o.ordererPhone,
          invoiceReference: o.invoiceReference,
          createdAt: o.createdAt,
          decidedAt: o.decidedAt,
        })),
      };
    },
    async count({ userId }) {
      return { orders: await prisma.order.count({ where: { ordererUserId: userId } }) };
    },
    async erase({ userId }, tx) {
      const detached = await tx.order.updateMany({
        where: { ordererUserId: userId },
        data: {
          ordererUserId: null,
          ordererName: erasedMarker,
          ordererEmail: erasedMarker,
          ordererPhone: erasedMarker,
        },
      });
      return { orders: detached.count };
    },
  };
}
