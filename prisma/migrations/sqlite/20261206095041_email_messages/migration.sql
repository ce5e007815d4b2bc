-- CreateTable
CREATE TABLE "AckLinkUse" (
    "messageId" TEXT NOT NULL PRIMARY KEY,
    "incidentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "usedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_WebhookMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL DEFAULT 'webhook',
    "subscriptionId" TEXT,
    "recipientId" TEXT,
    "incidentId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "nextAttemptAt" DATETIME NOT NULL,
    "retryUntil" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "body" TEXT,
    CONSTRAINT "WebhookMessage_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "WebhookSubscription" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_WebhookMessage" ("attempts", "body", "createdAt", "eventId", "id", "incidentId", "leaseOwner", "leaseUntil", "nextAttemptAt", "retryUntil", "state", "subscriptionId", "type") SELECT "attempts", "body", "createdAt", "eventId", "id", "incidentId", "leaseOwner", "leaseUntil", "nextAttemptAt", "retryUntil", "state", "subscriptionId", "type" FROM "WebhookMessage";
DROP TABLE "WebhookMessage";
ALTER TABLE "new_WebhookMessage" RENAME TO "WebhookMessage";
CREATE INDEX "WebhookMessage_state_nextAttemptAt_idx" ON "WebhookMessage"("state", "nextAttemptAt");
CREATE INDEX "WebhookMessage_subscriptionId_createdAt_idx" ON "WebhookMessage"("subscriptionId", "createdAt");
CREATE INDEX "WebhookMessage_incidentId_idx" ON "WebhookMessage"("incidentId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
