-- AlterTable
ALTER TABLE "Instance" ADD COLUMN     "gatewayConfig" TEXT,
ADD COLUMN     "gatewayCredentials" TEXT,
ADD COLUMN     "gatewayKind" TEXT,
ADD COLUMN     "gatewayUrl" TEXT,
ADD COLUMN     "inboundToken" TEXT,
ADD COLUMN     "pacingHourlyLimit" INTEGER,
ADD COLUMN     "pacingJitterSeconds" INTEGER,
ADD COLUMN     "pacingMinIntervalSeconds" INTEGER,
ADD COLUMN     "pacingNewContactsPerDay" INTEGER,
ADD COLUMN     "pacingOverride" BOOLEAN NOT NULL DEFAULT false;

-- Every instance gets its inbound token; the old per-location gateway URL becomes a `webhook`
-- connection on each of the location's instances (SPEC §6), then the column goes.
UPDATE "Instance" SET "inboundToken" = replace(gen_random_uuid()::text, '-', '') || substr(replace(gen_random_uuid()::text, '-', ''), 1, 16);
UPDATE "Instance" SET "gatewayKind" = 'webhook', "gatewayConfig" = '{}', "gatewayUrl" = l."gatewayUrl"
  FROM "Location" l WHERE l."id" = "Instance"."locationId" AND l."gatewayUrl" IS NOT NULL;

-- AlterTable
ALTER TABLE "Location" DROP COLUMN "gatewayUrl",
ADD COLUMN     "pacingHourlyLimit" INTEGER,
ADD COLUMN     "pacingJitterSeconds" INTEGER,
ADD COLUMN     "pacingMinIntervalSeconds" INTEGER,
ADD COLUMN     "pacingNewContactsPerDay" INTEGER;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "providerMessageId" TEXT,
ADD COLUMN     "sentAt" TIMESTAMP(3),
ADD COLUMN     "statusChangedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "SendCounter" ADD COLUMN     "newContacts" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "MessageStatusChange" (
    "id" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "detail" TEXT,
    "source" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxItem" (
    "id" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "leaseUntil" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "unknownSince" TIMESTAMP(3),
    "firstAttemptAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutboxItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InstancePacing" (
    "instanceId" TEXT NOT NULL,
    "nextSlotAt" TIMESTAMP(3) NOT NULL,
    "lastSentAt" TIMESTAMP(3),

    CONSTRAINT "InstancePacing_pkey" PRIMARY KEY ("instanceId")
);

-- CreateTable
CREATE TABLE "HourCounter" (
    "instanceId" TEXT NOT NULL,
    "hour" TEXT NOT NULL,
    "sends" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "HourCounter_pkey" PRIMARY KEY ("instanceId","hour")
);

-- CreateTable
CREATE TABLE "InstanceContact" (
    "instanceId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "firstAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InstanceContact_pkey" PRIMARY KEY ("instanceId","contactId")
);

-- CreateTable
CREATE TABLE "InboundMessage" (
    "id" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "providerMessageId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationBinding" (
    "contactId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "ConversationBinding_pkey" PRIMARY KEY ("contactId","channel")
);

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
CREATE UNIQUE INDEX "Instance_inboundToken_key" ON "Instance"("inboundToken");

-- CreateIndex
CREATE INDEX "Message_instanceId_providerMessageId_idx" ON "Message"("instanceId", "providerMessageId");

-- AddForeignKey
ALTER TABLE "MessageStatusChange" ADD CONSTRAINT "MessageStatusChange_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageStatusChange" ADD CONSTRAINT "MessageStatusChange_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxItem" ADD CONSTRAINT "OutboxItem_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxItem" ADD CONSTRAINT "OutboxItem_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxItem" ADD CONSTRAINT "OutboxItem_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstancePacing" ADD CONSTRAINT "InstancePacing_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HourCounter" ADD CONSTRAINT "HourCounter_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstanceContact" ADD CONSTRAINT "InstanceContact_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstanceContact" ADD CONSTRAINT "InstanceContact_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboundMessage" ADD CONSTRAINT "InboundMessage_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboundMessage" ADD CONSTRAINT "InboundMessage_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboundMessage" ADD CONSTRAINT "InboundMessage_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationBinding" ADD CONSTRAINT "ConversationBinding_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationBinding" ADD CONSTRAINT "ConversationBinding_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationBinding" ADD CONSTRAINT "ConversationBinding_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "Instance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A change of an instance's gateway or pacing changes how its next message is decided.
DROP TRIGGER "Instance_config_update" ON "Instance";
CREATE TRIGGER "Instance_config_update" AFTER UPDATE OF "locationId", "channel", "index", "label", "phone", "isDefault", "defaultChannel", "warmingDays", "gatewayKind", "pacingMinIntervalSeconds", "pacingJitterSeconds", "pacingHourlyLimit", "pacingNewContactsPerDay", "pacingOverride" ON "Instance" FOR EACH ROW EXECUTE FUNCTION "Location_bump_owner"();
