-- CreateTable
CREATE TABLE "user_activity" (
    "user_id" TEXT NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_activity_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE INDEX "user_activity_last_seen_at_idx" ON "user_activity"("last_seen_at");

