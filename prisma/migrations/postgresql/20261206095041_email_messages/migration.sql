-- AlterTable
ALTER TABLE "WebhookMessage" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'webhook',
ADD COLUMN     "recipientId" TEXT,
ALTER COLUMN "subscriptionId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "AckLinkUse" (
    "messageId" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AckLinkUse_pkey" PRIMARY KEY ("messageId")
);
