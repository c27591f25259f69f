-- AlterTable
ALTER TABLE "IdempotencyRecord" ADD COLUMN "ownerId" TEXT;

-- CreateTable
CREATE TABLE "EventStream" (
    "locationId" TEXT NOT NULL PRIMARY KEY,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "EventStream_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SendCounter" (
    "instanceId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "sends" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("instanceId", "day"),
    CONSTRAINT "SendCounter_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SendCounter_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AppProcess" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "startedAt" DATETIME NOT NULL,
    "heartbeatAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "locationId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL DEFAULT 0,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Event_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Hand-edited: existing events keep their ids as their seq (unique, increasing per location).
INSERT INTO "new_Event" ("createdAt", "id", "locationId", "seq", "payload", "type") SELECT "createdAt", "id", "locationId", "id", "payload", "type" FROM "Event";
DROP TABLE "Event";
ALTER TABLE "new_Event" RENAME TO "Event";
CREATE INDEX "Event_createdAt_idx" ON "Event"("createdAt");
CREATE UNIQUE INDEX "Event_locationId_seq_key" ON "Event"("locationId", "seq");
CREATE TABLE "new_Location" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "defaultCountry" TEXT NOT NULL DEFAULT 'US',
    "rotationStrategy" TEXT NOT NULL DEFAULT 'round_robin',
    "warmingDays" INTEGER NOT NULL DEFAULT 5,
    "warmingDailyLimits" TEXT NOT NULL DEFAULT '[20,40,80,160,320]',
    "minHealth" INTEGER NOT NULL DEFAULT 40,
    "webhookUrl" TEXT,
    "webhookSecret" TEXT,
    "gatewayUrl" TEXT,
    "configVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Location" ("createdAt", "defaultCountry", "gatewayUrl", "id", "minHealth", "name", "rotationStrategy", "updatedAt", "warmingDailyLimits", "warmingDays", "webhookSecret", "webhookUrl") SELECT "createdAt", "defaultCountry", "gatewayUrl", "id", "minHealth", "name", "rotationStrategy", "updatedAt", "warmingDailyLimits", "warmingDays", "webhookSecret", "webhookUrl" FROM "Location";
DROP TABLE "Location";
ALTER TABLE "new_Location" RENAME TO "Location";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "SendCounter_locationId_channel_day_idx" ON "SendCounter"("locationId", "channel", "day");

-- CreateIndex
CREATE INDEX "SendCounter_day_idx" ON "SendCounter"("day");

-- CreateIndex
CREATE INDEX "AppProcess_heartbeatAt_idx" ON "AppProcess"("heartbeatAt");

-- Hand-written from here on (the schema engine does not write data or triggers).
-- Backfill: each location's stream continues after its last event; today's and yesterday's
-- sends become counters (the send path no longer counts messages).
INSERT INTO "EventStream" ("locationId", "lastSeq") SELECT "locationId", MAX("seq") FROM "Event" GROUP BY "locationId";
INSERT INTO "SendCounter" ("instanceId", "day", "locationId", "channel", "sends")
SELECT "instanceId", substr("createdAt", 1, 10), "locationId", "channel", COUNT(*) FROM "Message"
WHERE "instanceId" IS NOT NULL AND "errorCode" IS NULL AND "errorName" IS NULL AND substr("createdAt", 1, 10) >= date('now', '-1 day')
GROUP BY "instanceId", substr("createdAt", 1, 10), "locationId", "channel";

-- Event seq: per location, taken from its EventStream row in the inserting transaction. SQLite
-- serialises writers, so seqs commit in order (PostgreSQL: the row lock does the same).
CREATE TRIGGER "Event_seq" AFTER INSERT ON "Event" BEGIN
  INSERT INTO "EventStream" ("locationId", "lastSeq") VALUES (NEW."locationId", 1)
    ON CONFLICT ("locationId") DO UPDATE SET "lastSeq" = "lastSeq" + 1;
  UPDATE "Event" SET "seq" = (SELECT "lastSeq" FROM "EventStream" WHERE "locationId" = NEW."locationId") WHERE "id" = NEW."id";
END;

-- Location.configVersion: bumped with every change the routing configuration cache depends on.
-- Live fields the send reads under its lock anyway (status, health, first connection) do not bump it.
CREATE TRIGGER "Location_configVersion" AFTER UPDATE ON "Location" WHEN NEW."configVersion" = OLD."configVersion" BEGIN
  UPDATE "Location" SET "configVersion" = OLD."configVersion" + 1 WHERE "id" = NEW."id";
END;
CREATE TRIGGER "Instance_config_insert" AFTER INSERT ON "Instance" BEGIN
  UPDATE "Location" SET "configVersion" = "configVersion" + 1 WHERE "id" = NEW."locationId";
END;
CREATE TRIGGER "Instance_config_update" AFTER UPDATE OF "locationId", "channel", "index", "label", "phone", "isDefault", "defaultChannel", "warmingDays" ON "Instance" BEGIN
  UPDATE "Location" SET "configVersion" = "configVersion" + 1 WHERE "id" IN (OLD."locationId", NEW."locationId");
END;
CREATE TRIGGER "Instance_config_delete" AFTER DELETE ON "Instance" BEGIN
  UPDATE "Location" SET "configVersion" = "configVersion" + 1 WHERE "id" = OLD."locationId";
END;
CREATE TRIGGER "UserInstance_config_insert" AFTER INSERT ON "UserInstance" BEGIN
  UPDATE "Location" SET "configVersion" = "configVersion" + 1 WHERE "id" = NEW."locationId";
END;
CREATE TRIGGER "UserInstance_config_update" AFTER UPDATE ON "UserInstance" BEGIN
  UPDATE "Location" SET "configVersion" = "configVersion" + 1 WHERE "id" IN (OLD."locationId", NEW."locationId");
END;
CREATE TRIGGER "UserInstance_config_delete" AFTER DELETE ON "UserInstance" BEGIN
  UPDATE "Location" SET "configVersion" = "configVersion" + 1 WHERE "id" = OLD."locationId";
END;
CREATE TRIGGER "Membership_config_insert" AFTER INSERT ON "Membership" BEGIN
  UPDATE "Location" SET "configVersion" = "configVersion" + 1 WHERE "id" = NEW."locationId";
END;
CREATE TRIGGER "Membership_config_update" AFTER UPDATE ON "Membership" BEGIN
  UPDATE "Location" SET "configVersion" = "configVersion" + 1 WHERE "id" IN (OLD."locationId", NEW."locationId");
END;
CREATE TRIGGER "Membership_config_delete" AFTER DELETE ON "Membership" BEGIN
  UPDATE "Location" SET "configVersion" = "configVersion" + 1 WHERE "id" = OLD."locationId";
END;
CREATE TRIGGER "User_config_name" AFTER UPDATE OF "name" ON "User" BEGIN
  UPDATE "Location" SET "configVersion" = "configVersion" + 1 WHERE "id" IN (SELECT "locationId" FROM "Membership" WHERE "userId" = NEW."id");
END;
