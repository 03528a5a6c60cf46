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
 * replaced when its migration runs after all; Flyway's label; a table
 * from before the label column; the repeatables' table.
 */

static void
migration(struct migration *m, int version, char *name)
{
	memset(m, 0, sizeof *m);
	m->version = version;
	m->name = name;
	memset(m->checksum, 'a' + version, MIGRATIONS_CHECKSUM_LEN);
}

/* Record m's row; retry: over the row of a version skipped before. */
static int
record_row(sqlite3 *db, const struct migration *m,
    enum history_status status, const char *detail, int retry)
{
	struct history_recorder	 r = { db, { NULL } };
	struct history_entry	 e;
	char			*cause = NULL;
	int			 rc;

	history_entry(&e, m, status, 1234);
	e.retry = retry;
	if (detail != NULL)
		snprintf(e.detail, sizeof e.detail, "%s", detail);
	rc = history_record(&r, &e, &cause);
	history_recorder_free(&r);
	free(cause);
	return (rc);
}

static int
record(sqlite3 *db, const struct migration *m, enum history_status status,
    const char *detail)
{
	return (record_row(db, m, status, detail, 0));
}

static void
test_basics(void)
{
	static char		 n1[] = "first", n2[] = "second", n3[] = "third";
	struct history		 hist;
	struct migration	 m1, m2, m3;
	sqlite3			*db;
	char			*cause = NULL;

	if (db_open(":memory:", DB_CREATE, NULL, &db, &cause) != EXIT_OK)
		abort();
	is_int(history_read(db, &hist, &cause), EXIT_OK, "an empty database");
	tap_ok(!hist.exists && hist.n == 0 && hist.user_version == 0,
	    "has no history and version 0");
	history_free(&hist);

	db_exec(db, "PRAGMA user_version = 3", &cause);
	is_int(history_create(db, 0, 0, &cause), EXIT_OK, "the table is created");
	is_int(history_create(db, 0, 0, &cause), EXIT_OK, "and again: no error");
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

	is_int(record(db, &m1, HISTORY_APPLIED, NULL), EXIT_MIGRATION,
	    "a version recorded twice fails: two deployers without a lock "
	    "between them");
	is_int(record_row(db, &m3, HISTORY_APPLIED, NULL, 1), EXIT_OK,
	    "a skipped migration that runs after all");
	history_read(db, &hist, &cause);
	tap_ok(hist.n == 3 && hist.v[2].status == HISTORY_APPLIED &&
	    hist.v[2].detail == NULL, "replaces its row");
	history_free(&hist);
	db_close(db);
	free(cause);
}

/* Flyway's labels; a table made before them; repeatable migrations. */
static void
test_labels(void)
{
	static char		 n1[] = "init", n2[] = "views", l1[] = "1.10";
	struct history		 hist;
	struct migration	 m1, r;
	sqlite3			*db;
	char			*cause = NULL;
	int			 cols;
	unsigned		 lacks;

	if (db_open(":memory:", DB_CREATE, NULL, &db, &cause) != EXIT_OK)
		abort();
	/* The table as schemad made it before there were labels. */
	db_exec(db, "CREATE TABLE schemad_history (version INTEGER PRIMARY "
	    "KEY, name TEXT NOT NULL, checksum TEXT, status TEXT NOT NULL, "
	    "applied_at TEXT NOT NULL, duration_us INTEGER NOT NULL, "
	    "applied_by TEXT NOT NULL, detail TEXT)", &cause);
	db_exec(db, "INSERT INTO schemad_history VALUES (1, 'old', NULL, "
	    "'applied', 'x', 0, 'y', NULL)", &cause);
	is_int(history_read(db, &hist, &cause), EXIT_OK,
	    "a history without the label column is read");
	tap_ok(hist.n == 1 && hist.v[0].label == NULL && hist.nrep == 0,
	    "its rows have no label");
	lacks = hist.lacks;
	tap_ok(lacks != 0 && history_add_column(lacks) != NULL &&
	    strstr(history_add_column(lacks), "label") != NULL,
	    "it lacks label, and sql_checksum");
	history_free(&hist);
	is_int(history_create(db, lacks, 1, &cause), EXIT_OK,
	    "history_create mends it");
	db_int(db, "SELECT count(*) FROM pragma_table_info('schemad_history') "
	    "WHERE name IN ('label', 'sql_checksum')", &cols, &cause);
	is_int(cols, 2, "it has the label and sql_checksum columns now");

	migration(&m1, 2, n1);
	m1.label = l1;
	is_int(record(db, &m1, HISTORY_APPLIED, NULL), EXIT_OK,
	    "a Flyway migration is recorded");
	migration(&r, 0, n2);
	r.kind = NAME_REPEAT;
	is_int(record(db, &r, HISTORY_APPLIED, NULL), EXIT_OK,
	    "a repeatable one");
	is_int(history_read(db, &hist, &cause), EXIT_OK, "read them back");
	tap_ok(hist.n == 2 && hist.v[1].label != NULL &&
	    strcmp(hist.v[1].label, "1.10") == 0, "the label is kept");
	tap_ok(hist.nrep == 1 && strcmp(hist.rep[0].name, "views") == 0 &&
	    strcmp(hist.rep[0].checksum, r.checksum) == 0,
	    "the repeatable has its own row, with its checksum");
	history_free(&hist);
	memset(r.checksum, 'z', MIGRATIONS_CHECKSUM_LEN);
	record(db, &r, HISTORY_APPLIED, NULL);
	history_read(db, &hist, &cause);
	tap_ok(hist.nrep == 1 && hist.rep[0].checksum[0] == 'z',
	    "run again, its row is replaced");
	history_free(&hist);
	db_close(db);
	free(cause);
}

int
main(void)
{
	test_basics();
	test_labels();
	return (tap_done());
}
