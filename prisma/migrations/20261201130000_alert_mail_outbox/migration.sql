-- The alert e-mail as owed work (lib/alerts/alert-mail-outbox.ts). Columns are added in place:
-- nullable or with a constant default, so SQLite needs no copy of the table.
ALTER TABLE "Alert" ADD COLUMN "emailTo" TEXT;
ALTER TABLE "Alert" ADD COLUMN "emailAttempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Alert" ADD COLUMN "emailDueAt" DATETIME;

-- CreateIndex
CREATE INDEX "Alert_emailDueAt_idx" ON "Alert"("emailDueAt");
