/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db.h"
#include "exitcode.h"
#include "xmalloc.h"

/*
 * The database connection: opening it (read-only for a look, read-write to
 * migrate), the busy timeout set before the first statement, and SQLite's
 * errors turned into messages and into schemad's exit codes: a lock held
 * too long or an I/O problem may pass (EXIT_TEMPFAIL), a corrupt file will
 * not (EXIT_DATABASE), anything else is the migration's fault.
 */

/* Does the database file exist? */
int
db_exists(const char *path)
{
	struct stat	st;

	return (stat(path, &st) == 0);
}

/* The exit code for an SQLite result code. */
static int
db_status(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_NOMEM:
	case SQLITE_PROTOCOL:
		return (EXIT_TEMPFAIL);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return (EXIT_DATABASE);
	default:
		return (EXIT_MIGRATION);
	}
}

/*
 * Describe a failed call (what) as cause and return the exit code it
 * deserves.
 */
int
db_fail(sqlite3 *db, int rc, const char *what, char **cause)
{
	const char	*msg;

	msg = db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
	if ((rc & 0xff) == SQLITE_BUSY) {
		xasprintf(cause, "%s: database is locked: another process "
		    "held the lock longer than busy_timeout", what);
	} else
		xasprintf(cause, "%s: %s", what, msg);
	return (db_status(rc));
}

/*
 * The sleep before a lock is tried again: SQLite's own busy handler backs
 * off to 100 ms, so a process wakes up to 100 ms after the lock is free,
 * and a crowd booting together pays that at each hand-over. This one
 * tries again within 10 ms for the first two seconds, then every 100 ms.
 */
static int
busy_delay(int count)
{
	if (count < 4)
		return (1 << count);
	return (count < 203 ? 10 : 100);
}

static int
busy_handler(void *arg, int count)
{
	int	timeout = (int)(intptr_t)arg, waited = 0, delay, i;

	for (i = 0; i < count && waited < timeout; i++)
		waited += busy_delay(i);
	if (waited >= timeout)
		return (0);
	delay = busy_delay(count);
	sqlite3_sleep(delay < timeout - waited ? delay : timeout - waited);
	return (1);
}

/* How long a statement waits for a lock (ms; 0: not at all). */
void
db_busy_timeout(sqlite3 *db, int timeout_ms)
{
	if (timeout_ms > 0)
		sqlite3_busy_handler(db, busy_handler,
		    (void *)(intptr_t)timeout_ms);
	else
		sqlite3_busy_handler(db, NULL, NULL);
}

/*
 * Open the database. With DB_READONLY nothing is ever written; without
 * DB_CREATE a missing file is an error rather than a new, empty database.
 */
int
db_open(const char *path, int flags, int busy_timeout, sqlite3 **dbp,
    char **cause)
{
	sqlite3	*db;
	int	 rc, oflags;

	*dbp = NULL;
	if ((flags & (DB_READONLY | DB_CREATE)) == 0 && !db_exists(path)) {
		xasprintf(cause, "%s: database does not exist, and create is "
		    "off", path);
		return (EXIT_TEMPFAIL);
	}
	if (flags & DB_READONLY)
		oflags = SQLITE_OPEN_READONLY;
	else
		oflags = SQLITE_OPEN_READWRITE;
	if (flags & DB_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	oflags |= SQLITE_OPEN_NOMUTEX;

	rc = sqlite3_open_v2(path, &db, oflags, NULL);
	if (rc != SQLITE_OK) {
		if (rc == SQLITE_CANTOPEN)
			xasprintf(cause, "%s: cannot open database: %s", path,
			    strerror(sqlite3_system_errno(db)));
		else
			db_fail(db, rc, path, cause);
		sqlite3_close(db);
		return (db_status(rc));
	}
	sqlite3_extended_result_codes(db, 1);
	db_busy_timeout(db, busy_timeout);
	*dbp = db;
	return (EXIT_OK);
}

void
db_close(sqlite3 *db)
{
	sqlite3_close(db);
}

/*
 * Run a prepared statement that returns no rows worth reading, and reset
 * it for the next time; errors are described as what.
 */
int
db_run(sqlite3_stmt *stmt, const char *what, char **cause)
{
	int	rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		;
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return (db_fail(sqlite3_db_handle(stmt), rc, what, cause));
	return (EXIT_OK);
}

/* Run SQL that returns no rows worth reading. */
int
db_exec(sqlite3 *db, const char *sql, char **cause)
{
	int	rc;

	if ((rc = sqlite3_exec(db, sql, NULL, NULL, NULL)) != SQLITE_OK)
		return (db_fail(db, rc, sql, cause));
	return (EXIT_OK);
}

/*
 * Run a query whose answer is one value: as an integer into *n and as text
 * into buf, for those that are not NULL. No row reads as 0 and "".
 */
static int
db_value(sqlite3 *db, const char *sql, int *n, char *buf, size_t size,
    char **cause)
{
	sqlite3_stmt		*stmt;
	const unsigned char	*text;
	int			 rc;

	if ((rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL)) != SQLITE_OK)
		return (db_fail(db, rc, sql, cause));
	rc = sqlite3_step(stmt);
	if (n != NULL)
		*n = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
	if (buf != NULL) {
		text = rc == SQLITE_ROW ? sqlite3_column_text(stmt, 0) : NULL;
		snprintf(buf, size, "%s", text != NULL ? (const char *)text :
		    "");
	}
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(stmt);
	if (rc != SQLITE_OK)
		return (db_fail(db, rc, sql, cause));
	return (EXIT_OK);
}

/* Run a query whose answer is one integer. */
int
db_int(sqlite3 *db, const char *sql, int *out, char **cause)
{
	return (db_value(db, sql, out, NULL, 0, cause));
}

/* Read the journal mode; mode must have room for 16 bytes. */
int
db_get_journal_mode(sqlite3 *db, char *mode, char **cause)
{
	return (db_value(db, "PRAGMA journal_mode", NULL, mode, 16, cause));
}

/*
 * Set the journal mode, outside any transaction. Changing it needs an
 * exclusive lock and SQLite does not call the busy handler for it (it may
 * even answer with the old mode), so it is retried here until timeout_ms
 * has passed.
 */
int
db_journal_mode(sqlite3 *db, const char *mode, int timeout_ms, char **cause)
{
	struct timespec	 pause = { 0, 10 * 1000 * 1000 };
	char		 now[16], *sql;
	int		 rc, waited = 0;

	if ((rc = db_get_journal_mode(db, now, cause)) != EXIT_OK)
		return (rc);
	if (strcasecmp(now, mode) == 0)
		return (EXIT_OK);
	xasprintf(&sql, "PRAGMA journal_mode = %s", mode);
	for (;;) {
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
		if (rc == SQLITE_OK) {
			if ((rc = db_get_journal_mode(db, now, cause)) != 0)
				break;
			if (strcasecmp(now, mode) == 0)
				break;
		} else if ((rc & 0xff) != SQLITE_BUSY) {
			rc = db_fail(db, rc, sql, cause);
			break;
		}
		if (waited >= timeout_ms) {
			xasprintf(cause, "%s: database is locked: the journal "
			    "mode is still %s after busy_timeout", sql, now);
			rc = EXIT_TEMPFAIL;
			break;
		}
		nanosleep(&pause, NULL);
		waited += 10;
	}
	free(sql);
	return (rc);
}
