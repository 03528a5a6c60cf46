/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adopt.h"
#include "backend.h"
#include "backup.h"
#include "caps.h"
#include "conf.h"
#include "connstate.h"
#include "db.h"
#include "exitcode.h"
#include "follow.h"
#include "history.h"
#include "migrate.h"
#include "migrations.h"
#include "role.h"
#include "sqlscan.h"
#include "writes.h"
#include "xmalloc.h"

/*
 * The backend of a database file on this machine (backend.h): every
 * pending migration in one exclusive transaction.
 *
 *	file_look	a connection that only reads (but rolls back what a
 *			crashed writer left), one read transaction: history
 *			and user_version -> plan; while another process holds
 *			the database, tried again as the wait policy says.
 *			Nothing pending: done, and no write lock was ever
 *			asked for.
 *
 * One wait (struct db_wait, db.c) serves the whole run: the look, the
 * journal mode and the lock. It ends busy_timeout after the first refused
 * try, by the clock, however many tries and reads it took.
 *	file_run	read-write connection; foreign_keys off, synchronous
 *			EXTRA and the journal mode set outside any
 *			transaction; then
 *
 *	BEGIN EXCLUSIVE		not granted within LOCK_TRY_MS: read the
 *				history again, and end when another process
 *				did the work; try again (the wait policy,
 *				db.c) until busy_timeout
 *	  re-read, re-plan	what the lock's holder did is seen here
 *	  backup		optional, of the database as it was
 *	  foreign_key_check	the violations that were there before
 *	  for each step:	SAVEPOINT, statements (the text the scan read),
 *				the connection put back as it was
 *				(connstate.c), history row, RELEASE; the
 *				repeatable migrations last, each with its row
 *				in the repeatables' history
 *	  foreign_key_check	a violation the run introduced fails it
 *	  user_version
 *	COMMIT			or, on any error, ROLLBACK of everything
 *
 * With create = wait, a run first waits for the database file to appear
 * (db_present: not empty), looking every WAIT_FILE_MS, until a stop.
 *
 * On a follower (role.c: a LiteFS replica) nothing is written, ever: the
 * look opens the database read-only, and a run waits -- for the file, then
 * for the primary's run to reach this node (follow) -- and ends when
 * nothing is pending any more, or goes on as a primary's if this node
 * becomes the primary meanwhile. A run on a primary that loses the right
 * to write (LiteFS: SQLITE_READONLY or SQLITE_IOERR) rolls back and is a
 * temporary failure, as any other I/O error.
 *
 * Invariants: exactly one BEGIN EXCLUSIVE a run with pending work, none
 * without; schema, data, history rows and user_version commit together or
 * not at all; nothing is applied on a plan made outside the lock. A stop
 * (db_stop) is checked before BEGIN EXCLUSIVE, before each step and before
 * COMMIT, and cuts short any wait or statement: the run rolls back and
 * returns EXIT_INTERRUPTED.
 */

#define SAVEPOINT_NAME	"schemad_migration"
#define WAIT_FILE_MS	100	/* create = wait: how often to look */
#define LOCK_TRY_MS	10	/* a try for the lock, before a re-read */

/*
 * What every step runs, prepared once a run: compiling a statement costs
 * more than running it, and a run of 10,000 migrations would pay that
 * 30,000 times.
 */
struct step_sql {
	sqlite3_stmt		*savepoint;
	sqlite3_stmt		*release;
	struct history_recorder	 record;
	struct watch		*watch;
};

/*
 * Where the run is, for hooks->progress: told at each statement's start
 * and, through SQLite's progress handler (db_watch), now and then while
 * one runs, with how long it has run and what SQLite wrote meanwhile (the
 * pages its cache spilled). It outlives the connection it watches.
 */
struct watch {
	struct db_progress		 dp;
	const struct migrate_hooks	*hooks;
	sqlite3				*db;
	struct migrate_progress		 p;
	int64_t				 start;	/* µs: the steps' */
	int64_t				 stmt_start;
	int				 written; /* pages, at its start */
	int				 page_size;
};

static int64_t	now_us(void);
static unsigned	needed_caps(const struct migration_set *);
static int	read_plan(sqlite3 *, const struct config *,
		    const struct migration_set *, int64_t, struct plan *,
		    char **);
static int	read_plan_once(sqlite3 *, const struct config *,
		    const struct migration_set *, int64_t, struct plan *, int *,
		    int *, char **);
static int	look_read(sqlite3 *, const struct config *,
		    const struct migration_set *, int64_t, struct db_wait *,
		    struct plan *, char **);
static int	look(const struct config *, const struct migration_set *,
		    int64_t, const struct migrate_hooks *, struct db_wait *,
		    struct migrate_result *, char **);
static void	watch_init(struct watch *, sqlite3 *,
		    const struct migrate_hooks *);
static void	watch_tell(void *);
static int	exec_sql(sqlite3 *, const struct migration *, char *, size_t,
		    struct watch *, char **);
static int	apply_step(sqlite3 *, struct step_sql *,
		    const struct plan *, const struct plan_step *, int64_t,
		    char **);
static int	apply_steps(sqlite3 *, struct plan *,
		    const struct migrate_hooks *, int64_t, struct writes *,
		    struct watch *, char **);
static int	check_fk(sqlite3 *, const struct fk_list *,
		    const struct writes *, char **);
static int	prepare_run(sqlite3 *, const struct config *, struct db_wait *,
		    char **);
static int	check_stop(char **);
static int	locked_run(sqlite3 *, const struct config *,
		    const struct migration_set *, int64_t,
		    const struct migrate_hooks *, struct watch *,
		    struct migrate_result *, char **);

static int64_t
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

/*
 * The capabilities the plan needs to know about: probing them costs a few
 * milliseconds, so only when some migration declares one.
 */
static unsigned
needed_caps(const struct migration_set *set)
{
	unsigned	wanted = 0;
	size_t		i;

	for (i = 0; i < set->n + set->nrep; i++)
		wanted |= set->v[i].requires;
	return (wanted == 0 ? 0 : caps_available() & wanted);
}

/*
 * Read the history (or, with none of schemad's, another tool's) and plan,
 * inside the caller's transaction.
 */
static int
read_plan(sqlite3 *db, const struct config *conf,
    const struct migration_set *set, int64_t baseline, struct plan *plan,
    char **cause)
{
	struct history	hist;
	struct adopted	adopted;
	int		rc;

	memset(&adopted, 0, sizeof adopted);
	if ((rc = history_read(db, &hist, cause)) != EXIT_OK)
		return (rc);
	if (hist.n == 0)
		rc = adopt_read(db, set, &adopted, cause);
	if (rc == EXIT_OK && plan_make(set, &hist, &adopted, conf->adopt,
	    needed_caps(set), baseline, plan, cause) != 0)
		rc = EXIT_USAGE;
	if (rc == EXIT_OK && !hist.exists && adopted.tool == NULL)
		rc = db_int(db, history_user_tables, &plan->untracked, cause);
	adopt_free(&adopted);
	if (rc == EXIT_OK)
		plan_keep(plan, &hist);
	history_free(&hist);
	return (rc);
}

/*
 * Read the history and plan, in a read transaction of its own; *busy says
 * whether a failure was a lock that another process holds. *dv, unless
 * dv is NULL, is the database's data_version then.
 */
static int
read_plan_once(sqlite3 *db, const struct config *conf,
    const struct migration_set *set, int64_t baseline, struct plan *plan,
    int *busy, int *dv, char **cause)
{
	int	rc;

	if ((rc = db_exec(db, "BEGIN", cause)) != EXIT_OK)
		return (rc);
	rc = read_plan(db, conf, set, baseline, plan, cause);
	if (rc == EXIT_OK && dv != NULL)
		rc = db_int(db, "PRAGMA data_version", dv, cause);
	*busy = rc != EXIT_OK && (sqlite3_errcode(db) & 0xff) == SQLITE_BUSY;
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return (rc);
}

/*
 * The look's read. While another process holds the database (a writer
 * that commits, an application with an exclusive lock, one that rolls
 * back a crashed writer's journal) the read is refused, and it waits on w
 * (the connection's busy handler, and here for a refusal that SQLite
 * hands back without one).
 */
static int
look_read(sqlite3 *db, const struct config *conf,
    const struct migration_set *set, int64_t baseline, struct db_wait *w,
    struct plan *plan, char **cause)
{
	int	rc, busy;

	for (;;) {
		if ((rc = check_stop(cause)) != EXIT_OK)
			return (rc);
		rc = read_plan_once(db, conf, set, baseline, plan, &busy, NULL,
		    cause);
		if (rc == EXIT_OK || !busy)
			return (rc);
		free(*cause);
		*cause = NULL;
		if (!db_wait_next(w))
			return (db_wait_fail(w, "reading the history", cause));
	}
}

/* The look, waiting on w for other processes' locks. */
static int
look(const struct config *conf, const struct migration_set *set,
    int64_t baseline, const struct migrate_hooks *hooks, struct db_wait *w,
    struct migrate_result *res, char **cause)
{
	struct history	 empty;
	struct watch	 wt;
	sqlite3		*db;
	int		 rc, follower = res->role.role == ROLE_FOLLOWER;

	if (!db_exists(conf->database)) {
		/* What a run refuses (its directory missing), plan does. */
		if ((rc = db_check_file(conf->database, cause)) != EXIT_OK)
			return (rc);
		res->absent = 1;
		memset(&empty, 0, sizeof empty);
		if (plan_make(set, &empty, NULL, conf->adopt, needed_caps(set),
		    baseline, &res->plan, cause) != 0)
			return (EXIT_USAGE);
		return (EXIT_OK);
	}
	rc = db_open(conf->database, follower ? DB_READONLY : DB_LOOK,
	    w, &db, cause);
	if (rc != EXIT_OK)
		return (rc);
	watch_init(&wt, db, hooks);
	if (hooks != NULL && hooks->opened != NULL)
		hooks->opened(db, 1, hooks->arg);
	rc = look_read(db, conf, set, baseline, w, &res->plan, cause);
	db_close(db);
	if (rc == EXIT_OK && follower)
		plan_ahead(&res->plan, set);
	if (rc == EXIT_OK && hooks != NULL && hooks->looked != NULL)
		hooks->looked(&res->plan, hooks->arg);
	return (rc);
}

/* A wait for the run, of busy_timeout; hooks hear of each pause. */
static void
run_wait(struct db_wait *w, const struct config *conf,
    const struct migrate_hooks *hooks)
{
	db_wait_init(w, conf->busy_timeout);
	if (hooks != NULL) {
		w->hook = hooks->waiting;
		w->arg = hooks->arg;
	}
}

/*
 * Look at the database without writing: what is pending, what has drifted.
 * A database that does not exist yet is empty.
 */
static int
file_look(const struct config *conf, const struct migration_set *set,
    int64_t baseline, const struct migrate_hooks *hooks,
    struct migrate_result *res, char **cause)
{
	struct db_wait	w;

	run_wait(&w, conf, hooks);
	return (look(conf, set, baseline, hooks, &w, res, cause));
}

/* Watch db for hooks->progress. */
static void
watch_init(struct watch *wt, sqlite3 *db, const struct migrate_hooks *hooks)
{
	memset(wt, 0, sizeof *wt);
	wt->dp.fn = watch_tell;
	wt->dp.arg = wt;
	wt->hooks = hooks;
	wt->db = db;
	db_watch(db, &wt->dp);
}

/* Tell hooks->progress where the run is now. */
static void
watch_tell(void *arg)
{
	struct watch	*wt = arg;
	int64_t		 now = now_us();
	int		 pages = 0, high;

	if (wt->hooks == NULL || wt->hooks->progress == NULL)
		return;
	sqlite3_db_status(wt->db, SQLITE_DBSTATUS_CACHE_WRITE, &pages, &high,
	    0);
	wt->p.run_us = wt->start > 0 ? now - wt->start : 0;
	wt->p.stmt_us = wt->p.stmt > 0 ? now - wt->stmt_start : 0;
	wt->p.written = (int64_t)(pages - wt->written) * wt->page_size;
	wt->hooks->progress(&wt->p, wt->hooks->arg);
}

/* Statement i of n, at line, starts. */
static void
watch_statement(struct watch *wt, size_t i, size_t n, int line)
{
	char	*cause = NULL;
	int	 high;

	/* Read in the run's transaction, which holds the lock. */
	if (wt->page_size == 0 && db_int(wt->db, "PRAGMA page_size",
	    &wt->page_size, &cause) != EXIT_OK)
		free(cause);
	wt->p.stmt = i;
	wt->p.nstmts = n;
	wt->p.line = line;
	wt->stmt_start = now_us();
	sqlite3_db_status(wt->db, SQLITE_DBSTATUS_CACHE_WRITE, &wt->written,
	    &high, 0);
	watch_tell(wt);
}

/* Run the statements of one migration file; errors name file and line. */
static int
exec_sql(sqlite3 *db, const struct migration *m, char *buf, size_t len,
    struct watch *wt, char **cause)
{
	struct sqlscan	 scan;
	struct sqlstmt	 st;
	sqlite3_stmt	*stmt;
	const char	*tail;
	char		*where;
	size_t		 n = 0, i = 0;
	int		 rc, off, line;

	sqlscan_init(&scan, buf, len);
	while (sqlscan_next(&scan, &st))
		n++;
	sqlscan_init(&scan, buf, len);
	while (sqlscan_next(&scan, &st)) {
		watch_statement(wt, ++i, n, st.line);
		rc = sqlite3_prepare_v2(db, st.text, (int)st.len, &stmt, &tail);
		if (rc == SQLITE_OK && stmt != NULL) {
			while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
				;
			if (rc == SQLITE_DONE)
				rc = SQLITE_OK;
		}
		if (rc != SQLITE_OK) {
			off = sqlite3_error_offset(db);
			line = st.line + (off > 0 && (size_t)off < st.len ?
			    sqlscan_lines(st.text, (size_t)off) : 0);
			xasprintf(&where, "%s:%d", m->path, line);
			rc = db_fail(db, rc, where, cause);
			free(where);
			sqlite3_finalize(stmt);
			return (rc);
		}
		sqlite3_finalize(stmt);
	}
	return (EXIT_OK);
}

/* One step of the plan, in its own savepoint. */
static int
apply_step(sqlite3 *db, struct step_sql *sql, const struct plan *plan,
    const struct plan_step *step, int64_t baseline, char **cause)
{
	const struct migration	*m = step->m;
	struct connstate	 saved;
	struct history_entry	 e;
	char			*buf, *tofree, sqlsum[65] = "";
	size_t			 len;
	int64_t			 start = now_us();
	int			 rc;

	if ((rc = db_run(sql->savepoint, "SAVEPOINT", cause)) != EXIT_OK)
		return (rc);
	if (step->action == PLAN_APPLY) {
		if (migrations_load(m, &buf, &len, &tofree, cause) != 0)
			return (EXIT_MIGRATION);
		rc = connstate_save(db, m->settings, &saved, cause);
		if (rc == EXIT_OK)
			rc = exec_sql(db, m, buf, len, sql->watch, cause);
		if (rc == EXIT_OK)
			rc = connstate_restore(db, &saved, cause);
		if (m->kind != NAME_REPEAT)
			migrations_sql_checksum(buf, len, sqlsum);
		free(tofree);
	} else if (m->kind != NAME_REPEAT &&
	    migrations_sql_checksum_of(m, sqlsum, cause) != 0)
		return (EXIT_MIGRATION);
	if (rc == EXIT_OK) {
		history_entry_step(&e, plan, step, baseline, now_us() - start);
		memcpy(e.sql_checksum, sqlsum, sizeof sqlsum);
		rc = history_record(&sql->record, &e, cause);
	}
	if (rc == EXIT_OK)
		rc = db_run(sql->release, "RELEASE", cause);
	return (rc);
}

/* Every step of the plan, timing each; writes hears what each writes. */
static int
apply_steps(sqlite3 *db, struct plan *plan,
    const struct migrate_hooks *hooks, int64_t baseline,
    struct writes *writes, struct watch *wt, char **cause)
{
	struct plan_step	*step;
	struct step_sql		 sql;
	int64_t			 start;
	size_t			 i;
	int			 rc;

	memset(&sql, 0, sizeof sql);
	sql.record.db = db;
	sql.watch = wt;
	wt->p.plan = plan;
	wt->start = now_us();
	rc = sqlite3_prepare_v3(db, "SAVEPOINT " SAVEPOINT_NAME, -1,
	    SQLITE_PREPARE_PERSISTENT, &sql.savepoint, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(db, "RELEASE " SAVEPOINT_NAME, -1,
		    SQLITE_PREPARE_PERSISTENT, &sql.release, NULL);
	if (rc != SQLITE_OK)
		rc = db_fail(db, rc, "SAVEPOINT", cause);
	for (i = 0; rc == EXIT_OK && i < plan->nsteps; i++) {
		if ((rc = check_stop(cause)) != EXIT_OK)
			break;
		step = &plan->steps[i];
		wt->p.step = i;
		wt->p.stmt = wt->p.nstmts = 0;
		if (hooks != NULL && hooks->step != NULL)
			hooks->step(plan, i, hooks->arg);
		start = now_us();
		writes->file = step->m->file;
		rc = apply_step(db, &sql, plan, step, baseline, cause);
		step->duration_us = now_us() - start;
	}
	/* After the steps: the checks, and COMMIT. */
	wt->p.step = plan->nsteps;
	wt->p.stmt = wt->p.nstmts = 0;
	sqlite3_finalize(sql.savepoint);
	sqlite3_finalize(sql.release);
	history_recorder_free(&sql.record);
	return (rc);
}

/*
 * Fail if the run left foreign key violations that were not there, naming
 * the first and the migrations that wrote its table or the one it
 * references.
 */
static int
check_fk(sqlite3 *db, const struct fk_list *old, const struct writes *writes,
    char **cause)
{
	struct fk_list		 after, added;
	const struct fk_violation *v;
	char			*by;
	int			 rc;

	if ((rc = fk_check(db, &after, cause)) != EXIT_OK)
		return (rc);
	fk_new(old, &after, &added);
	if (added.n > 0) {
		v = &added.v[0];
		if ((by = writes_of(writes, v->table, v->parent)) == NULL)
			xasprintf(cause, "foreign key check failed: %s%s",
			    v->text, added.n > 1 ? " (and more)" : "");
		else if (strcmp(v->table, v->parent) == 0)
			xasprintf(cause, "foreign key check failed: %s%s; "
			    "%s written by %s", v->text, added.n > 1 ?
			    " (and more)" : "", v->table, by);
		else
			xasprintf(cause, "foreign key check failed: %s%s; "
			    "%s or %s written by %s", v->text, added.n > 1 ?
			    " (and more)" : "", v->table, v->parent, by);
		free(by);
		rc = EXIT_MIGRATION;
	}
	fk_free(&added);
	fk_free(&after);
	return (rc);
}

/*
 * Connection settings that SQLite ignores or refuses inside a transaction.
 * synchronous = EXTRA makes the COMMIT durable before READY is told: with
 * a rollback journal, SQLite's default (FULL) commits by deleting the
 * journal without syncing its directory, and a power loss can bring the
 * journal back and with it the old version; in WAL mode EXTRA is FULL.
 */
static int
prepare_run(sqlite3 *db, const struct config *conf, struct db_wait *w,
    char **cause)
{
	int	rc;

	if ((rc = db_exec(db, "PRAGMA foreign_keys = OFF", cause)) != EXIT_OK)
		return (rc);
	if ((rc = db_exec(db, "PRAGMA synchronous = EXTRA", cause)) != EXIT_OK)
		return (rc);
	if (conf->journal_mode != NULL)
		rc = db_journal_mode(db, conf->journal_mode, w, cause);
	return (rc);
}

/* The work done under the exclusive lock; the caller commits or rolls back. */
static int
locked_run(sqlite3 *db, const struct config *conf,
    const struct migration_set *set, int64_t baseline,
    const struct migrate_hooks *hooks, struct watch *wt,
    struct migrate_result *res, char **cause)
{
	struct writes	 writes;
	char		*sql;
	int		 rc, tables, rows;

	if ((rc = read_plan(db, conf, set, baseline, &res->plan, cause)) !=
	    EXIT_OK)
		return (rc);
	if (res->plan.ndrift > 0) {
		xasprintf(cause, "history and migration files disagree");
		return (EXIT_DRIFT);
	}
	if (res->plan.nsteps == 0) {
		res->raced = 1;
		return (EXIT_OK);
	}
	rc = db_int(db, "SELECT count(*) FROM sqlite_master", &tables, cause);
	if (rc == EXIT_OK && conf->backup_dir != NULL && tables > 0) {
		rc = backup_make(db, conf->database, conf->backup_dir,
		    res->plan.current, &res->backup, cause);
		if (rc == EXIT_OK)
			rc = backup_prune(conf->database, conf->backup_dir,
			    conf->backup_keep, cause);
	}
	if (rc == EXIT_OK)
		rc = fk_check(db, &res->fk_old, cause);
	if (rc == EXIT_OK)
		rc = history_create(db, res->plan.hist.lacks, set->nrep > 0,
		    cause);
	if (rc == EXIT_OK) {
		writes_listen(&writes, db);
		rc = apply_steps(db, &res->plan, hooks, baseline, &writes, wt,
		    cause);
		writes_stop(&writes, db);
		if (rc == EXIT_OK)
			rc = check_fk(db, &res->fk_old, &writes, cause);
		writes_free(&writes);
	}
	if (rc == EXIT_OK)
		rc = db_int(db, "SELECT count(*) FROM " HISTORY_TABLE, &rows,
		    cause);
	if (rc == EXIT_OK) {
		xasprintf(&sql, "PRAGMA user_version = %d",
		    plan_user_version(res->plan.target, (size_t)rows));
		rc = db_exec(db, sql, cause);
		free(sql);
	}
	return (rc);
}

/* Has a stop been asked for? Then the run ends here, rolled back. */
static int
check_stop(char **cause)
{
	if (!db_stopped())
		return (EXIT_OK);
	xasprintf(cause, "stopped before COMMIT by a signal");
	return (EXIT_INTERRUPTED);
}

/*
 * Take the exclusive lock. In a crowd (a fleet that boots at once) one
 * process gets it, and the others would queue for it one by one only to
 * find, each in turn, nothing left to do. So a try waits for it only
 * LOCK_TRY_MS (long enough, once it holds the pending lock, for readers
 * to finish), and each time it is not granted the history is read again
 * (a read, which the whole crowd can do at once when the holder commits):
 * when nothing is pending any more, the wait ends with res->raced set.
 * Otherwise it is tried again, as the wait policy says; when the database
 * changed between two reads, others are committing to it, and the wait
 * tries often (w->busy).
 */
static int
lock_or_wait(sqlite3 *db, const struct config *conf,
    const struct migration_set *set, int64_t baseline, struct db_wait *w,
    struct migrate_result *res, char **cause)
{
	int	rc, busy, dv, last = -1;

	for (;;) {
		if ((rc = check_stop(cause)) != EXIT_OK)
			return (rc);
		db_wait_slice(w, LOCK_TRY_MS);
		rc = sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL);
		db_wait_slice(w, 0);
		if (rc == SQLITE_OK)
			return (EXIT_OK);
		if ((rc & 0xff) != SQLITE_BUSY)
			return (db_fail(db, rc, "BEGIN EXCLUSIVE", cause));
		if (db_wait_over(w) || db_stopped())
			return (db_wait_fail(w, "BEGIN EXCLUSIVE", cause));

		rc = read_plan_once(db, conf, set, baseline, &res->plan, &busy,
		    &dv, cause);
		if (rc != EXIT_OK && busy) {
			free(*cause);
			return (db_wait_fail(w, "reading the history", cause));
		}
		if (rc != EXIT_OK)
			return (rc);
		if (res->plan.nsteps == 0 && res->plan.ndrift == 0) {
			res->raced = 1;
			return (EXIT_OK);
		}
		plan_free(&res->plan);
		w->busy = last != -1 && dv != last;
		last = dv;
		if (!db_wait_next(w))
			return (db_wait_fail(w, "BEGIN EXCLUSIVE", cause));
	}
}

/*
 * The size of the database's WAL, or -1 without one: after COMMIT, what
 * the run wrote there, which a replicator (Litestream, LiteFS) ships and
 * which stays on disk beside the database until a checkpoint.
 */
static int64_t
wal_size(const char *database)
{
	struct stat	 st;
	char		*wal;
	int64_t		 size = -1;

	xasprintf(&wal, "%s-wal", database);
	if (stat(wal, &st) == 0)
		size = st.st_size;
	free(wal);
	return (size);
}

/*
 * Does Litestream replicate the database? Once it has, the database holds
 * its _litestream_seq table (a restore from its replica too), and while
 * it does, its directory is beside it: .NAME-litestream (NAME-litestream
 * before 0.3).
 */
static int
litestream_seen(sqlite3 *db, const char *database)
{
	sqlite3_stmt	*stmt;
	struct stat	 st;
	const char	*slash = strrchr(database, '/');
	char		*dot, *plain;
	int		 found = 0;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE name = "
	    "'_litestream_seq'", -1, &stmt, NULL) == SQLITE_OK) {
		found = sqlite3_step(stmt) == SQLITE_ROW;
		sqlite3_finalize(stmt);
	}
	if (found)
		return (1);

	xasprintf(&plain, "%s-litestream", database);
	xasprintf(&dot, "%.*s.%s-litestream", slash == NULL ? 0 :
	    (int)(slash - database + 1), database, slash == NULL ? database :
	    slash + 1);
	found = (stat(dot, &st) == 0 && S_ISDIR(st.st_mode)) ||
	    (stat(plain, &st) == 0 && S_ISDIR(st.st_mode));
	free(dot);
	free(plain);
	return (found);
}

/*
 * A follower's wait: reading only, until the primary's run has reached
 * this node -- nothing pending in the replicated history -- or this node
 * has become the primary (res->role says so then, and hooks hear it). A
 * look costs one PRAGMA data_version (follow.c's watch), which moves
 * with every commit replicated here; history and plan are read again
 * only then.
 */
static int
follow(const struct config *conf, const struct migration_set *set,
    const struct migrate_hooks *hooks, struct migrate_result *res,
    char **cause)
{
	struct follow_watch	fw;
	struct db_wait		w;
	struct role_info	ri;
	int			rc, changed, busy;

	follow_watch_init(&fw);
	db_wait_init(&w, conf->busy_timeout);
	for (;;) {
		if ((rc = follow_changed(&fw, conf->database, &w, &changed,
		    cause)) != EXIT_OK)
			break;
		if (changed) {
			plan_free(&res->plan);
			db_wait_init(&w, conf->busy_timeout);	/* each look */
			rc = read_plan_once(fw.db, conf, set, 0, &res->plan,
			    &busy, NULL, cause);
			if (rc != EXIT_OK && !busy)
				break;
			if (rc != EXIT_OK) {	/* locked: at the next look */
				free(*cause);
				*cause = NULL;
				rc = EXIT_OK;
			} else {
				follow_seen(&fw);
				plan_ahead(&res->plan, set);
				if (res->plan.ndrift > 0) {
					xasprintf(cause, "history and "
					    "migration files disagree");
					rc = EXIT_DRIFT;
					break;
				}
				if (res->plan.nsteps == 0)
					break;
				if (hooks != NULL && hooks->following != NULL)
					hooks->following(&res->plan,
					    hooks->arg);
			}
		}
		role_resolve(conf, 1, &ri);
		if (ri.role == ROLE_PRIMARY) {
			res->role = ri;
			if (hooks != NULL && hooks->role != NULL)
				hooks->role(&res->role, hooks->arg);
			break;
		}
		if (!db_pause(conf->poll_interval) &&
		    (rc = check_stop(cause)) != EXIT_OK)
			break;
	}
	follow_watch_close(&fw);
	return (rc);
}

/* create = wait: until the database file is there, or a stop. */
static int
wait_for_file(const struct config *conf, const struct migrate_hooks *hooks,
    char **cause)
{
	int	count;

	for (count = 0; !db_present(conf->database); count++) {
		if (hooks != NULL && hooks->absent != NULL)
			hooks->absent(count, hooks->arg);
		if (!db_pause(WAIT_FILE_MS)) {
			xasprintf(cause, "stopped by a signal while waiting "
			    "for %s to appear", conf->database);
			return (EXIT_INTERRUPTED);
		}
	}
	return (EXIT_OK);
}

/*
 * The run on an open connection: settings, the lock, the work, COMMIT or
 * ROLLBACK. *denied says whether SQLite refused to write (SQLITE_READONLY,
 * SQLITE_IOERR, SQLITE_CANTOPEN), as on a LiteFS node that is not the
 * primary, or whose mount went away.
 */
static int
write_run(sqlite3 *db, const struct config *conf,
    const struct migration_set *set, int64_t baseline,
    const struct migrate_hooks *hooks, struct db_wait *w, struct watch *wt,
    struct migrate_result *res, int *denied, char **cause)
{
	int	rc, err;

	if ((rc = prepare_run(db, conf, w, cause)) == EXIT_OK &&
	    (rc = lock_or_wait(db, conf, set, baseline, w, res, cause)) ==
	    EXIT_OK && !res->raced) {
		res->locked = 1;
		rc = locked_run(db, conf, set, baseline, hooks, wt, res, cause);
		if (rc == EXIT_OK && !res->raced &&
		    (rc = check_stop(cause)) == EXIT_OK &&
		    (rc = db_exec(db, "COMMIT", cause)) == EXIT_OK) {
			res->wal_bytes = wal_size(conf->database);
			res->shipped = res->role.litefs ||
			    litestream_seen(db, conf->database);
		}
	}
	/* A mount gone mid-run refuses a write, or the journal's open. */
	err = sqlite3_errcode(db) & 0xff;
	*denied = rc != EXIT_OK && (err == SQLITE_READONLY ||
	    err == SQLITE_IOERR || err == SQLITE_CANTOPEN);
	if (res->locked && (rc != EXIT_OK || res->raced))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return (rc);
}

/*
 * Bring the database to the newest version. Returns an exit code
 * (exitcode.h); on failure nothing was changed.
 */
static int
file_run(const struct config *conf, const struct migration_set *set,
    int64_t baseline, const struct migrate_hooks *hooks,
    struct migrate_result *res, char **cause)
{
	struct db_wait	 w;
	struct watch	 wt;
	sqlite3		*db;
	int64_t		 start;
	char		*why;
	int		 rc, denied;
	int		 follower = res->role.role == ROLE_FOLLOWER;

	if ((conf->create == CREATE_WAIT || follower) &&
	    (rc = wait_for_file(conf, hooks, cause)) != EXIT_OK)
		return (rc);
	if (follower) {
		rc = follow(conf, set, hooks, res, cause);
		if (rc != EXIT_OK || res->role.role == ROLE_FOLLOWER)
			return (rc);
		plan_free(&res->plan);
	}
	start = now_us();	/* the run's time: the lock's wait, not the file's */
	run_wait(&w, conf, hooks);
	if ((rc = look(conf, set, baseline, hooks, &w, res, cause)) != EXIT_OK)
		goto done;
	if (res->plan.ndrift > 0) {
		xasprintf(cause, "history and migration files disagree");
		return (EXIT_DRIFT);
	}
	if (res->plan.nsteps == 0)
		return (EXIT_OK);
	plan_free(&res->plan);

	if ((rc = check_stop(cause)) != EXIT_OK ||
	    (rc = db_open(conf->database, conf->create == CREATE_YES ?
	    DB_CREATE : 0, &w, &db, cause)) != EXIT_OK)
		goto done;
	watch_init(&wt, db, hooks);
	if (hooks != NULL && hooks->opened != NULL)
		hooks->opened(db, 0, hooks->arg);
	if ((rc = write_run(db, conf, set, baseline, hooks, &w, &wt, res,
	    &denied, cause)) == EXIT_TEMPFAIL && denied && res->role.litefs) {
		xasprintf(&why, "%s (on LiteFS: this node lost the primary's "
		    "lease, or is a replica; nothing was written)", *cause);
		free(*cause);
		*cause = why;
	}
	db_close(db);
	res->duration_us = now_us() - start;
done:
	/* A wait or a statement that a stop cut short: say so, not "busy". */
	if (rc != EXIT_OK && rc != EXIT_INTERRUPTED && db_stopped()) {
		free(*cause);
		rc = check_stop(cause);
	}
	return (rc);
}

const struct backend backend_file = {
	.name = "file",
	.prefix = NULL,
	.caps = BACKEND_BACKUP | BACKEND_ADOPT | BACKEND_FILE,
	.look = file_look,
	.run = file_run
};
