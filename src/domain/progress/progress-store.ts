import type { PrismaClient } from "../../generated/prisma";
import type { HotStatements, ProgressRow } from "../../platform/storage/hot-statements";

/** Who a record belongs to: the Entra object id where Teams gives one, and the workspace. */
export interface UserRef {
  userId: string;
  tenantId?: string;
}

/** Where a user is in one theme, as the menu and `fortsätt` read it. */
export type ThemeProgress = ProgressRow;

export type ProgressStatus =
  { kind: "notStarted" } | { kind: "inProgress"; step: number; count: number } | { kind: "completed" };

/** Where each user is in each theme; the source of truth for the menu and for `fortsätt`. */
export class ProgressStore {
  constructor(
    private readonly prisma: PrismaClient,
    /** Recording a step, completing a theme and the menu's read run on every such turn. */
    private readonly hot: HotStatements,
  ) {}

  /** Going through a completed theme again keeps it completed: the menu shows what was achieved. */
  async recordStep(
    user: UserRef,
    themeId: string,
    step: { stepId: string; stepIndex: number; stepCount: number },
  ): Promise<void> {
    await this.hot.recordStep(user, themeId, step);
  }

  async markCompleted(user: UserRef, themeId: string, stepCount: number): Promise<void> {
    await this.hot.markCompleted(user, themeId, stepCount);
  }

  async listForUser(userId: string): Promise<ThemeProgress[]> {
    return this.hot.progressOfUser(userId);
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
