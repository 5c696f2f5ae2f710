-- CreateTable
CREATE TABLE "invitation_round" (
    "id" UUID NOT NULL,
    "organisation_id" UUID NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "invited" INTEGER NOT NULL,
    "already_invited" INTEGER NOT NULL,
    "unreachable" INTEGER NOT NULL,

    CONSTRAINT "invitation_round_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invitation" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "organisation_id" UUID NOT NULL,
    "round_id" UUID NOT NULL,
    "invited_at" TIMESTAMP(3) NOT NULL,
    "delivered_at" TIMESTAMP(3),

    CONSTRAINT "invitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "invitation_round_started_at_idx" ON "invitation_round"("started_at");

-- CreateIndex
CREATE INDEX "invitation_user_id_idx" ON "invitation"("user_id");

-- CreateIndex
CREATE INDEX "invitation_invited_at_idx" ON "invitation"("invited_at");

-- CreateIndex
CREATE UNIQUE INDEX "invitation_tenant_id_user_id_key" ON "invitation"("tenant_id", "user_id");

