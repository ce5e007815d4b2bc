-- The delivery worker claims each endpoint's earliest due messages as an index range of its own
-- (lib/notify/store/messages.ts), so one endpoint's backlog is never read to claim another's.

-- DropIndex
DROP INDEX "WebhookMessage_state_nextAttemptAt_idx";

-- CreateIndex
CREATE INDEX "WebhookMessage_subscriptionId_state_nextAttemptAt_idx" ON "WebhookMessage"("subscriptionId", "state", "nextAttemptAt");
