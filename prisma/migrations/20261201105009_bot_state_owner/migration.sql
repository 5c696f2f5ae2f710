-- AlterTable
ALTER TABLE "bot_state" ADD COLUMN     "user_id" TEXT;

-- CreateIndex
CREATE INDEX "bot_state_user_id_idx" ON "bot_state"("user_id");


-- Existing rows, where their owner can be derived without guessing:
-- a personal chat's conversation state belongs to the person whose stored reference names that chat;
UPDATE "bot_state" AS b SET "user_id" = r."user_id"
FROM "conversation_reference" AS r
WHERE b."user_id" IS NULL
  AND r."reference"->'conversation'->>'id' IS NOT NULL
  AND b."key" LIKE '%/conversations/%'
  AND substring(b."key" FROM position('/conversations/' IN b."key") + 15) = r."reference"->'conversation'->>'id';
-- user state (teams-ai keys it by the Teams channel id) to the person the reference names beside that id;
UPDATE "bot_state" AS b SET "user_id" = r."user_id"
FROM "conversation_reference" AS r
WHERE b."user_id" IS NULL
  AND r."reference"->'user'->>'id' IS NOT NULL
  AND b."key" LIKE '%/users/%'
  AND substring(b."key" FROM position('/users/' IN b."key") + 7) = r."reference"->'user'->>'id';
-- otherwise to the channel id in the key itself, which an erasure also matches exactly.
UPDATE "bot_state" SET "user_id" = substring("key" FROM position('/users/' IN "key") + 7)
WHERE "user_id" IS NULL AND "key" LIKE '%/users/%';
