-- DropIndex
DROP INDEX "IncidentDailyStat_day_idx";

-- CreateIndex
CREATE INDEX "IncidentDailyStat_day_serviceId_created_acknowledged_ackMs__idx" ON "IncidentDailyStat"("day", "serviceId", "created", "acknowledged", "ackMs", "resolved", "resolveMs", "alerts");
