/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "exitcode.h"
#include "tap.h"
#include "writes.h"

/*
 * Which tables each migration writes, heard from the authorizer: inserts,
 * updates, deletes, a rebuild (CREATE, INSERT ... SELECT, DROP, RENAME),
 * a trigger's writes; schemad's own tables left out; each migration named
 * once, in the order they ran.
 */

static sqlite3	*db;

/* Run sql as migration file. */
static void
run(struct writes *w, const char *file, const char *sql)
{
	char	*cause = NULL;

	w->file = file;
	if (db_exec(db, sql, &cause) != EXIT_OK) {
		tap_diag("%s: %s", file, cause);
		abort();
	}
}

static void
by(const struct writes *w, const char *table, const char *parent,
    const char *want, const char *what)
{
	char	*got = writes_of(w, table, parent);

	if (want == NULL)
		tap_ok(got == NULL, "%s: none (%s)", what, got);
	else
		is_str(got == NULL ? "(null)" : got, want, "%s", what);
	free(got);
}

int
main(void)
{
	struct writes	 w;
	char		*cause = NULL;

	if (db_open(":memory:", DB_CREATE, NULL, &db, &cause) != EXIT_OK)
		abort();
	writes_listen(&w, db);
	run(&w, "0001_users.sql", "CREATE TABLE users (id INTEGER PRIMARY "
	    "KEY); INSERT INTO users VALUES (1), (2);");
	run(&w, "0002_posts.sql", "CREATE TABLE posts (id INTEGER PRIMARY "
	    "KEY, author REFERENCES users); INSERT INTO posts VALUES (1, 1);"
	    "CREATE TABLE schemad_history (v);"
	    "INSERT INTO schemad_history VALUES (2);");
	run(&w, "0003_prune.sql", "DELETE FROM users WHERE id = 2;");
	run(&w, "0004_rebuild.sql", "CREATE TABLE __new_posts (id INTEGER "
	    "PRIMARY KEY, author); INSERT INTO __new_posts SELECT * FROM "
	    "posts; DROP TABLE posts; ALTER TABLE __new_posts RENAME TO "
	    "posts;");
	run(&w, "0005_log.sql", "CREATE TABLE log (x); CREATE TRIGGER t "
	    "AFTER UPDATE ON users BEGIN INSERT INTO log VALUES (1); END;");
	run(&w, "0006_touch.sql", "UPDATE users SET id = id;");
	writes_stop(&w, db);
	tap_ok(w.file == NULL, "stopped: no migration running");
	db_exec(db, "INSERT INTO log VALUES (2)", &cause);

	by(&w, "posts", "users", "0001_users.sql, 0002_posts.sql, "
	    "0003_prune.sql, 0004_rebuild.sql, 0006_touch.sql",
	    "posts or users: who wrote either, in order, once each");
	by(&w, "posts", "posts", "0002_posts.sql, 0004_rebuild.sql",
	    "posts: created, and rebuilt (dropped)");
	by(&w, "log", "log", "0005_log.sql, 0006_touch.sql",
	    "log: created, and written by a trigger");
	by(&w, "schemad_history", "schemad_history", NULL,
	    "schemad's own table is not counted");
	by(&w, "nosuch", "nosuch", NULL, "a table no migration wrote");
	by(&w, "POSTS", "posts", "0002_posts.sql, 0004_rebuild.sql",
	    "names without case, as SQLite's");
	writes_free(&w);
	tap_ok(w.n == 0 && w.v == NULL, "freed");
	sqlite3_close(db);
	free(cause);
	return (tap_done());
}
