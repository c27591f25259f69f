-- AlterTable
ALTER TABLE "Location" ADD COLUMN     "alertEmails" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "failover" TEXT NOT NULL DEFAULT 'error',
ADD COLUMN     "geomatch" TEXT NOT NULL DEFAULT 'off',
ADD COLUMN     "sendWindow" TEXT,
ADD COLUMN     "stickyDays" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "stickySender" BOOLEAN NOT NULL DEFAULT false;
