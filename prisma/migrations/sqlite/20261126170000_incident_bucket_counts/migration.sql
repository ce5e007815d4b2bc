-- CreateTable
CREATE TABLE "IncidentBucketCount" (
    "serviceId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("serviceId", "status", "bucket"),
    CONSTRAINT "IncidentBucketCount_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- Backfill from the incidents already there. The bucket is floor(createdAt / 14 days) since the
-- epoch (BUCKET_DAYS in lib/incidents/buckets.ts: both must change together). createdAt is
-- ISO-8601 text ("…Z" or "…+00:00"): unixepoch() reads both and gives whole seconds, floored;
-- bucket edges are whole seconds, so the floor division below (exact before 1970 too) equals
-- the JavaScript one.
INSERT INTO "IncidentBucketCount" ("serviceId", "status", "bucket", "count")
SELECT "serviceId", "status", ("s" - (("s" % 1209600) + 1209600) % 1209600) / 1209600, COUNT(*)
FROM (SELECT "serviceId", "status", unixepoch("createdAt") AS "s" FROM "Incident")
GROUP BY 1, 2, 3;
