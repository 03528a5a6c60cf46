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
 * The database layer: the one wait policy (its schedule, its timeout, a
 * stop that ends it and interrupts a statement), what the look does with
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

static void
test_wait(void)
{
	pthread_t	t;
	long		start;
	int		count;

	db_stop(0);
	is_int(db_wait(0, 0), 0, "busy_timeout 0: no wait at all");
	start = now_ms();
	for (count = 0; db_wait(count, 300); count++)
		;
	tap_ok(now_ms() - start >= 280 && now_ms() - start < 1000,
	    "the wait ends after busy_timeout (%ld ms of 300)",
	    now_ms() - start);
	is_int(count, 33, "trying again within 10 ms: 33 tries in 300 ms");

	start = now_ms();
	pthread_create(&t, NULL, stop_later, NULL);
	for (count = 0; db_wait(count, 60000); count++)
		;
	pthread_join(t, NULL);
	tap_ok(now_ms() - start < 1000, "a stop ends a wait of 60 s at once "
	    "(%ld ms)", now_ms() - start);
	is_int(db_wait(0, 60000), 0, "and any wait after it");
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
	if (db_open(dbpath, DB_CREATE, 1000, &db, &cause) != EXIT_OK)
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
	rc = db_open(dbpath, DB_READONLY, 1000, &db, &cause);
	if (rc == EXIT_OK) {
		rc = db_int(db, "PRAGMA user_version", &v, &cause);
		db_close(db);
	}
	is_int(rc, EXIT_TEMPFAIL, "a read-only connection cannot use it");
	tap_ok(cause != NULL && strstr(cause, "a writer that crashed left a "
	    "journal") != NULL, "and says why: %s", cause);
	free(cause);
	cause = NULL;

	rc = db_open(dbpath, DB_LOOK, 1000, &db, &cause);
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
	is_int(db_open(sub, DB_CREATE, 1000, &db, &cause), EXIT_USAGE,
	    "a directory is no database: a configuration error");
	tap_ok(cause != NULL && strstr(cause, "not a regular file (a "
	    "directory)") != NULL, "and says so: %s", cause);
	free(cause);
	cause = NULL;
	snprintf(sub, sizeof sub, "%s/missing.db", dir);
	is_int(db_open(sub, 0, 1000, &db, &cause), EXIT_TEMPFAIL,
	    "a missing database without create: temporary");
	tap_ok(cause != NULL && strstr(cause, "create is off") != NULL,
	    "and says so: %s", cause);
	free(cause);
}

static void
test_busy(void)
{
	sqlite3	*a, *b;
	char	*cause = NULL;
	long	 start;
	int	 rc;

	unlink(dbpath);
	if (db_open(dbpath, DB_CREATE, 0, &a, &cause) != EXIT_OK ||
	    db_open(dbpath, 0, 200, &b, &cause) != EXIT_OK ||
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
	is_int(db_journal_mode(b, "wal", 100, &cause), EXIT_TEMPFAIL,
	    "the journal mode cannot change under a lock either");
	free(cause);
	cause = NULL;
	db_exec(a, "COMMIT", &cause);
	is_int(db_journal_mode(b, "wal", 100, &cause), EXIT_OK,
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
