-- CreateTable
CREATE TABLE "incident_handover" (
    "id" UUID NOT NULL,
    "record_id" TEXT NOT NULL,
    "official_user_id" TEXT NOT NULL,
    "official_tenant_id" TEXT,
    "official_name" TEXT NOT NULL,
    "organisation_id" UUID NOT NULL,
    "officer_user_id" TEXT NOT NULL,
    "officer_name" TEXT,
    "officer_conversation" JSONB NOT NULL,
    "officer_activity_ids" TEXT[],
    "status" TEXT NOT NULL DEFAULT 'sent',
    "sent_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answered_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "incident_handover_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "incident_handover_official_user_id_idx" ON "incident_handover"("official_user_id");

-- CreateIndex
CREATE INDEX "incident_handover_expires_at_idx" ON "incident_handover"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "incident_handover_official_user_id_record_id_officer_user_i_key" ON "incident_handover"("official_user_id", "record_id", "officer_user_id");

