-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "locationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "activeKey" TEXT,
    "instanceId" TEXT,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "since" DATETIME NOT NULL,
    "heldSince" DATETIME NOT NULL,
    "clearedAt" DATETIME,
    "starts" INTEGER NOT NULL DEFAULT 1,
    "raisedAt" DATETIME,
    "resolvedAt" DATETIME,
    "acknowledgedAt" DATETIME,
    "acknowledgedBy" TEXT,
    "emailedAt" DATETIME,
    "emailError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Alert_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Alert_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Alert_locationId_status_raisedAt_idx" ON "Alert"("locationId", "status", "raisedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_locationId_activeKey_key" ON "Alert"("locationId", "activeKey");
