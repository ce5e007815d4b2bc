-- Escalation policies. Written by hand with ADD COLUMN: a rebuild of "Incident" would drop the
-- title-search and change-counter triggers (docs/architecture.md, "Two databases").

ALTER TABLE "Service" ADD COLUMN "escalationPolicyId" TEXT;
CREATE INDEX "Service_escalationPolicyId_idx" ON "Service"("escalationPolicyId");

ALTER TABLE "Incident" ADD COLUMN "escalationDueAt" DATETIME;
ALTER TABLE "Incident" ADD COLUMN "escalationStep" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Incident" ADD COLUMN "escalationPass" INTEGER NOT NULL DEFAULT 0;
-- The sweep reads the few due incidents from here, never the whole table.
CREATE INDEX "Incident_escalationDueAt_idx" ON "Incident"("escalationDueAt");

CREATE TABLE "EscalationPolicy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "steps" TEXT NOT NULL,
    "repeat" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
