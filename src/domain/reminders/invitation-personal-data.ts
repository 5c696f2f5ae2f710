import type { PrismaClient } from "../../generated/prisma";
import type { DataSubject, PersonalDataStore } from "../privacy/personal-data";

export interface InvitationData {
  invitedAt: Date;
  deliveredAt: Date | null;
}

/** The invitation a security officer sent the person, if one was sent lately (who sent it is not kept). */
export function invitationPersonalData(prisma: PrismaClient): PersonalDataStore<{ invitations: InvitationData[] }> {
  return {
    name: "invitations",
    models: ["Invitation"],
    async export({ userId }: DataSubject) {
      const rows = await prisma.invitation.findMany({
        where: { userId },
        orderBy: { invitedAt: "asc" },
        select: { invitedAt: true, deliveredAt: true },
      });
      return { invitations: rows };
    },
    async count({ userId }) {
      return { other: await prisma.invitation.count({ where: { userId } }) };
    },
    async erase({ userId }, tx) {
      return { other: (await tx.invitation.deleteMany({ where: { userId } })).count };
    },
  };
}
