-- Title search: a trigram FTS5 index over the lower-cased title, so a substring search reads the
-- matching rows instead of scanning every title. Keyed by the incident number (never changes;
-- SQLite's implicit rowid may be renumbered by VACUUM). Contentless: the text stays in "Incident";
-- the triggers keep the index in step inside the writing transaction itself.
CREATE VIRTUAL TABLE "IncidentTitleSearch" USING fts5("titleSearch", content='', contentless_delete=1, tokenize='trigram case_sensitive 1');

CREATE TRIGGER "Incident_titleSearch_insert" AFTER INSERT ON "Incident" BEGIN
  INSERT INTO "IncidentTitleSearch"(rowid, "titleSearch") VALUES (NEW."number", NEW."titleSearch");
END;

CREATE TRIGGER "Incident_titleSearch_update" AFTER UPDATE OF "number", "titleSearch" ON "Incident" BEGIN
  DELETE FROM "IncidentTitleSearch" WHERE rowid = OLD."number";
  INSERT INTO "IncidentTitleSearch"(rowid, "titleSearch") VALUES (NEW."number", NEW."titleSearch");
END;

CREATE TRIGGER "Incident_titleSearch_delete" AFTER DELETE ON "Incident" BEGIN
  DELETE FROM "IncidentTitleSearch" WHERE rowid = OLD."number";
END;

INSERT INTO "IncidentTitleSearch"(rowid, "titleSearch") SELECT "number", "titleSearch" FROM "Incident";
