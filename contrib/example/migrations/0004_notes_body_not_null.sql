-- SQLite cannot add NOT NULL to a column in place: rebuild the table
-- (https://sqlite.org/lang_altertable.html, "other kinds of table schema
-- changes"). schemad runs with foreign keys off, so dropping the old table
-- cascades nothing, and checks every foreign key before it commits.
CREATE TABLE notes_new (
	id      INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	body    TEXT NOT NULL DEFAULT ''
);
INSERT INTO notes_new (id, user_id, body)
	SELECT id, user_id, coalesce(body, '') FROM notes;
DROP TABLE notes;
ALTER TABLE notes_new RENAME TO notes;
CREATE INDEX notes_user_id ON notes(user_id);
