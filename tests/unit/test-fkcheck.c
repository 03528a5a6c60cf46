/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "exitcode.h"
#include "fkcheck.h"
#include "tap.h"

/*
 * Foreign key checks around a run: every violation as a sentence, sorted;
 * a WITHOUT ROWID table's row has no rowid to name; and the violations a
 * run introduced, told apart from those that were there before.
 */

int
main(void)
{
	struct fk_list	 before, after, added;
	sqlite3		*db;
	char		*cause = NULL;

	if (db_open(":memory:", DB_CREATE, NULL, &db, &cause) != EXIT_OK ||
	    db_exec(db, "CREATE TABLE p (id INTEGER PRIMARY KEY);"
	    "CREATE TABLE c (id INTEGER PRIMARY KEY, p REFERENCES p(id));"
	    "CREATE TABLE w (k TEXT PRIMARY KEY, p REFERENCES p(id)) "
	    "WITHOUT ROWID;"
	    "INSERT INTO p VALUES (1);"
	    "INSERT INTO c VALUES (10, 1)", &cause) != EXIT_OK)
		abort();
	is_int(fk_check(db, &before, &cause), EXIT_OK, "a clean database");
	is_int(before.n, 0, "has no violation");

	db_exec(db, "INSERT INTO c VALUES (12, 7); INSERT INTO c VALUES "
	    "(11, 9)", &cause);
	fk_free(&before);
	is_int(fk_check(db, &before, &cause), EXIT_OK, "rows pointing nowhere");
	is_int(before.n, 2, "two violations");
	if (before.n == 2) {
		is_str(before.v[0].text, "table c row 11 references a missing "
		    "row of p (c.p -> p.id)", "a sentence naming table, row, "
		    "parent and the key's columns");
		is_str(before.v[1].text, "table c row 12 references a missing "
		    "row of p (c.p -> p.id)", "sorted");
		tap_ok(strcmp(before.v[0].table, "c") == 0 &&
		    strcmp(before.v[0].parent, "p") == 0,
		    "and the tables, apart");
	}

	db_exec(db, "INSERT INTO w VALUES ('x', 5); INSERT INTO c VALUES "
	    "(13, 1)", &cause);
	is_int(fk_check(db, &after, &cause), EXIT_OK, "after a run");
	is_int(after.n, 3, "three violations now");
	fk_new(&before, &after, &added);
	is_int(added.n, 1, "one the run introduced");
	if (added.n == 1)
		is_str(added.v[0].text, "table w row ? references a missing row "
		    "of p (w.p -> p.id)", "a WITHOUT ROWID row: no rowid");
	fk_free(&added);
	fk_new(&after, &before, &added);
	is_int(added.n, 0, "none that is only in before");
	fk_free(&added);
	fk_free(&before);
	fk_free(&after);
	tap_ok(after.n == 0 && after.v == NULL, "freed: empty");

	/* A two-column key to the parent's primary key. */
	db_exec(db, "CREATE TABLE k (a, b, PRIMARY KEY (a, b));"
	    "CREATE TABLE kc (x, y, FOREIGN KEY (x, y) REFERENCES k);"
	    "DELETE FROM c; DELETE FROM w; INSERT INTO kc VALUES (1, 2)",
	    &cause);
	is_int(fk_check(db, &after, &cause), EXIT_OK, "a two-column key");
	if (after.n == 1)
		is_str(after.v[0].text, "table kc row 1 references a missing "
		    "row of k (kc.x, kc.y -> k's primary key)",
		    "both columns, the parent's primary key unnamed");
	else
		tap_ok(0, "one violation: %zu", after.n);
	fk_free(&after);

	db_exec(db, "DROP TABLE p", &cause);
	sqlite3_close(db);
	free(cause);
	return (tap_done());
}
