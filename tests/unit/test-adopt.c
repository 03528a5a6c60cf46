/* SPDX-License-Identifier: MIT */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adopt.h"
#include "exitcode.h"
#include "migrations.h"
#include "tap.h"

static struct migration		 v[3];
static char			 file[] = "f.sql";
static struct migration_set	 set;

/* Read what the database made by sql says. */
static int
readit(const char *sql, struct adopted *a)
{
	sqlite3	*db;
	char	*cause = NULL;
	int	 rc;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		abort();
	rc = adopt_read(db, &set, a, &cause);
	if (rc != EXIT_OK)
		tap_diag("%s", cause);
	free(cause);
	sqlite3_close(db);
	return (rc);
}

int
main(void)
{
	struct adopted	a;
	size_t		i;

	set.v = v;
	set.n = 3;
	for (i = 0; i < 3; i++) {
		v[i].version = (int64_t)i + 1;
		v[i].file = v[i].path = file;
		snprintf(v[i].checksum, sizeof v[i].checksum, "%064zu", i + 1);
	}

	is_int(readit("CREATE TABLE t (x)", &a), EXIT_OK, "no tool's table");
	tap_ok(a.tool == NULL, "none found");
	adopt_free(&a);

	readit("CREATE TABLE schema_migrations (version varchar(128) primary "
	    "key); INSERT INTO schema_migrations VALUES ('1'), ('3')", &a);
	tap_ok(a.tool != NULL && strcmp(a.tool, "dbmate") == 0 && a.n == 2 &&
	    adopt_has(&a, 1) && !adopt_has(&a, 2) && adopt_has(&a, 3),
	    "dbmate: a row a migration");
	adopt_free(&a);

	readit("CREATE TABLE schema_migrations (version uint64, dirty bool); "
	    "INSERT INTO schema_migrations VALUES (2, 0)", &a);
	tap_ok(strcmp(a.tool, "golang-migrate") == 0 && a.n == 2 &&
	    adopt_has(&a, 1) && adopt_has(&a, 2) && a.refusal == NULL,
	    "golang-migrate: every file up to the version reached");
	adopt_free(&a);

	readit("CREATE TABLE schema_migrations (version uint64, dirty bool); "
	    "INSERT INTO schema_migrations VALUES (2, 1)", &a);
	tap_ok(a.refusal != NULL && strstr(a.refusal, "failed or did not "
	    "finish") != NULL, "golang-migrate: dirty is refused");
	adopt_free(&a);

	readit("CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY, "
	    "version_id INTEGER, is_applied INTEGER); INSERT INTO "
	    "goose_db_version (version_id, is_applied) VALUES (0, 1), (1, 1), "
	    "(2, 1), (2, 0), (3, 1)", &a);
	tap_ok(a.n == 2 && adopt_has(&a, 1) && !adopt_has(&a, 2) &&
	    adopt_has(&a, 3) && !adopt_has(&a, 0),
	    "goose: the last row of a version; version 0 is goose's own");
	adopt_free(&a);

	readit("CREATE TABLE _prisma_migrations (id TEXT, checksum TEXT, "
	    "finished_at TEXT, migration_name TEXT, rolled_back_at TEXT); "
	    "INSERT INTO _prisma_migrations VALUES ('a', '0000000000000000000"
	    "000000000000000000000000000000000000000000001', 'x', '1_a', "
	    "NULL), ('b', 'ff', 'x', '2_b', NULL), ('c', 'ff', NULL, '3_c', "
	    "'x')", &a);
	tap_ok(a.n == 2 && adopt_has(&a, 1) && adopt_has(&a, 2) &&
	    !adopt_has(&a, 3), "Prisma: rolled back rows do not count");
	tap_ok(a.nchanged == 1 && strstr(a.changed[0], "changed after "
	    "Prisma applied it") != NULL, "Prisma: a checksum that differs");
	adopt_free(&a);
	return (tap_done());
}
