-- CreateIndex
CREATE INDEX "Incident_status_urgency_createdAt_id_idx" ON "Incident"("status", "urgency", "createdAt", "id");
