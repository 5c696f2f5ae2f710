-- CreateTable
CREATE TABLE "conversation_greeting" (
    "conversation_id" TEXT NOT NULL,
    "greeted_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversation_greeting_pkey" PRIMARY KEY ("conversation_id")
);

-- CreateTable
CREATE TABLE "conversation_reference" (
    "user_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "reference" JSONB NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversation_reference_pkey" PRIMARY KEY ("user_id","tenant_id")
);

-- CreateTable
CREATE TABLE "incident" (
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "tenant_id" TEXT,
    "key_id" TEXT NOT NULL,
    "nonce" BYTEA NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "download" (
    "id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "nonce" BYTEA NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "download_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "incident_user_id_created_at_idx" ON "incident"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "incident_expires_at_idx" ON "incident"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "download_token_hash_key" ON "download"("token_hash");

-- CreateIndex
CREATE INDEX "download_expires_at_idx" ON "download"("expires_at");

