import type { PrismaClient } from "../../generated/prisma";

/** Below this, a count is shown as "fewer than 5", so no individual can be singled out. */
export const smallestShownCount = 5;

export type ShownCount = { kind: "exact"; value: number } | { kind: "fewerThan"; limit: number };

export interface OrganisationStatistics {
  /** Granted mode: officials and officers with access; everyone mode: people who have used the material. */
  officialsWithAccess: ShownCount;
  themes: Array<{ themeId: string; started: ShownCount; completed: ShownCount; groupSessions: ShownCount }>;
}

export function shownCount(value: number): ShownCount {
  return value < smallestShownCount ? { kind: "fewerThan", limit: smallestShownCount } : { kind: "exact", value };
}

/**
 * Anonymous usage for a security officer: counts only, never who, never what anyone wrote. The people
 * counted are those who belong to the organisation; in everyone mode also anyone in its workspaces
 * who does not belong to another organisation there.
 */
export async function organisationStatistics(
  prisma: PrismaClient,
  organisationId: string,
  themeIds: string[],
): Promise<OrganisationStatistics> {
  const organisation = await prisma.organisation.findUniqueOrThrow({
    where: { id: organisationId },
    include: { tenants: true, members: { select: { userId: true } } },
  });
  const memberIds = organisation.members.map((m) => m.userId).filter((id): id is string => id !== null);
  let users = memberIds;
  if (organisation.accessMode === "everyone") {
    const tenantIds = organisation.tenants.map((t) => t.tenantId);
    const otherOrganisations = await prisma.membership.findMany({
      where: {
        organisationId: { not: organisationId },
        organisation: { tenants: { some: { tenantId: { in: tenantIds } } } },
        userId: { not: null },
      },
      select: { userId: true },
    });
    const belongElsewhere = new Set(otherOrganisations.map((m) => m.userId));
    const active = await prisma.themeProgress.findMany({
      where: { tenantId: { in: tenantIds } },
      select: { userId: true },
      distinct: ["userId"],
    });
    users = [...new Set([...memberIds, ...active.map((p) => p.userId).filter((id) => !belongElsewhere.has(id))])];
  }

  // Group sessions held in the organisation's workspaces, ended ones included: a session keeps its theme
  // and its workspace when its people and answers are gone, so the count survives them.
  const groupSessions = await prisma.groupSession.groupBy({
    by: ["themeId"],
    where: { tenantId: { in: organisation.tenants.map((t) => t.tenantId) } },
    _count: { _all: true },
  });
  const progress = await prisma.themeProgress.findMany({
    where: { userId: { in: users } },
    select: { themeId: true, completedAt: true },
  });
  return {
    officialsWithAccess: shownCount(
      organisation.accessMode === "everyone" ? users.length : organisation.members.length,
    ),
    themes: themeIds.map((themeId) => {
      const rows = progress.filter((p) => p.themeId === themeId);
      return {
        themeId,
        started: shownCount(rows.length),
        completed: shownCount(rows.filter((p) => p.completedAt).length),
        groupSessions: shownCount(groupSessions.find((g) => g.themeId === themeId)?._count._all ?? 0),
      };
    }),
  };
}
