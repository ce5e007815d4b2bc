-- Title search: index every three-character piece of the title, as SQLite's FTS5 trigram table
-- does, instead of pg_trgm's word trigrams. pg_trgm splits text into words of letters and digits,
-- so the pieces that make a host name like "payments-17" rare ("-17", "s-1") were not in its
-- index, and every candidate was checked again with regular expressions. With every piece
-- indexed, a search reads the two rarest pieces of its term (lib/incidents/titleTrigrams.ts) and
-- checks the candidates with LIKE alone: about half the time for most terms (docs/performance.md,
-- item 19).
--
-- The pieces are cut without a loop: the title split into runs of three from its first, second
-- and third character, each run ended by U+0001 (PostgreSQL text cannot hold U+0000). A title's
-- own U+0001 splits a run too, so pieces holding that character are not indexed, and a search
-- never asks for them (listSql.ts); what is left over (pieces of one or two characters) is never
-- asked for either. IMMUTABLE: the index stores its result.
CREATE FUNCTION incident_title_trigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array_remove(string_to_array(
    regexp_replace(t, '...', E'\\&\x01', 'g') || E'\x01' ||
    regexp_replace(substr(t, 2), '...', E'\\&\x01', 'g') || E'\x01' ||
    regexp_replace(substr(t, 3), '...', E'\\&\x01', 'g'), E'\x01'), '')
$$;

DROP INDEX "Incident_titleSearch_trgm_idx";

-- COLLATE "C": pieces compare byte by byte (the database's default collation goes through the C
-- library), which halves the time to build the index. A query must say the same to use it. The
-- pending list is kept short for the reason 20261126180000_title_search_pending gives.
CREATE INDEX "Incident_titleSearch_trigrams_idx" ON "Incident"
  USING GIN ((incident_title_trigrams("titleSearch") COLLATE "C")) WITH (gin_pending_list_limit = 128);
