import type { PrismaClient } from "../../generated/prisma";
import type { PersonalDataStore } from "../privacy/personal-data";

export interface DownloadData {
  fileName: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Files waiting behind a download link (their content is what was exported or downloaded). */
export function downloadPersonalData(prisma: PrismaClient): PersonalDataStore<{ downloads: DownloadData[] }> {
  return {
    name: "downloads",
    models: ["Download"],
    async export({ userId }) {
      const rows = await prisma.download.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
      return { downloads: rows.map((d) => ({ fileName: d.fileName, createdAt: d.createdAt, expiresAt: d.expiresAt })) };
    },
    async count({ userId }) {
      return { downloads: await prisma.download.count({ where: { userId } }) };
    },
    async erase({ userId }, tx) {
      return { downloads: (await tx.download.deleteMany({ where: { userId } })).count };
    },
  };
}
