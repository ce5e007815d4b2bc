// Time buckets of createdAt for the per-bucket incident counts (counts.ts) and the deep-page
// shortcut that reads them (list.ts). No imports: the bench's bare baseline uses it too.

/**
 * Days per bucket, counted from the epoch. Measured at 1M incidents over 3 years (~4k bucket
 * rows): summing an unfiltered list's buckets ~0.7 ms (SQLite) / ~0.9 ms (PostgreSQL), and
 * walking inside one bucket (~13k incidents, at most half of them: the walk starts from its
 * nearer end) ~0.1 / ~3 ms; 7 days doubles the sums, 30 days doubles the walk. The backfill in
 * migration 20261126170000_incident_bucket_counts uses the same size: changing it needs a
 * migration that refills the table.
 */
export const BUCKET_DAYS = 14
const BUCKET_MS = BUCKET_DAYS * 86_400_000

export const bucketOf = (createdAt: Date) => Math.floor(createdAt.getTime() / BUCKET_MS)
/** The first instant of a bucket: it holds the incidents created at or after it and before the next one's. */
export const bucketStart = (bucket: number) => new Date(bucket * BUCKET_MS)
