-- DropIndex
DROP INDEX "IncidentDailyStat_day_idx";

-- CreateIndex
CREATE INDEX "IncidentDailyStat_day_serviceId_created_acknowledged_ackMs_resolved_resolveMs_alerts_idx" ON "IncidentDailyStat"("day", "serviceId", "created", "acknowledged", "ackMs", "resolved", "resolveMs", "alerts");
