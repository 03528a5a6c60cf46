/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdatomic.h>
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
 * The database connection: opening it (to look, to migrate, or strictly
 * read-only), SQLite's errors turned into messages and into schemad's exit
 * codes -- a lock held too long or an I/O problem may pass (EXIT_TEMPFAIL),
 * a corrupt file will not (EXIT_DATABASE), anything else is the
 * migration's fault -- and the one wait policy.
 *
 * Every wait for a lock goes through one struct db_wait a run: SQLite's
 * busy handler, the journal-mode change and the crowd's tries for the
 * exclusive lock all pause there, and the wait ends busy_timeout after its
 * first refused try, by the monotonic clock, whatever the tries cost --
 * or at once when db_stop() is called (from a signal handler, or the
 * daemon's loop). A statement that is running when db_stop() is called is
 * interrupted too (SQLITE_INTERRUPT), by the progress handler that every
 * connection has.
 *
 * The pause before the next try: 1, 2, 4, 8 ms, then 10 ms for the first
 * two seconds and 100 ms after them (SQLite's own handler backs off to
 * 100 ms at once, so a crowd booting together would pay that at each
 * hand-over). A database that others keep committing to (db_wait_busy:
 * an application writing row by row) is free for moments only, between
 * its writer's transactions: there a try comes every millisecond, or the
 * writer would keep a migration out for as long as it writes.
 */

#define DB_SLICE_MS	10	/* a stop is seen within this long */
#define DB_PROGRESS_OPS	10000	/* VM steps between progress calls */

static atomic_int	db_stopping;

static int	db_status(int);
static int64_t	db_now_ms(void);
static int	db_delay(const struct db_wait *, int64_t);
static int	db_busy(void *, int);
static int	db_progress(void *);

/* Does the database file exist? */
int
db_exists(const char *path)
{
	struct stat	st;

	return (stat(path, &st) == 0);
}

/*
 * Is there a database at path: a file that is not empty, or an empty one
 * beside a WAL that is not? (An empty file is what `touch` or a replica
 * that has nothing yet leaves; a restore renames a whole file into place.)
 */
int
db_present(const char *path)
{
	struct stat	 st;
	char		*wal;
	int		 rc;

	if (stat(path, &st) == -1)
		return (0);
	if (st.st_size > 0)
		return (1);
	xasprintf(&wal, "%s-wal", path);
	rc = stat(wal, &st) == 0 && st.st_size > 0;
	free(wal);
	return (rc);
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
	switch (rc) {
	case SQLITE_READONLY_ROLLBACK:
	case SQLITE_READONLY_RECOVERY:
		xasprintf(cause, "%s: a writer that crashed left a journal "
		    "that must be rolled back, and the database cannot be "
		    "written here", what);
		break;
	default:
		if ((rc & 0xff) == SQLITE_BUSY)
			xasprintf(cause, "%s: database is locked: another "
			    "process held the lock longer than busy_timeout",
			    what);
		else
			xasprintf(cause, "%s: %s", what, msg);
		break;
	}
	return (db_status(rc));
}

/* Stop every wait and every statement from now on (signal-safe), or not. */
void
db_stop(int stop)
{
	atomic_store(&db_stopping, stop);
}

int
db_stopped(void)
{
	return (atomic_load(&db_stopping));
}

static int64_t
db_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* A wait of timeout_ms from its first refused try; nobody told of it. */
void
db_wait_init(struct db_wait *w, int timeout_ms)
{
	memset(w, 0, sizeof *w);
	w->timeout_ms = timeout_ms;
}

/* The pause before the next try, waited ms into the wait. */
static int
db_delay(const struct db_wait *w, int64_t waited)
{
	if (w->count < 4)
		return (1 << w->count);
	if (w->busy)
		return (1);
	return (waited < 2000 ? 10 : 100);
}

/*
 * A try was refused: pause before the next one. Returns 0, at once, when
 * the wait is over -- busy_timeout has passed since the first refusal,
 * the slice that db_wait_slice() gave the try has, or a stop was asked for.
 */
int
db_wait_next(struct db_wait *w)
{
	int64_t	now = db_now_ms(), left;
	int	delay;

	if (w->start == 0)
		w->start = now;
	left = w->start + w->timeout_ms - now;
	if (w->slice_end != 0 && w->slice_end - now < left)
		left = w->slice_end - now;
	if (left <= 0 || db_stopped())
		return (0);
	delay = db_delay(w, now - w->start);
	if (delay > left)
		delay = (int)left;
	if (w->hook != NULL)
		w->hook(w, w->arg);
	w->count++;
	return (db_pause(delay));
}

/* Has the wait run out (busy_timeout passed since the first refusal)? */
int
db_wait_over(const struct db_wait *w)
{
	return (w->start != 0 &&
	    db_now_ms() - w->start >= (int64_t)w->timeout_ms);
}

/* How long the wait has lasted, in ms. */
int64_t
db_waited_ms(const struct db_wait *w)
{
	return (w->start == 0 ? 0 : db_now_ms() - w->start);
}

/* End the tries of db_wait_next() ms from now (0: only at the timeout). */
void
db_wait_slice(struct db_wait *w, int ms)
{
	w->slice_end = ms == 0 ? 0 : db_now_ms() + ms;
}

/*
 * A wait that ran out, as cause: what was waited for (what), and how long.
 */
int
db_wait_fail(const struct db_wait *w, const char *what, char **cause)
{
	if (db_stopped())
		xasprintf(cause, "%s: stopped before COMMIT by a signal, "
		    "while waiting for another process's lock", what);
	else
		xasprintf(cause, "%s: database is locked: gave up after "
		    "waiting %" PRId64 " ms for another process's lock "
		    "(busy_timeout %d ms)", what, db_waited_ms(w),
		    w->timeout_ms);
	return (db_stopped() ? EXIT_INTERRUPTED : EXIT_TEMPFAIL);
}

/* Sleep for ms, or until a stop is asked for: then return 0. */
int
db_pause(int ms)
{
	struct timespec	pause = { 0, 0 };
	int		slice;

	for (; ms > 0 && !db_stopped(); ms -= slice) {
		slice = ms < DB_SLICE_MS ? ms : DB_SLICE_MS;
		pause.tv_nsec = (long)slice * 1000 * 1000;
		nanosleep(&pause, NULL);
	}
	return (!db_stopped());
}

static int
db_busy(void *arg, int count)
{
	(void)count;	/* the wait counts its own tries, across statements */
	return (db_wait_next(arg));
}

/* A statement refused a lock waits on w; with w NULL, not at all. */
void
db_busy_wait(sqlite3 *db, struct db_wait *w)
{
	sqlite3_busy_handler(db, w != NULL ? db_busy : NULL, w);
}

/* SQLite is working: stop if told to; tell whoever watches. */
static int
db_progress(void *arg)
{
	const struct db_progress	*p = arg;

	if (db_stopped())
		return (1);
	if (p != NULL)
		p->fn(p->arg);
	return (0);
}

/* Have progress told to p (which outlives the connection), or nobody. */
void
db_watch(sqlite3 *db, struct db_progress *p)
{
	sqlite3_progress_handler(db, DB_PROGRESS_OPS, db_progress, p);
}

/*
 * A database is a regular file in a directory that exists: SQLite would
 * take a directory, a device or a missing directory for an I/O error,
 * which is worth trying again, and a device would get a journal beside it.
 * These are configuration errors.
 */
int
db_check_file(const char *path, char **cause)
{
	struct stat	 st;
	char		*dir, *slash;
	int		 missing;

	if (stat(path, &st) == -1) {
		dir = xstrdup(path);
		if ((slash = strrchr(dir, '/')) != NULL && slash != dir)
			*slash = '\0';
		missing = slash != NULL && stat(dir, &st) == -1 &&
		    errno == ENOENT;
		if (missing)
			xasprintf(cause, "%s: the database's directory %s does "
			    "not exist", path, dir);
		free(dir);
		return (missing ? EXIT_USAGE : EXIT_OK);
	}
	if (S_ISREG(st.st_mode))
		return (EXIT_OK);
	xasprintf(cause, "%s: not a regular file (a %s); the database must "
	    "be one", path, S_ISDIR(st.st_mode) ? "directory" :
	    S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "device" :
	    S_ISFIFO(st.st_mode) ? "FIFO" : S_ISSOCK(st.st_mode) ? "socket" :
	    "special file");
	return (EXIT_USAGE);
}

/*
 * Open the database. DB_LOOK only reads, but like any SQLite client opened
 * for writing it rolls back the journal that a crashed writer left (a
 * read-only connection cannot, and would fail until something did), and
 * it leaves a WAL as it found it when it closes. DB_READONLY never writes.
 * Without DB_CREATE a missing file is an error rather than a new, empty
 * database. A read-only file or mount is opened read-only whatever the
 * flags. A statement refused a lock waits on wait (NULL: not at all).
 */
int
db_open(const char *path, int flags, struct db_wait *wait, sqlite3 **dbp,
    char **cause)
{
	sqlite3	*db;
	int	 rc, oflags;

	*dbp = NULL;
	if ((rc = db_check_file(path, cause)) != EXIT_OK)
		return (rc);
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
	if (flags & DB_LOOK)
		sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1,
		    NULL);
	db_busy_wait(db, wait);
	db_watch(db, NULL);
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

/* Run a query whose answer is one text value, into buf. */
int
db_text(sqlite3 *db, const char *sql, char *buf, size_t size, char **cause)
{
	return (db_value(db, sql, NULL, buf, size, cause));
}

/* Read the journal mode; mode must have room for 16 bytes. */
int
db_get_journal_mode(sqlite3 *db, char *mode, char **cause)
{
	return (db_text(db, "PRAGMA journal_mode", mode, 16, cause));
}

/*
 * Set the journal mode, outside any transaction. Changing it needs an
 * exclusive lock and SQLite does not call the busy handler for it (it may
 * even answer with the old mode), so it is tried again here, on w.
 */
int
db_journal_mode(sqlite3 *db, const char *mode, struct db_wait *w,
    char **cause)
{
	char	 now[16], *sql, *what;
	int	 rc;

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
		if (!db_wait_next(w)) {
			xasprintf(&what, "%s (still %s)", sql, now);
			rc = db_wait_fail(w, what, cause);
			free(what);
			break;
		}
	}
	free(sql);
	return (rc);
}
