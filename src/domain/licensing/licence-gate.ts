import type { PrismaClient } from "../../generated/prisma";
import { LruCache } from "../../platform/lru-cache";
import type { HotStatements } from "../../platform/storage/hot-statements";
import { systemActor, writeAudit } from "./audit-log";
import type { Access, AccessMode, DirectoryLookup, LicenceProblem, OrganisationContact, Role } from "./access";

interface TenantOrganisation extends OrganisationContact {
  accessMode: AccessMode;
  licences: Array<{ validFrom: Date; validUntil: Date; revokedAt: Date | null }>;
}

const directoryRetryMs = 24 * 60 * 60 * 1000;
/** One entry per user (or workspace) who has talked to this instance recently; the oldest go first. */
const maxCachedUsers = 10_000;
const maxCachedTenants = 2_000;

export interface LicenceGateOptions {
  /** How long licence and membership facts are trusted without asking the database again. */
  ttlMs?: number;
  now?: () => number;
}

/**
 * The one licence gate. Every turn asks it what the user may see. Facts are cached per workspace and
 * per user for a short TTL, so most turns cost no database round trip, and a revocation made on any
 * instance takes effect on every instance within the TTL.
 */
export class LicenceGate {
  private readonly tenants: LruCache<string, TenantOrganisation[]>;
  private readonly memberships: LruCache<string, Array<{ organisationId: string; role: Role }>>;
  /**
   * Workspaces known to have no e-mail grant waiting, so a user without a membership costs no count on
   * every turn. A grant made on this instance invalidates it at once; one made elsewhere is seen within the TTL.
   */
  private readonly noGrantsWaiting: LruCache<string, true>;
  /** Counts invalidations, so a count that raced with a grant on this instance is not cached. */
  private invalidations = 0;
  private readonly now: () => number;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly hot: HotStatements,
    options: LicenceGateOptions = {},
  ) {
    const ttlMs = options.ttlMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.tenants = new LruCache({ maxEntries: maxCachedTenants, ttlMs, now: this.now });
    this.memberships = new LruCache({ maxEntries: maxCachedUsers, ttlMs, now: this.now });
    this.noGrantsWaiting = new LruCache({ maxEntries: maxCachedTenants, ttlMs, now: this.now });
  }

  /**
   * `lookupUser` asks Teams for the user's e-mail. It is called at most once per user and workspace,
   * and only when an e-mail grant might be waiting for them.
   */
  async accessFor(
    tenantId: string | undefined,
    userId: string,
    lookupUser?: () => Promise<DirectoryLookup | undefined>,
  ): Promise<Access> {
    if (!tenantId) return { kind: "noLicence", problem: "noTenant" };
    const organisations = await this.organisationsOf(tenantId);
    const active = organisations.filter((org) => this.licenceState(org) === "active");
    if (active.length === 0) return { kind: "noLicence", problem: this.problemOf(organisations) };

    let memberships = await this.membershipsOf(tenantId, userId, active);
    if (memberships.length === 0 && lookupUser && (await this.linkEmailGrants(tenantId, userId, active, lookupUser))) {
      this.memberships.delete(`${tenantId}|${userId}`);
      memberships = await this.membershipsOf(tenantId, userId, active);
    }
    const byId = new Map(active.map((org) => [org.id, org]));
    const membership = memberships.find((m) => m.role === "officer") ?? memberships[0];
    if (membership)
      return { kind: "granted", organisation: contactOf(byId.get(membership.organisationId)!), role: membership.role };

    const open = active.find((org) => org.accessMode === "everyone");
    if (open) return { kind: "granted", organisation: contactOf(open), role: "official" };
    return { kind: "notGranted", organisations: active.map(contactOf) };
  }

  /** Changes made on this instance take effect here at once; other instances follow within the TTL. */
  invalidate(tenantId?: string): void {
    this.invalidations++;
    if (!tenantId) {
      this.tenants.clear();
      this.memberships.clear();
      this.noGrantsWaiting.clear();
      return;
    }
    this.tenants.delete(tenantId);
    this.noGrantsWaiting.delete(tenantId);
    this.memberships.deleteWhere((key) => key.startsWith(`${tenantId}|`));
  }

  private licenceState(org: TenantOrganisation): "active" | LicenceProblem {
    const now = this.now();
    if (org.licences.some((l) => !l.revokedAt && l.validFrom.getTime() <= now && l.validUntil.getTime() >= now))
      return "active";
    if (org.licences.length === 0) return "unlicensed";
    const latest = [...org.licences].sort((a, b) => b.validUntil.getTime() - a.validUntil.getTime())[0];
    return latest.revokedAt ? "revoked" : "expired";
  }

  private problemOf(organisations: TenantOrganisation[]): LicenceProblem {
    const states = organisations.map((org) => this.licenceState(org));
    if (states.includes("revoked")) return "revoked";
    if (states.includes("expired")) return "expired";
    return "unlicensed";
  }

  private async organisationsOf(tenantId: string): Promise<TenantOrganisation[]> {
    const cached = this.tenants.get(tenantId);
    if (cached) return cached;
    const links = await this.prisma.organisationTenant.findMany({
      where: { tenantId },
      include: {
        organisation: { include: { licences: { select: { validFrom: true, validUntil: true, revokedAt: true } } } },
      },
      orderBy: { organisation: { name: "asc" } },
    });
    const value = links.map(({ organisation }) => ({
      ...contactOf(organisation),
      accessMode: organisation.accessMode as AccessMode,
      licences: organisation.licences,
    }));
    this.tenants.set(tenantId, value);
    return value;
  }

  private async membershipsOf(tenantId: string, userId: string, active: TenantOrganisation[]) {
    const key = `${tenantId}|${userId}`;
    const cached = this.memberships.get(key);
    if (cached) return cached;
    const rows = await this.hot.membershipsOfUser(
      userId,
      active.map((org) => org.id),
    );
    const value = rows.map((row) => ({ organisationId: row.organisationId, role: row.role as Role }));
    this.memberships.set(key, value);
    return value;
  }

  /** Links grants made by e-mail before the official first opened the bot. True when one was linked. */
  private async linkEmailGrants(
    tenantId: string,
    userId: string,
    active: TenantOrganisation[],
    lookupUser: () => Promise<DirectoryLookup | undefined>,
  ): Promise<boolean> {
    if (this.noGrantsWaiting.get(tenantId)) return false;
    const invalidationsBefore = this.invalidations;
    const waiting = await this.prisma.membership.count({
      where: { userId: null, organisationId: { in: active.map((org) => org.id) } },
    });
    if (waiting === 0) {
      if (this.invalidations === invalidationsBefore) this.noGrantsWaiting.set(tenantId, true);
      return false;
    }

    let entry = await this.prisma.directoryEntry.findUnique({ where: { tenantId_userId: { tenantId, userId } } });
    // A failed look-up is tried again a day later, not on every turn.
    if (!entry || (!entry.email && entry.lookedUpAt.getTime() < this.now() - directoryRetryMs)) {
      const found = await lookupUser().catch(() => undefined);
      const facts = {
        email: found?.email?.toLowerCase() ?? null,
        displayName: found?.displayName ?? null,
        lookedUpAt: new Date(this.now()),
      };
      entry = await this.prisma.directoryEntry.upsert({
        where: { tenantId_userId: { tenantId, userId } },
        create: { tenantId, userId, ...facts },
        update: facts,
      });
    }
    if (!entry.email) return false;
    const email = entry.email;
    const displayName = entry.displayName;
    // Only the address Teams reported for this user in this workspace, and only grants of the
    // organisations this workspace belongs to; each link is audited with the grant it completed.
    const linked = await this.prisma.$transaction(async (tx) => {
      const grants = await tx.membership.findMany({
        where: { userId: null, email, organisationId: { in: active.map((org) => org.id) } },
      });
      let count = 0;
      for (const grant of grants) {
        const { count: updated } = await tx.membership.updateMany({
          where: { id: grant.id, userId: null },
          data: { userId, displayName },
        });
        if (updated === 0) continue;
        count++;
        await writeAudit(tx, {
          actor: systemActor,
          action: "access.link",
          subject: `membership:${grant.id}`,
          organisationId: grant.organisationId,
          subjectUserId: userId,
          after: { tenantId, role: grant.role },
        });
      }
      return count;
    });
    return linked > 0;
  }
}

function contactOf(org: OrganisationContact): OrganisationContact {
  return {
    id: org.id,
    name: org.name,
    contactPhone: org.contactPhone,
    contactEmail: org.contactEmail,
    routineUrl: org.routineUrl,
  };
}
