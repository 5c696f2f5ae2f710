-- AlterTable
ALTER TABLE "order" ADD COLUMN     "approved_until" TIMESTAMP(3);


-- Databases from before this migration can hold several pending orders for one tenant (two placed at
-- once); all but the oldest are rejected as duplicates so the index below can be created.
UPDATE "order" AS o SET "status" = 'rejected', "reject_reason" = 'Duplicate of an earlier pending order from the same tenant', "decided_at" = now()
WHERE o."status" = 'pending' AND EXISTS (
  SELECT 1 FROM "order" AS earlier
  WHERE earlier."tenant_id" = o."tenant_id" AND earlier."status" = 'pending'
    AND (earlier."created_at", earlier."id") < (o."created_at", o."id")
);

-- One open order per tenant, enforced by the database so two orders placed at once cannot both be
-- stored. Partial indexes cannot be written in schema.prisma, so this one lives only here.
CREATE UNIQUE INDEX "order_one_open_per_tenant" ON "order"("tenant_id") WHERE "status" IN ('pending', 'awaiting_confirmation');
