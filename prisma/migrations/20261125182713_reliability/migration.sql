-- CreateTable
CREATE TABLE "processed_activity" (
    "conversation_id" TEXT NOT NULL,
    "activity_id" TEXT NOT NULL,
    "claimed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "invoke_response" JSONB,

    CONSTRAINT "processed_activity_pkey" PRIMARY KEY ("conversation_id","activity_id")
);

-- CreateTable
CREATE TABLE "rate_limit" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limit_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "processed_activity_claimed_at_idx" ON "processed_activity"("claimed_at");
