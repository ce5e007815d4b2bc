-- Every change to an API key row is announced on channel 'incident_console_api_key' when it
-- commits, whoever makes it (the app, another instance, the CLI, a hand-run statement): each
-- instance keeps the key rows it verified in memory while it listens, and drops a row on its
-- notice (lib/auth/keyCache.ts). The payload is the key's lookup id; '' after a TRUNCATE, for
-- every key. Not announced: inserts (a key nobody has used is kept nowhere), and an update of
-- nothing but "lastUsedAt", which the app writes once a minute per key in use and which
-- deciding on a request does not read.
CREATE FUNCTION "incident_console_api_key_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND to_jsonb(OLD) - 'lastUsedAt' = to_jsonb(NEW) - 'lastUsedAt' THEN
    RETURN NULL;
  ELSIF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('incident_console_api_key', '');
  ELSE
    PERFORM pg_notify('incident_console_api_key', OLD."lookupId");
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "ApiKey_changed" AFTER UPDATE OR DELETE ON "ApiKey"
  FOR EACH ROW EXECUTE FUNCTION "incident_console_api_key_changed"();

CREATE TRIGGER "ApiKey_truncated" AFTER TRUNCATE ON "ApiKey"
  FOR EACH STATEMENT EXECUTE FUNCTION "incident_console_api_key_changed"();
