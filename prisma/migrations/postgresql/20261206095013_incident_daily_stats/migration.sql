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

    CONSTRAINT "IncidentDailyStat_pkey" PRIMARY KEY ("serviceId","day")
);

-- CreateIndex
CREATE INDEX "IncidentDailyStat_day_idx" ON "IncidentDailyStat"("day");

-- Backfill from the incidents already there (lib/incidents/store/dailyStats.ts keeps it from
-- here on). The day is floor(createdAt / 1 day) since the epoch; "createdAt" holds UTC.
INSERT INTO "IncidentDailyStat" ("serviceId", "day", "created", "acknowledged", "ackMs", "resolved", "resolveMs", "alerts")
SELECT "serviceId", floor(extract(epoch FROM "createdAt") / 86400)::int, COUNT(*),
  COUNT("acknowledgedAt"), COALESCE(SUM(round(extract(epoch FROM "acknowledgedAt" - "createdAt") * 1000)), 0)::bigint,
  COUNT("resolvedAt"), COALESCE(SUM(round(extract(epoch FROM "resolvedAt" - "createdAt") * 1000)), 0)::bigint,
  SUM("alertCount")
FROM "Incident"
GROUP BY 1, 2;
