-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "serviceId" TEXT;

-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "alertCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "dedupKey" TEXT,
ADD COLUMN     "lastAlertAt" TIMESTAMP(3),
ADD COLUMN     "openDedupKey" TEXT,
ADD COLUMN     "source" TEXT;

-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "action" TEXT NOT NULL,
    "summary" TEXT,
    "severity" TEXT,
    "source" TEXT,
    "details" TEXT NOT NULL,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Alert_incidentId_receivedAt_id_idx" ON "Alert"("incidentId", "receivedAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_serviceId_openDedupKey_key" ON "Incident"("serviceId", "openDedupKey");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
