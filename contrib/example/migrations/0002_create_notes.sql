CREATE TABLE notes (
	id      INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	body    TEXT
);
CREATE INDEX notes_user_id ON notes(user_id);

INSERT INTO notes (user_id, body) VALUES
	(1, 'schemad applies every pending migration in one transaction'),
	(2, NULL);
