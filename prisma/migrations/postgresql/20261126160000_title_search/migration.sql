-- Title search: a trigram GIN index over the lower-cased title, so a substring search (LIKE
-- '%…%', three characters or more) reads the matching rows instead of scanning every title.
-- Indexed as the expression ("titleSearch" || ''), which equals the column: Prisma's schema
-- cannot describe a trigram index and would drop a plain one as drift, but it leaves expression
-- indexes alone. Queries must use the same expression (lib/incidents/listSql.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "Incident_titleSearch_trgm_idx" ON "Incident" USING GIN (("titleSearch" || '') gin_trgm_ops);
