-- Alert ingestion. Written by hand with ADD COLUMN: a rebuild of "Incident" would drop the
-- title-search and change-counter triggers (docs/architecture.md, "Two databases").

-- An integration key pages into one service.
ALTER TABLE "ApiKey" ADD COLUMN "serviceId" TEXT REFERENCES "Service" ("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Incident" ADD COLUMN "dedupKey" TEXT;
ALTER TABLE "Incident" ADD COLUMN "alertCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Incident" ADD COLUMN "lastAlertAt" DATETIME;
ALTER TABLE "Incident" ADD COLUMN "source" TEXT;
ALTER TABLE "Incident" ADD COLUMN "openDedupKey" TEXT;

-- At most one unresolved incident per (service, dedup key): simultaneous triggers of one new key
-- race on this index, and the losers fold into the winner.
CREATE UNIQUE INDEX "Incident_serviceId_openDedupKey_key" ON "Incident"("serviceId", "openDedupKey");

CREATE TABLE "Alert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "incidentId" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "action" TEXT NOT NULL,
    "summary" TEXT,
    "severity" TEXT,
    "source" TEXT,
    "details" TEXT NOT NULL,
    CONSTRAINT "Alert_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "Alert_incidentId_receivedAt_id_idx" ON "Alert"("incidentId", "receivedAt", "id");
