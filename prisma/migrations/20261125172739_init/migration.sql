-- CreateTable
CREATE TABLE "bot_state" (
    "key" TEXT NOT NULL,
    "etag" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bot_state_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "theme_progress" (
    "user_id" TEXT NOT NULL,
    "tenant_id" TEXT,
    "theme_id" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "step_index" INTEGER NOT NULL,
    "step_count" INTEGER NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMP(3),

    CONSTRAINT "theme_progress_pkey" PRIMARY KEY ("user_id","theme_id")
);

-- CreateTable
CREATE TABLE "reflection" (
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "theme_id" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "nonce" BYTEA NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reflection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "theme_progress_user_id_updated_at_idx" ON "theme_progress"("user_id", "updated_at");

-- CreateIndex
CREATE INDEX "reflection_user_id_created_at_idx" ON "reflection"("user_id", "created_at");
