/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "caps.h"
#include "conf.h"
#include "errlist.h"
#include "exitcode.h"
#include "migrate.h"
#include "migrations.h"
#include "tap.h"

/*
 * The migration run against real database files: how many exclusive
 * transactions it opens, that a failure leaves no trace, that a waiter
 * re-plans inside the lock, foreign key checks, baseline, capabilities.
 */

static char		dir[] = "/tmp/schemad-migrate-XXXXXX";
static char		dbpath[600], mdir[600];
static struct config	conf;

/* What the trace saw. */
struct watch {
	int		 begin_exclusive;
	int		 rw_opens;
	int		 steps;
	int		 nested;	/* run another migrate inside the hook */
	const char	*fifo;		/* replace this file by a FIFO then */
};

static int
trace_cb(unsigned type, void *arg, void *p, void *x)
{
	struct watch	*w = arg;
	const char	*sql = sqlite3_sql(p);

	(void)type;
	(void)x;
	if (sql != NULL && strncasecmp(sql, "BEGIN EXCLUSIVE", 15) == 0)
		w->begin_exclusive++;
	return (0);
}

static int	run(struct watch *, struct migrate_result *, char **);

static void
opened(sqlite3 *db, int look, void *arg)
{
	struct watch		*w = arg;
	struct migrate_result	 res;
	char			*cause = NULL;

	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_cb, w);
	if (look)
		return;
	w->rw_opens++;
	if (w->fifo != NULL && (unlink(w->fifo) != 0 ||
	    mkfifo(w->fifo, 0644) != 0))
		abort();
	if (w->nested) {
		w->nested = 0;
		tap_ok(run(NULL, &res, &cause) == EXIT_OK,
		    "another process migrates between look and lock");
		migrate_result_free(&res);
		free(cause);
	}
}

static void
step(const struct plan *plan, size_t i, void *arg)
{
	struct watch	*w = arg;

	(void)plan;
	(void)i;
	w->steps++;
}

static void	sh(const char *, ...)
		    __attribute__((__format__ (printf, 1, 2)));

/* Run a shell command; abort if it fails. */
static void
sh(const char *fmt, ...)
{
	char	cmd[1024];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		abort();
}

/* Scan the directory and run; w may be NULL. */
static int
run_baseline(struct watch *w, int baseline, struct migrate_result *res,
    char **cause)
{
	struct migrate_hooks	 hooks = { .opened = opened, .step = step,
				    .arg = w };
	struct migration_set	 set;
	struct errlist		 el = { NULL, 0 };
	int			 rc;

	if (migrations_scan(mdir, 1, LAYOUT_AUTO, &set, &el) != 0) {
		errlist_log(&el);
		abort();
	}
	rc = migrate_run(&conf, &set, baseline, w ? &hooks : NULL, res, cause);
	migrations_free(&set);
	errlist_free(&el);
	return (rc);
}

static int
run(struct watch *w, struct migrate_result *res, char **cause)
{
	return (run_baseline(w, 0, res, cause));
}

/* One integer from the test database, read with its own connection. */
static int
query_int(const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*stmt;
	int		 v = -1;

	if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != 0)
		return (-1);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return (v);
}

/* Run SQL on the database, as another process would (no sqlite3 shell). */
static void
exec_sql(const char *sql)
{
	sqlite3	*db;

	if (sqlite3_open(dbpath, &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		abort();
	sqlite3_close(db);
}

/* Start again with an empty migrations directory and no database. */
static void
reset(void)
{
	sh("rm -rf '%s'/* && mkdir '%s'/m", dir, dir);
	config_free(&conf);
	config_init(&conf);
	free(conf.database);
	conf.database = strdup(dbpath);
	free(conf.migrations);
	conf.migrations = strdup(mdir);
	conf.busy_timeout = 5000;
}

static void
test_one_exclusive(void)
{
	struct watch		w = { 0 };
	struct migrate_result	res;
	char			*cause = NULL;

	reset();
	tap_put(mdir, "1_a.sql", "CREATE TABLE a(x);\n");
	tap_put(mdir, "2_b.sql", "INSERT INTO a VALUES (1), (2);\n");
	tap_put(mdir, "3_c.sql", "CREATE INDEX a_x ON a(x);\n");
	is_int(run(&w, &res, &cause), EXIT_OK, "fresh database migrates");
	is_int(w.begin_exclusive, 1, "pending work: one BEGIN EXCLUSIVE");
	is_int(w.steps, 3, "three steps reported");
	is_int(res.plan.target, 3, "target 3");
	migrate_result_free(&res);
	is_int(query_int("PRAGMA user_version"), 3, "user_version is 3");
	is_int(query_int("SELECT count(*) FROM schemad_history"), 3,
	    "three history rows");

	memset(&w, 0, sizeof w);
	is_int(run(&w, &res, &cause), EXIT_OK, "current database: ok");
	is_int(w.begin_exclusive, 0, "current database: no BEGIN EXCLUSIVE");
	is_int(w.rw_opens, 0, "current database: never opened for writing");
	migrate_result_free(&res);
}

static void
test_rollback(void)
{
	struct migrate_result	res;
	char			*cause = NULL;
	int			 before_rows;

	reset();
	tap_put(mdir, "1_a.sql", "CREATE TABLE a(x);\n"
	    "INSERT INTO a VALUES (1);\n");
	is_int(run(NULL, &res, &cause), EXIT_OK, "version 1");
	migrate_result_free(&res);
	before_rows = query_int("SELECT count(*) FROM a");

	tap_put(mdir, "2_b.sql", "CREATE TABLE b(y);\n"
	    "INSERT INTO a VALUES (2);\n");
	tap_put(mdir, "3_c.sql", "ALTER TABLE a ADD COLUMN z;\n"
	    "UPDATE a SET z = 1;\n\nINSERT INTO nosuch VALUES (1);\n");
	tap_put(mdir, "4_d.sql", "CREATE TABLE d(w);\n");
	is_int(run(NULL, &res, &cause), EXIT_MIGRATION,
	    "failure in migration 3 of 4 fails the run");
	tap_ok(cause != NULL && strstr(cause, "/3_c.sql:4: no such table: "
	    "nosuch") != NULL, "error names file, line and message: %s",
	    cause);
	free(cause);
	cause = NULL;
	migrate_result_free(&res);
	is_int(query_int("PRAGMA user_version"), 1, "user_version unchanged");
	is_int(query_int("SELECT count(*) FROM schemad_history"), 1,
	    "history unchanged");
	is_int(query_int("SELECT count(*) FROM sqlite_master WHERE name IN "
	    "('b', 'd')"), 0, "no table of the run exists");
	is_int(query_int("SELECT count(*) FROM a"), before_rows,
	    "data unchanged");
	is_int(query_int("SELECT count(*) FROM pragma_table_info('a') "
	    "WHERE name = 'z'"), 0, "no column of the run exists");
}

static void
test_raced(void)
{
	struct watch		w = { 0 };
	struct migrate_result	res;
	char			*cause = NULL;

	reset();
	tap_put(mdir, "1_a.sql", "CREATE TABLE a(x);\n");
	w.nested = 1;
	is_int(run(&w, &res, &cause), EXIT_OK,
	    "the run that lost the race succeeds");
	tap_ok(res.raced && res.plan.nsteps == 0,
	    "it re-planned inside the lock and found nothing to do");
	is_int(query_int("SELECT count(*) FROM schemad_history"), 1,
	    "the migration was recorded once");
	migrate_result_free(&res);
}

/*
 * A FIFO put in a migration's place after the scan: never read. What runs
 * is the text the scan read; a set too large to keep is read again, and
 * then the FIFO is refused, not opened for reading.
 */
static void
test_fifo(void)
{
	struct watch		w = { 0 };
	struct migrate_result	res;
	char			path[700], *cause = NULL;

	reset();
	tap_put(mdir, "1_a.sql", "CREATE TABLE a(x);\n");
	snprintf(path, sizeof path, "%s/1_a.sql", mdir);
	w.fifo = path;
	alarm(10);	/* a read of the FIFO would block for good */
	is_int(run(&w, &res, &cause), EXIT_OK, "a FIFO swapped in after the "
	    "scan: the scanned text runs");
	alarm(0);
	migrate_result_free(&res);
	is_int(query_int("PRAGMA user_version"), 1, "and was applied");

	reset();
	tap_put(mdir, "1_a.sql", "CREATE TABLE a(x);\n");
	migrations_keep = 0;
	alarm(10);
	is_int(run(&w, &res, &cause), EXIT_MIGRATION, "a set not kept, read "
	    "again to run: the FIFO fails the run");
	alarm(0);
	migrations_keep = MIGRATIONS_KEEP_SIZE;
	tap_ok(cause != NULL && strstr(cause, "1_a.sql: a FIFO") != NULL,
	    "and says so: %s", cause);
	free(cause);
	migrate_result_free(&res);
	is_int(query_int("PRAGMA user_version"), 0, "nothing was applied");
}

static void
test_busy(void)
{
	struct migrate_result	 res;
	sqlite3			*db;
	char			*cause = NULL;

	reset();
	tap_put(mdir, "1_a.sql", "CREATE TABLE a(x);\n");
	if (sqlite3_open(dbpath, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN EXCLUSIVE; CREATE TABLE hold(x)", NULL,
	    NULL, NULL) != SQLITE_OK)
		abort();
	conf.busy_timeout = 200;
	is_int(run(NULL, &res, &cause), EXIT_TEMPFAIL,
	    "a lock held past busy_timeout is a temporary failure");
	tap_ok(cause != NULL && strstr(cause, "locked") != NULL,
	    "and says so: %s", cause);
	free(cause);
	migrate_result_free(&res);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
}

static void
test_foreign_keys(void)
{
	struct migrate_result	res;
	char			*cause = NULL;

	reset();
	tap_put(mdir, "1_a.sql", "CREATE TABLE p(id INTEGER PRIMARY KEY);\n"
	    "CREATE TABLE c(id INTEGER PRIMARY KEY, "
	    "p INTEGER REFERENCES p(id) ON DELETE CASCADE);\n"
	    "INSERT INTO p VALUES (1);\nINSERT INTO c VALUES (1, 1);\n");
	is_int(run(NULL, &res, &cause), EXIT_OK, "parent and child tables");
	migrate_result_free(&res);

	/* A rebuild of the parent must not cascade into the child. */
	tap_put(mdir, "2_b.sql", "CREATE TABLE p2(id INTEGER PRIMARY KEY, "
	    "v TEXT);\nINSERT INTO p2 (id) SELECT id FROM p;\n"
	    "DROP TABLE p;\nALTER TABLE p2 RENAME TO p;\n");
	is_int(run(NULL, &res, &cause), EXIT_OK, "table rebuild migrates");
	is_int(query_int("SELECT count(*) FROM c"), 1,
	    "the child row survived the rebuild (no cascade)");
	migrate_result_free(&res);

	tap_put(mdir, "3_c.sql", "DELETE FROM p;\n");
	is_int(run(NULL, &res, &cause), EXIT_MIGRATION,
	    "a run that orphans a row fails");
	is_str(cause, "foreign key check failed: table c row 1 references a "
	    "missing row of p (c.p -> p.id); c or p written by 3_c.sql",
	    "naming table, row, the key's columns, and the migration of "
	    "the run that wrote either table");
	free(cause);
	cause = NULL;
	migrate_result_free(&res);
	is_int(query_int("SELECT count(*) FROM p"), 1, "and was rolled back");

	tap_put(mdir, "3_c.sql", "INSERT INTO c VALUES (2, 1);\n");
	exec_sql("INSERT INTO c VALUES (9, 99)");
	is_int(run(NULL, &res, &cause), EXIT_OK,
	    "a violation that was there before does not fail the run");
	is_int(res.fk_old.n, 1, "but it is reported");
	migrate_result_free(&res);
}

static void
test_baseline(void)
{
	struct migrate_result	res;
	char			*cause = NULL;

	reset();
	exec_sql("CREATE TABLE a(x); PRAGMA user_version = 2");
	tap_put(mdir, "1_a.sql", "CREATE TABLE a(x);\n");
	tap_put(mdir, "2_b.sql", "ALTER TABLE a ADD COLUMN y;\n");
	tap_put(mdir, "3_c.sql", "CREATE TABLE c(z);\n");
	is_int(run(NULL, &res, &cause), EXIT_DRIFT,
	    "untracked database refused without --baseline");
	free(cause);
	cause = NULL;
	migrate_result_free(&res);
	is_int(run_baseline(NULL, 2, &res, &cause), EXIT_OK,
	    "--baseline 2 adopts it and applies 3");
	migrate_result_free(&res);
	is_int(query_int("SELECT count(*) FROM schemad_history WHERE "
	    "status = 'baseline'"), 2, "1 and 2 recorded as baseline");
	is_int(query_int("SELECT count(*) FROM sqlite_master WHERE "
	    "name = 'c'"), 1, "3 applied");
	is_int(query_int("PRAGMA user_version"), 3, "user_version 3");
}

static void
test_caps(void)
{
	struct migrate_result	res;
	char			*cause = NULL;

	if (caps_available() & caps_parse("geopoly")) {
		tap_skip("geopoly is available here", "a migration that "
		    "needs a missing capability is recorded as skipped");
		return;
	}
	reset();
	tap_put(mdir, "1_a.sql", "CREATE TABLE a(x);\n");
	tap_put(mdir, "2_geo.sql", "-- schemad: requires geopoly\n"
	    "CREATE VIRTUAL TABLE shapes USING geopoly(name);\n");
	tap_put(mdir, "3_c.sql", "CREATE TABLE c(z);\n");
	is_int(run(NULL, &res, &cause), EXIT_OK,
	    "a migration needing a missing capability does not fail");
	migrate_result_free(&res);
	is_int(query_int("SELECT count(*) FROM schemad_history WHERE "
	    "status = 'skipped' AND version = 2"), 1, "it is recorded as "
	    "skipped");
	is_int(query_int("PRAGMA user_version"), 3, "later ones still apply");
}

static void
test_journal_mode(void)
{
	struct migrate_result	res;
	char			*cause = NULL;

	reset();
	conf.journal_mode = strdup("wal");
	tap_put(mdir, "1_a.sql", "CREATE TABLE a(x);\n");
	is_int(run(NULL, &res, &cause), EXIT_OK, "migrate with journal_mode");
	migrate_result_free(&res);
	is_int(query_int("SELECT journal_mode = 'wal' FROM "
	    "pragma_journal_mode"), 1, "journal_mode is wal");
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(dbpath, sizeof dbpath, "%s/db", dir);
	snprintf(mdir, sizeof mdir, "%s/m", dir);
	sh("mkdir -p '%s'/m", dir);
	config_init(&conf);
	test_one_exclusive();
	test_rollback();
	test_raced();
	test_fifo();
	test_busy();
	test_foreign_keys();
	test_baseline();
	test_caps();
	test_journal_mode();
	config_free(&conf);
	sh("rm -rf '%s'", dir);
	return (tap_done());
}
