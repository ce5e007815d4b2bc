-- CreateTable
CREATE TABLE "IncidentDailyStat" (
    "serviceId" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "created" INTEGER NOT NULL,
    "acknowledged" INTEGER NOT NULL,
    "ackMs" BIGINT NOT NULL,
    "resolved" INTEGER NOT NULL,
    "resolveMs" BIGINT NOT NULL,
    "alerts" BIGINT NOT NULL,

    PRIMARY KEY ("serviceId", "day")
);

-- CreateIndex
CREATE INDEX "IncidentDailyStat_day_idx" ON "IncidentDailyStat"("day");

-- Backfill from the incidents already there (lib/incidents/store/dailyStats.ts keeps it from
-- here on). The day is floor(createdAt / 1 day) since the epoch, UTC; createdAt is ISO-8601 text,
-- which unixepoch() reads in whole seconds (floored; day edges are whole seconds) and julianday()
-- to well under a millisecond, so the rounded differences are the exact millisecond ones.
INSERT INTO "IncidentDailyStat" ("serviceId", "day", "created", "acknowledged", "ackMs", "resolved", "resolveMs", "alerts")
SELECT "serviceId", ("s" - (("s" % 86400) + 86400) % 86400) / 86400, COUNT(*),
  COUNT("acknowledgedAt"), COALESCE(SUM(CAST(ROUND((julianday("acknowledgedAt") - julianday("createdAt")) * 86400000) AS INTEGER)), 0),
  COUNT("resolvedAt"), COALESCE(SUM(CAST(ROUND((julianday("resolvedAt") - julianday("createdAt")) * 86400000) AS INTEGER)), 0),
  SUM("alertCount")
FROM (SELECT *, unixepoch("createdAt") AS "s" FROM "Incident")
GROUP BY 1, 2;
