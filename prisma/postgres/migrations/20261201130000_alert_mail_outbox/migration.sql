-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "emailAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "emailDueAt" TIMESTAMP(3),
ADD COLUMN     "emailTo" TEXT;

-- CreateIndex
CREATE INDEX "Alert_emailDueAt_idx" ON "Alert"("emailDueAt");
