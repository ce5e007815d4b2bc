-- CreateTable
CREATE TABLE "IncidentBucketCount" (
    "serviceId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "IncidentBucketCount_pkey" PRIMARY KEY ("serviceId","status","bucket")
);

-- AddForeignKey
ALTER TABLE "IncidentBucketCount" ADD CONSTRAINT "IncidentBucketCount_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Backfill from the incidents already there. The bucket is floor(createdAt / 14 days) since the
-- epoch (BUCKET_DAYS in lib/incidents/buckets.ts: both must change together); "createdAt" holds UTC.
INSERT INTO "IncidentBucketCount" ("serviceId", "status", "bucket", "count")
SELECT "serviceId", "status", floor(extract(epoch FROM "createdAt") / 1209600)::int, COUNT(*)
FROM "Incident"
GROUP BY 1, 2, 3;
