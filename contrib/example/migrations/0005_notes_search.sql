-- schemad: requires fts5
--
-- Full-text search over notes, where this SQLite has FTS5. Where it has
-- not, schemad records this migration as skipped (plan shows it) and
-- applies it once a SQLite with FTS5 runs the same migrations.
CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes',
	content_rowid='id');
INSERT INTO notes_fts (rowid, body) SELECT id, body FROM notes;

CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
	INSERT INTO notes_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
	INSERT INTO notes_fts (notes_fts, rowid, body)
		VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER notes_fts_update AFTER UPDATE ON notes BEGIN
	INSERT INTO notes_fts (notes_fts, rowid, body)
		VALUES ('delete', old.id, old.body);
	INSERT INTO notes_fts (rowid, body) VALUES (new.id, new.body);
END;
