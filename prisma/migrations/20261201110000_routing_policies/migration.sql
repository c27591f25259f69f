-- AlterTable (ADD COLUMN in place: a table copy would drop the scale-out triggers on Location)
ALTER TABLE "Location" ADD COLUMN "stickySender" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Location" ADD COLUMN "stickyDays" INTEGER NOT NULL DEFAULT 30;
ALTER TABLE "Location" ADD COLUMN "failover" TEXT NOT NULL DEFAULT 'error';
ALTER TABLE "Location" ADD COLUMN "geomatch" TEXT NOT NULL DEFAULT 'off';
ALTER TABLE "Location" ADD COLUMN "sendWindow" TEXT;
ALTER TABLE "Location" ADD COLUMN "alertEmails" TEXT NOT NULL DEFAULT '[]';
