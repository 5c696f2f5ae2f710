-- AlterTable
ALTER TABLE "invitation" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "claimed_at" TIMESTAMP(3),
ADD COLUMN     "failure" TEXT,
ADD COLUMN     "given_up_at" TIMESTAMP(3),
ADD COLUMN     "next_attempt_at" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "invitation_next_attempt_at_idx" ON "invitation"("next_attempt_at");

