-- A change counter: every write to the tables a list answer is made of (incidents, services,
-- users; timeline events are not in a list, and every change that writes one also writes its
-- incident) bumps Counter 'changes' in the writing transaction, whoever writes —
-- the app, another instance, the CLI, a hand-run statement. lib/incidents/readCache.ts serves a
-- repeated list or summary from memory while the counter has not moved. It wraps below 2^31 (the
-- column is a 32-bit integer); a cached answer also expires after a minute, so a wrap can never
-- pass for "unchanged".
INSERT INTO "Counter" ("name", "value") VALUES ('changes', 0) ON CONFLICT ("name") DO NOTHING;

CREATE TRIGGER "Incident_changes_insert" AFTER INSERT ON "Incident" BEGIN
  INSERT INTO "Counter" ("name", "value") VALUES ('changes', 1)
    ON CONFLICT ("name") DO UPDATE SET "value" = ("Counter"."value" % 2147483646) + 1;
END;

CREATE TRIGGER "Incident_changes_update" AFTER UPDATE ON "Incident" BEGIN
  INSERT INTO "Counter" ("name", "value") VALUES ('changes', 1)
    ON CONFLICT ("name") DO UPDATE SET "value" = ("Counter"."value" % 2147483646) + 1;
END;

CREATE TRIGGER "Incident_changes_delete" AFTER DELETE ON "Incident" BEGIN
  INSERT INTO "Counter" ("name", "value") VALUES ('changes', 1)
    ON CONFLICT ("name") DO UPDATE SET "value" = ("Counter"."value" % 2147483646) + 1;
END;




CREATE TRIGGER "Service_changes_insert" AFTER INSERT ON "Service" BEGIN
  INSERT INTO "Counter" ("name", "value") VALUES ('changes', 1)
    ON CONFLICT ("name") DO UPDATE SET "value" = ("Counter"."value" % 2147483646) + 1;
END;

CREATE TRIGGER "Service_changes_update" AFTER UPDATE ON "Service" BEGIN
  INSERT INTO "Counter" ("name", "value") VALUES ('changes', 1)
    ON CONFLICT ("name") DO UPDATE SET "value" = ("Counter"."value" % 2147483646) + 1;
END;

CREATE TRIGGER "Service_changes_delete" AFTER DELETE ON "Service" BEGIN
  INSERT INTO "Counter" ("name", "value") VALUES ('changes', 1)
    ON CONFLICT ("name") DO UPDATE SET "value" = ("Counter"."value" % 2147483646) + 1;
END;

CREATE TRIGGER "User_changes_insert" AFTER INSERT ON "User" BEGIN
  INSERT INTO "Counter" ("name", "value") VALUES ('changes', 1)
    ON CONFLICT ("name") DO UPDATE SET "value" = ("Counter"."value" % 2147483646) + 1;
END;

CREATE TRIGGER "User_changes_update" AFTER UPDATE ON "User" BEGIN
  INSERT INTO "Counter" ("name", "value") VALUES ('changes', 1)
    ON CONFLICT ("name") DO UPDATE SET "value" = ("Counter"."value" % 2147483646) + 1;
END;

CREATE TRIGGER "User_changes_delete" AFTER DELETE ON "User" BEGIN
  INSERT INTO "Counter" ("name", "value") VALUES ('changes', 1)
    ON CONFLICT ("name") DO UPDATE SET "value" = ("Counter"."value" % 2147483646) + 1;
END;
