-- AlterTable
ALTER TABLE "Message" ADD COLUMN "providerMessageId" TEXT;
ALTER TABLE "Message" ADD COLUMN "sentAt" DATETIME;
ALTER TABLE "Message" ADD COLUMN "statusChangedAt" DATETIME;

-- CreateTable
CREATE TABLE "MessageStatusChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "locationId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "detail" TEXT,
    "source" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    CONSTRAINT "MessageStatusChange_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MessageStatusChange_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OutboxItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "locationId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "leaseUntil" DATETIME,
    "leaseOwner" TEXT,
    "unknownSince" DATETIME,
    "firstAttemptAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OutboxItem_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OutboxItem_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OutboxItem_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InstancePacing" (
    "instanceId" TEXT NOT NULL PRIMARY KEY,
    "nextSlotAt" DATETIME NOT NULL,
    "lastSentAt" DATETIME,
    CONSTRAINT "InstancePacing_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HourCounter" (
    "instanceId" TEXT NOT NULL,
    "hour" TEXT NOT NULL,
    "sends" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("instanceId", "hour"),
    CONSTRAINT "HourCounter_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InstanceContact" (
    "instanceId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "firstAt" DATETIME NOT NULL,

    PRIMARY KEY ("instanceId", "contactId"),
    CONSTRAINT "InstanceContact_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InstanceContact_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InboundMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "locationId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "providerMessageId" TEXT,
    "receivedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InboundMessage_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InboundMessage_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InboundMessage_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConversationBinding" (
    "contactId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "source" TEXT NOT NULL,

    PRIMARY KEY ("contactId", "channel"),
    CONSTRAINT "ConversationBinding_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConversationBinding_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConversationBinding_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (ADD/DROP COLUMN in place: a table copy would drop the scale-out triggers)
ALTER TABLE "Instance" ADD COLUMN "gatewayKind" TEXT;
ALTER TABLE "Instance" ADD COLUMN "gatewayUrl" TEXT;
ALTER TABLE "Instance" ADD COLUMN "gatewayConfig" TEXT;
ALTER TABLE "Instance" ADD COLUMN "gatewayCredentials" TEXT;
ALTER TABLE "Instance" ADD COLUMN "inboundToken" TEXT;
ALTER TABLE "Instance" ADD COLUMN "pacingMinIntervalSeconds" INTEGER;
ALTER TABLE "Instance" ADD COLUMN "pacingJitterSeconds" INTEGER;
ALTER TABLE "Instance" ADD COLUMN "pacingHourlyLimit" INTEGER;
ALTER TABLE "Instance" ADD COLUMN "pacingNewContactsPerDay" INTEGER;
ALTER TABLE "Instance" ADD COLUMN "pacingOverride" BOOLEAN NOT NULL DEFAULT false;
CREATE UNIQUE INDEX "Instance_inboundToken_key" ON "Instance"("inboundToken");
ALTER TABLE "Location" ADD COLUMN "pacingMinIntervalSeconds" INTEGER;
ALTER TABLE "Location" ADD COLUMN "pacingJitterSeconds" INTEGER;
ALTER TABLE "Location" ADD COLUMN "pacingHourlyLimit" INTEGER;
ALTER TABLE "Location" ADD COLUMN "pacingNewContactsPerDay" INTEGER;
ALTER TABLE "SendCounter" ADD COLUMN "newContacts" INTEGER NOT NULL DEFAULT 0;

-- Every instance gets its inbound token; the old per-location gateway URL becomes a `webhook`
-- connection on each of the location's instances (SPEC §6), then the column goes.
UPDATE "Instance" SET "inboundToken" = lower(hex(randomblob(24)));
UPDATE "Instance" SET "gatewayKind" = 'webhook', "gatewayConfig" = '{}',
  "gatewayUrl" = (SELECT "gatewayUrl" FROM "Location" WHERE "Location"."id" = "Instance"."locationId")
  WHERE "locationId" IN (SELECT "id" FROM "Location" WHERE "gatewayUrl" IS NOT NULL);
ALTER TABLE "Location" DROP COLUMN "gatewayUrl";

-- A change of an instance's gateway or pacing changes how its next message is decided.
DROP TRIGGER "Instance_config_update";
CREATE TRIGGER "Instance_config_update" AFTER UPDATE OF "locationId", "channel", "index", "label", "phone", "isDefault", "defaultChannel", "warmingDays", "gatewayKind", "pacingMinIntervalSeconds", "pacingJitterSeconds", "pacingHourlyLimit", "pacingNewContactsPerDay", "pacingOverride" ON "Instance" BEGIN
  UPDATE "Location" SET "configVersion" = "configVersion" + 1 WHERE "id" IN (OLD."locationId", NEW."locationId");
END;

-- CreateIndex
CREATE INDEX "MessageStatusChange_messageId_at_idx" ON "MessageStatusChange"("messageId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxItem_messageId_key" ON "OutboxItem"("messageId");

-- CreateIndex
CREATE INDEX "OutboxItem_state_nextAttemptAt_idx" ON "OutboxItem"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxItem_instanceId_state_idx" ON "OutboxItem"("instanceId", "state");

-- CreateIndex
CREATE INDEX "HourCounter_hour_idx" ON "HourCounter"("hour");

-- CreateIndex
CREATE INDEX "InstanceContact_instanceId_firstAt_idx" ON "InstanceContact"("instanceId", "firstAt");

-- CreateIndex
CREATE INDEX "InboundMessage_locationId_contactId_receivedAt_idx" ON "InboundMessage"("locationId", "contactId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "InboundMessage_instanceId_providerMessageId_key" ON "InboundMessage"("instanceId", "providerMessageId");

-- CreateIndex
CREATE INDEX "ConversationBinding_instanceId_idx" ON "ConversationBinding"("instanceId");

-- CreateIndex
CREATE INDEX "Message_instanceId_providerMessageId_idx" ON "Message"("instanceId", "providerMessageId");
