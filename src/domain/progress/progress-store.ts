import type { PrismaClient } from "../../generated/prisma";

/** Who a record belongs to: the Entra object id where Teams gives one, and the workspace. */
export interface UserRef {
  userId: string;
  tenantId?: string;
}

export interface ThemeProgress {
  themeId: string;
  stepId: string;
  stepIndex: number;
  stepCount: number;
  updatedAt: Date;
  completedAt: Date | null;
}

export type ProgressStatus =
  { kind: "notStarted" } | { kind: "inProgress"; step: number; count: number } | { kind: "completed" };

/** Where each user is in each theme; the source of truth for the menu and for `fortsätt`. */
export class ProgressStore {
  constructor(private readonly prisma: PrismaClient) {}

  async recordStep(
    user: UserRef,
    themeId: string,
    step: { stepId: string; stepIndex: number; stepCount: number },
  ): Promise<void> {
    const position = { stepId: step.stepId, stepIndex: step.stepIndex, stepCount: step.stepCount };
    await this.prisma.themeProgress.upsert({
      where: { userId_themeId: { userId: user.userId, themeId } },
      create: { userId: user.userId, tenantId: user.tenantId, themeId, ...position },
      // Going through a completed theme again keeps it completed: the menu shows what was achieved.
      update: { ...position, tenantId: user.tenantId },
    });
  }

  async markCompleted(user: UserRef, themeId: string, stepCount: number): Promise<void> {
    const last = { stepIndex: stepCount - 1, stepCount };
    await this.prisma.themeProgress.upsert({
      where: { userId_themeId: { userId: user.userId, themeId } },
      create: { userId: user.userId, tenantId: user.tenantId, themeId, stepId: "", ...last, completedAt: new Date() },
      update: { completedAt: new Date() },
    });
  }

  async listForUser(userId: string): Promise<ThemeProgress[]> {
    return this.prisma.themeProgress.findMany({
      where: { userId },
      select: { themeId: true, stepId: true, stepIndex: true, stepCount: true, updatedAt: true, completedAt: true },
    });
  }

  /** The theme the user most recently moved in and has not completed: what `fortsätt` opens. */
  async lastUnfinished(userId: string): Promise<ThemeProgress | undefined> {
    const row = await this.prisma.themeProgress.findFirst({
      where: { userId, completedAt: null },
      orderBy: { updatedAt: "desc" },
      select: { themeId: true, stepId: true, stepIndex: true, stepCount: true, updatedAt: true, completedAt: true },
    });
    return row ?? undefined;
  }
}

export function progressStatus(progress: ThemeProgress | undefined): ProgressStatus {
  if (!progress) return { kind: "notStarted" };
  if (progress.completedAt) return { kind: "completed" };
  return { kind: "inProgress", step: progress.stepIndex + 1, count: progress.stepCount };
}
