-- AlterTable
ALTER TABLE "reflection" ADD COLUMN     "save_key" TEXT;

-- AlterTable
ALTER TABLE "incident" ADD COLUMN     "save_key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "reflection_user_id_save_key_key" ON "reflection"("user_id", "save_key");

-- CreateIndex
CREATE UNIQUE INDEX "incident_user_id_save_key_key" ON "incident"("user_id", "save_key");

