/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "exitcode.h"
#include "history.h"
#include "migrations.h"
#include "tap.h"

/*
 * The history table: what a database without one says, rows recorded and
 * read back in version order with everything they carry, a skipped row
 * replaced when its migration runs after all.
 */

static void
migration(struct migration *m, int version, char *name)
{
	memset(m, 0, sizeof *m);
	m->version = version;
	m->name = name;
	memset(m->checksum, 'a' + version, MIGRATIONS_CHECKSUM_LEN);
}

static int
record(sqlite3 *db, const struct migration *m, enum history_status status,
    const char *detail)
{
	sqlite3_stmt	*stmt;
	char		*cause = NULL;
	int		 rc;

	if (history_recorder(db, &stmt, &cause) != EXIT_OK)
		abort();
	rc = history_record(stmt, m, status, 1234, detail, &cause);
	sqlite3_finalize(stmt);
	free(cause);
	return (rc);
}

int
main(void)
{
	static char		 n1[] = "first", n2[] = "second", n3[] = "third";
	struct history		 hist;
	struct migration	 m1, m2, m3;
	sqlite3			*db;
	char			*cause = NULL;

	if (db_open(":memory:", DB_CREATE, 0, &db, &cause) != EXIT_OK)
		abort();
	is_int(history_read(db, &hist, &cause), EXIT_OK, "an empty database");
	tap_ok(!hist.exists && hist.n == 0 && hist.user_version == 0,
	    "has no history and version 0");
	history_free(&hist);

	db_exec(db, "PRAGMA user_version = 3", &cause);
	is_int(history_create(db, &cause), EXIT_OK, "the table is created");
	is_int(history_create(db, &cause), EXIT_OK, "and again: no error");
	migration(&m1, 1, n1);
	migration(&m2, 2, n2);
	migration(&m3, 3, n3);
	is_int(record(db, &m3, HISTORY_SKIPPED, "requires geopoly"), EXIT_OK,
	    "a skipped migration is recorded");
	is_int(record(db, &m1, HISTORY_APPLIED, NULL), EXIT_OK,
	    "an applied one");
	is_int(record(db, &m2, HISTORY_BASELINE, "--baseline 2"), EXIT_OK,
	    "a baseline");

	is_int(history_read(db, &hist, &cause), EXIT_OK, "read it back");
	is_int(hist.n, 3, "three rows");
	is_int(hist.user_version, 3, "and user_version");
	if (hist.n == 3) {
		tap_ok(hist.v[0].version == 1 && hist.v[1].version == 2 &&
		    hist.v[2].version == 3, "in version order");
		is_str(hist.v[1].name, "second", "a row's name");
		is_str(hist.v[0].checksum, m1.checksum, "its checksum");
		is_int(hist.v[1].status, HISTORY_BASELINE, "its status");
		is_int(hist.v[0].duration_us, 1234, "its duration");
		is_str(hist.v[2].detail, "requires geopoly", "why it was "
		    "skipped");
		tap_ok(hist.v[0].applied_at != NULL &&
		    strlen(hist.v[0].applied_at) == 24 &&
		    hist.v[0].applied_at[23] == 'Z', "when, in UTC: %s",
		    hist.v[0].applied_at);
	}
	history_free(&hist);

	is_int(record(db, &m3, HISTORY_APPLIED, NULL), EXIT_OK,
	    "a skipped migration that runs after all");
	history_read(db, &hist, &cause);
	tap_ok(hist.n == 3 && hist.v[2].status == HISTORY_APPLIED &&
	    hist.v[2].detail == NULL, "replaces its row");
	history_free(&hist);
	db_close(db);
	free(cause);
	return (tap_done());
}
