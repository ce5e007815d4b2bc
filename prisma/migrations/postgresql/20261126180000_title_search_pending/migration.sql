-- Title search: keep the trigram index's pending list short. GIN collects new rows in a pending
-- list (4 MB by default) that every search reads in full until it is merged; a busy console kept
-- it full, and it cost a search about 10 ms at a million incidents. At 128 kB a search reads a few
-- pages of it, and a create pays no more on average (the merge comes more often, each smaller).
ALTER INDEX "Incident_titleSearch_trgm_idx" SET (gin_pending_list_limit = 128);

-- Merge what is pending now, rather than on some later create.
SELECT gin_clean_pending_list('"Incident_titleSearch_trgm_idx"'::regclass);
