-- CreateTable
CREATE TABLE "group_session" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "theme_id" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "conversation_id" TEXT,
    "shared_activity_id" TEXT,
    "facilitator_user_id" TEXT,
    "facilitator_channel_id" TEXT,
    "salt" TEXT,
    "step_index" INTEGER NOT NULL DEFAULT 0,
    "revealed_step_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "started_at" TIMESTAMP(3) NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "ended_at" TIMESTAMP(3),

    CONSTRAINT "group_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "group_session_answer" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "step_id" TEXT NOT NULL,
    "participant_key" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "nonce" BYTEA NOT NULL,
    "ciphertext" BYTEA NOT NULL,

    CONSTRAINT "group_session_answer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "group_session_tenant_id_theme_id_idx" ON "group_session"("tenant_id", "theme_id");

-- CreateIndex
CREATE INDEX "group_session_expires_at_idx" ON "group_session"("expires_at");

-- CreateIndex
CREATE INDEX "group_session_facilitator_user_id_idx" ON "group_session"("facilitator_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "group_session_answer_session_id_step_id_participant_key_key" ON "group_session_answer"("session_id", "step_id", "participant_key");

-- AddForeignKey
ALTER TABLE "group_session_answer" ADD CONSTRAINT "group_session_answer_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "group_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- One running session per facilitator, theme and conversation, enforced by the database, so a double press
-- of "start" (or two instances taking it at once) starts one. Partial indexes cannot be written in
-- schema.prisma, so this one lives only here.
CREATE UNIQUE INDEX "group_session_one_running" ON "group_session"("conversation_id", "facilitator_user_id", "theme_id") WHERE "ended_at" IS NULL;
