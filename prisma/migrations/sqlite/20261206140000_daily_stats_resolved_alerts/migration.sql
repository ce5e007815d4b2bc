-- IncidentDailyStat."alerts" counts the alerts of resolved incidents only: a folded alert writes
-- its incident alone, and the analytics add the unresolved incidents' alert counts when read
-- (lib/incidents/store/dailyStats.ts). Take the unresolved incidents' alerts out of the rows
-- filled before. The day is computed as in 20261206095013_incident_daily_stats.
UPDATE "IncidentDailyStat" SET "alerts" = "IncidentDailyStat"."alerts" - "open"."alerts"
FROM (
  SELECT "serviceId", ("s" - (("s" % 86400) + 86400) % 86400) / 86400 AS "day", SUM("alertCount") AS "alerts"
  FROM (SELECT "serviceId", "alertCount", unixepoch("createdAt") AS "s" FROM "Incident" WHERE "active" = TRUE AND "alertCount" > 0)
  GROUP BY 1, 2
) AS "open"
WHERE "IncidentDailyStat"."serviceId" = "open"."serviceId" AND "IncidentDailyStat"."day" = "open"."day";
