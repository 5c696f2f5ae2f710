-- AlterTable
ALTER TABLE "audit_entry" ADD COLUMN     "organisation_id" TEXT,
ADD COLUMN     "subject_user_id" TEXT;

-- CreateIndex
CREATE INDEX "audit_entry_organisation_id_at_idx" ON "audit_entry"("organisation_id", "at");

-- CreateIndex
CREATE INDEX "audit_entry_subject_user_id_idx" ON "audit_entry"("subject_user_id");


-- Entries written before these columns existed: the organisation from what the subject names.
UPDATE "audit_entry" SET "organisation_id" = substr("subject", 14) WHERE "subject" LIKE 'organisation:%';
UPDATE "audit_entry" a SET "organisation_id" = m."organisation_id"::text, "subject_user_id" = m."user_id"
  FROM "membership" m WHERE a."subject" = 'membership:' || m."id"::text;
UPDATE "audit_entry" a SET "organisation_id" = l."organisation_id"::text
  FROM "licence" l WHERE a."subject" = 'licence:' || l."id"::text;
UPDATE "audit_entry" a SET "organisation_id" = o."organisation_id"::text
  FROM "order" o WHERE a."subject" = 'order:' || o."id"::text AND o."organisation_id" IS NOT NULL;
