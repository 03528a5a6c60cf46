/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>
#include <sys/wait.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "exitcode.h"
#include "tap.h"

/*
 * The database layer: the one wait policy (its schedule, its timeout by
 * the clock whatever the tries cost, one wait across statements, a stop
 * that ends it and interrupts a statement), what the look does with
 * the journal a killed writer left, a path that is not a file, and the
 * messages of SQLite's errors.
 */

static char	dir[] = "/tmp/schemad-db-XXXXXX";
static char	dbpath[600];

static long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec * 1000L + ts.tv_nsec / 1000000);
}

static void *
stop_later(void *arg)
{
	struct timespec	pause = { 0, 50 * 1000 * 1000 };

	(void)arg;
	nanosleep(&pause, NULL);
	db_stop(1);
	return (NULL);
}

/* A try that costs ms, as a read of the history can. */
static void
try_costs(int ms)
{
	struct timespec	pause = { 0, ms * 1000L * 1000 };

	nanosleep(&pause, NULL);
}

static void
test_wait(void)
{
	struct db_wait	w;
	pthread_t	t;
	long		start, took;

	db_stop(0);
	db_wait_init(&w, 0);
	is_int(db_wait_next(&w), 0, "busy_timeout 0: no wait at all");

	db_wait_init(&w, 300);
	start = now_ms();
	while (db_wait_next(&w))
		;
	took = now_ms() - start;
	tap_ok(took >= 295 && took < 400, "the wait ends after busy_timeout "
	    "(%ld ms of 300)", took);
	tap_ok(w.count >= 25 && w.count <= 33, "trying again within 10 ms: "
	    "%d tries in 300 ms", w.count);
	tap_ok(db_wait_over(&w) && db_waited_ms(&w) >= 295, "and is over "
	    "(%ld ms)", (long)db_waited_ms(&w));

	/* Tries that cost time: the clock ends the wait, not the pauses. */
	db_wait_init(&w, 300);
	start = now_ms();
	do
		try_costs(40);
	while (db_wait_next(&w));
	took = now_ms() - start;
	tap_ok(took >= 295 && took < 300 + 40 + 10 + 50, "tries of 40 ms "
	    "each: the wait still ends after busy_timeout, plus one try "
	    "(%ld ms of 300)", took);

	/* Others commit meanwhile: a try every millisecond. */
	db_wait_init(&w, 100);
	w.busy = 1;
	while (db_wait_next(&w))
		;
	tap_ok(w.count >= 60, "a database that others write to is tried "
	    "every millisecond: %d tries in 100 ms", w.count);

	/* A slice ends the tries early, and the wait goes on after it. */
	db_wait_init(&w, 60000);
	db_wait_slice(&w, 30);
	start = now_ms();
	while (db_wait_next(&w))
		;
	took = now_ms() - start;
	db_wait_slice(&w, 0);
	tap_ok(took >= 25 && took < 200 && !db_wait_over(&w), "a slice of "
	    "30 ms ends the tries (%ld ms), not the wait", took);

	db_wait_init(&w, 60000);
	start = now_ms();
	pthread_create(&t, NULL, stop_later, NULL);
	while (db_wait_next(&w))
		;
	pthread_join(t, NULL);
	tap_ok(now_ms() - start < 1000, "a stop ends a wait of 60 s at once "
	    "(%ld ms)", now_ms() - start);
	is_int(db_wait_next(&w), 0, "and any wait after it");
	db_stop(0);
}

static void
test_interrupt(void)
{
	sqlite3		*db;
	char		*cause = NULL;
	pthread_t	 t;
	long		 start;
	int		 rc;

	unlink(dbpath);
	if (db_open(dbpath, DB_CREATE, NULL, &db, &cause) != EXIT_OK)
		abort();
	start = now_ms();
	pthread_create(&t, NULL, stop_later, NULL);
	rc = db_exec(db, "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT "
	    "x + 1 FROM n) SELECT count(*) FROM n", &cause);
	pthread_join(t, NULL);
	tap_ok(rc != EXIT_OK && strstr(cause, "interrupted") != NULL,
	    "a stop interrupts a running statement: %s", cause);
	tap_ok(now_ms() - start < 1000, "at once (%ld ms)", now_ms() - start);
	free(cause);
	db_close(db);
	db_stop(0);
}

/*
 * A writer killed in the middle of a transaction whose cache spilled: the
 * database file holds half of it, the journal the way back.
 */
static void
killed_writer(void)
{
	sqlite3	*db;
	pid_t	 pid;
	int	 status;

	unlink(dbpath);
	if (sqlite3_open(dbpath, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA user_version = 7; CREATE TABLE t(x)",
	    NULL, NULL, NULL) != SQLITE_OK)
		abort();
	sqlite3_close(db);
	if ((pid = fork()) == 0) {
		if (sqlite3_open(dbpath, &db) != SQLITE_OK)
			_exit(1);
		sqlite3_exec(db, "PRAGMA cache_size = 10; BEGIN; "
		    "PRAGMA user_version = 8; INSERT INTO t WITH RECURSIVE "
		    "n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE "
		    "x < 20000) SELECT randomblob(100) FROM n", NULL, NULL,
		    NULL);
		_exit(0);	/* no COMMIT, no close: as kill -9 */
	}
	waitpid(pid, &status, 0);
}

static void
test_hot_journal(void)
{
	sqlite3		*db;
	struct stat	 st;
	char		 journal[700], *cause = NULL;
	int		 v = -1, rc;

	snprintf(journal, sizeof journal, "%s-journal", dbpath);
	killed_writer();
	tap_ok(stat(journal, &st) == 0 && st.st_size > 0,
	    "a killed writer left a hot journal");
	rc = db_open(dbpath, DB_READONLY, NULL, &db, &cause);
	if (rc == EXIT_OK) {
		rc = db_int(db, "PRAGMA user_version", &v, &cause);
		db_close(db);
	}
	is_int(rc, EXIT_TEMPFAIL, "a read-only connection cannot use it");
	tap_ok(cause != NULL && strstr(cause, "a writer that crashed left a "
	    "journal") != NULL, "and says why: %s", cause);
	free(cause);
	cause = NULL;

	rc = db_open(dbpath, DB_LOOK, NULL, &db, &cause);
	if (rc == EXIT_OK) {
		rc = db_int(db, "PRAGMA user_version", &v, &cause);
		db_close(db);
	}
	is_int(rc, EXIT_OK, "the look rolls it back");
	is_int(v, 7, "and reads the version from before the killed run");
	tap_ok(stat(journal, &st) == -1, "the journal is gone");
	free(cause);
}

static void
test_paths(void)
{
	sqlite3	*db;
	char	 sub[700], *cause = NULL;

	snprintf(sub, sizeof sub, "%s/sub", dir);
	mkdir(sub, 0755);
	is_int(db_open(sub, DB_CREATE, NULL, &db, &cause), EXIT_USAGE,
	    "a directory is no database: a configuration error");
	tap_ok(cause != NULL && strstr(cause, "not a regular file (a "
	    "directory)") != NULL, "and says so: %s", cause);
	free(cause);
	cause = NULL;
	snprintf(sub, sizeof sub, "%s/missing.db", dir);
	is_int(db_open(sub, 0, NULL, &db, &cause), EXIT_TEMPFAIL,
	    "a missing database without create: temporary");
	tap_ok(cause != NULL && strstr(cause, "create is off") != NULL,
	    "and says so: %s", cause);
	free(cause);
}

static void
test_busy(void)
{
	struct db_wait	 w;
	sqlite3		*a, *b;
	char		*cause = NULL;
	long		 start, took;
	int		 rc;

	unlink(dbpath);
	db_wait_init(&w, 200);
	if (db_open(dbpath, DB_CREATE, NULL, &a, &cause) != EXIT_OK ||
	    db_open(dbpath, 0, &w, &b, &cause) != EXIT_OK ||
	    db_exec(a, "BEGIN EXCLUSIVE; CREATE TABLE x(y)", &cause) !=
	    EXIT_OK)
		abort();
	start = now_ms();
	rc = db_exec(b, "CREATE TABLE z(y)", &cause);
	is_int(rc, EXIT_TEMPFAIL, "a lock held past busy_timeout: temporary");
	tap_ok(now_ms() - start >= 190, "after busy_timeout (%ld ms)",
	    now_ms() - start);
	tap_ok(cause != NULL && strstr(cause, "longer than busy_timeout") !=
	    NULL, "and says so: %s", cause);
	free(cause);
	cause = NULL;

	/* The same wait: a second statement does not start it again. */
	start = now_ms();
	rc = db_exec(b, "SELECT * FROM sqlite_master", &cause);
	took = now_ms() - start;
	tap_ok(rc == EXIT_TEMPFAIL && took < 50, "a second statement on the "
	    "same wait gives up at once (%ld ms)", took);
	free(cause);
	cause = NULL;
	/* A lock that lets the mode be read, not changed, on a new wait. */
	db_exec(a, "COMMIT; BEGIN IMMEDIATE; CREATE TABLE w(y)", &cause);
	db_wait_init(&w, 200);
	rc = db_journal_mode(b, "wal", &w, &cause);
	is_int(rc, EXIT_TEMPFAIL, "the journal mode cannot change under a "
	    "lock either");
	tap_ok(cause != NULL && strstr(cause, "gave up after waiting") !=
	    NULL && strstr(cause, "(busy_timeout 200 ms)") != NULL,
	    "and says how long it waited, and on what: %s", cause);
	free(cause);
	cause = NULL;
	db_exec(a, "COMMIT", &cause);
	db_wait_init(&w, 100);
	is_int(db_journal_mode(b, "wal", &w, &cause), EXIT_OK,
	    "and changes once it is free");
	db_close(a);
	db_close(b);
}

int
main(void)
{
	char	cmd[700];

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(dbpath, sizeof dbpath, "%s/db", dir);
	test_wait();
	test_interrupt();
	test_hot_journal();
	test_paths();
	test_busy();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		abort();
	return (tap_done());
}
