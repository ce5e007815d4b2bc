-- A change counter: every write to the tables a list answer is made of (incidents, services,
-- users; timeline events are not in a list, and every change that writes one also writes its
-- incident) bumps Counter 'changes' in the writing transaction, whoever writes —
-- the app, another instance, the CLI, a hand-run statement. lib/incidents/readCache.ts serves a
-- repeated list or summary from memory while the counter has not moved. It wraps below 2^31 (the
-- column is a 32-bit integer); a cached answer also expires after a minute, so a wrap can never
-- pass for "unchanged".
INSERT INTO "Counter" ("name", "value") VALUES ('changes', 0) ON CONFLICT ("name") DO NOTHING;

-- Once per statement, not per row: a statement that changes a thousand rows is one change.
CREATE FUNCTION "incident_console_count_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "Counter" ("name", "value") VALUES ('changes', 1)
    ON CONFLICT ("name") DO UPDATE SET "value" = ("Counter"."value" % 2147483646) + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Incident_changes" AFTER INSERT OR UPDATE OR DELETE ON "Incident"
  FOR EACH STATEMENT EXECUTE FUNCTION "incident_console_count_change"();

CREATE TRIGGER "Service_changes" AFTER INSERT OR UPDATE OR DELETE ON "Service"
  FOR EACH STATEMENT EXECUTE FUNCTION "incident_console_count_change"();

CREATE TRIGGER "User_changes" AFTER INSERT OR UPDATE OR DELETE ON "User"
  FOR EACH STATEMENT EXECUTE FUNCTION "incident_console_count_change"();
