/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "exitcode.h"
#include "history.h"
#include "migrations.h"
#include "xmalloc.h"

/*
 * The history table, schemad_history, in the migrated database itself: one
 * row a migration version, written in the same transaction as the
 * migration, so that a row exists exactly when its migration committed.
 * In a Flyway directory, version is the migration's place in Flyway's
 * order, and label Flyway's own version ("1.10"); label is NULL
 * otherwise. (A table made before label existed gets it with the next run
 * that records something.)
 *
 * Repeatable migrations have a table of their own, schemad_repeatable,
 * made when a directory first has one: a row a name, with the checksum of
 * the text that last ran.
 */

static const char *const status_names[] = { "applied", "baseline", "skipped" };

const char history_ddl[] =
    "CREATE TABLE IF NOT EXISTS " HISTORY_TABLE " (\n"
    "\tversion     INTEGER PRIMARY KEY,\n"
    "\tname        TEXT NOT NULL,\n"
    "\tchecksum    TEXT,\n"
    "\tstatus      TEXT NOT NULL\n"
    "\t            CHECK (status IN ('applied', 'baseline', 'skipped')),\n"
    "\tapplied_at  TEXT NOT NULL,\n"
    "\tduration_us INTEGER NOT NULL,\n"
    "\tapplied_by  TEXT NOT NULL,\n"
    "\tdetail      TEXT,\n"
    "\tlabel       TEXT\n"
    ")";

const char repeat_ddl[] =
    "CREATE TABLE IF NOT EXISTS " REPEAT_TABLE " (\n"
    "\tname        TEXT PRIMARY KEY,\n"
    "\tchecksum    TEXT NOT NULL,\n"
    "\tstatus      TEXT NOT NULL\n"
    "\t            CHECK (status IN ('applied', 'baseline')),\n"
    "\tapplied_at  TEXT NOT NULL,\n"
    "\tduration_us INTEGER NOT NULL,\n"
    "\tapplied_by  TEXT NOT NULL,\n"
    "\tdetail      TEXT\n"
    ") WITHOUT ROWID";

/* The tables of a database with no history: someone else's schema. */
const char history_user_tables[] =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT "
    "LIKE 'sqlite_%' AND name NOT IN ('_litestream_seq', '_litestream_lock')";

#define HAS_LABEL	"SELECT count(*) FROM pragma_table_info('" \
	HISTORY_TABLE "') WHERE name = 'label'"

const char *
history_status_name(enum history_status status)
{
	return (status_names[status]);
}

enum history_status
history_status_parse(const char *name)
{
	int	i;

	for (i = 0; i < 3; i++) {
		if (name != NULL && strcmp(name, status_names[i]) == 0)
			return (i);
	}
	return (HISTORY_APPLIED);
}

static char *
column_strdup(sqlite3_stmt *stmt, int col)
{
	const unsigned char	*s = sqlite3_column_text(stmt, col);

	return (s == NULL ? NULL : xstrdup((const char *)s));
}

/* Read the rows of sql into *v, *n. */
static int
history_read_rows(sqlite3 *db, const char *sql, struct history_row **v,
    size_t *n, char **cause)
{
	sqlite3_stmt		*stmt;
	struct history_row	*row;
	size_t			 size = 0;
	int			 rc;

	if ((rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL)) != SQLITE_OK)
		return (db_fail(db, rc, "reading the history", cause));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*n == size) {
			size = size == 0 ? 64 : size * 2;
			*v = xreallocarray(*v, size, sizeof **v);
		}
		row = &(*v)[(*n)++];
		row->version = sqlite3_column_int64(stmt, 0);
		row->name = column_strdup(stmt, 1);
		row->checksum = column_strdup(stmt, 2);
		row->status = history_status_parse((const char *)
		    sqlite3_column_text(stmt, 3));
		row->applied_at = column_strdup(stmt, 4);
		row->duration_us = sqlite3_column_int64(stmt, 5);
		row->detail = column_strdup(stmt, 6);
		row->label = column_strdup(stmt, 7);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (db_fail(db, rc, "reading the history", cause));
	return (EXIT_OK);
}

/*
 * Read user_version and the history. The caller holds a transaction, so
 * that both come from one snapshot.
 */
int
history_read(sqlite3 *db, struct history *hist, char **cause)
{
	int	rc, label = 0, repeat = 0;

	memset(hist, 0, sizeof *hist);
	rc = db_int(db, "PRAGMA user_version", &hist->user_version, cause);
	if (rc == EXIT_OK)
		rc = db_int(db, "SELECT count(*) FROM sqlite_master WHERE "
		    "type = 'table' AND name = '" HISTORY_TABLE "'",
		    &hist->exists, cause);
	if (rc == EXIT_OK)
		rc = db_int(db, "SELECT count(*) FROM sqlite_master WHERE "
		    "type = 'table' AND name = '" REPEAT_TABLE "'", &repeat,
		    cause);
	if (rc == EXIT_OK && hist->exists)
		rc = db_int(db, HAS_LABEL, &label, cause);
	if (rc == EXIT_OK && hist->exists)
		rc = history_read_rows(db, label ? "SELECT version, name, "
		    "checksum, status, applied_at, duration_us, detail, label "
		    "FROM " HISTORY_TABLE " ORDER BY version" : "SELECT "
		    "version, name, checksum, status, applied_at, duration_us, "
		    "detail, NULL FROM " HISTORY_TABLE " ORDER BY version",
		    &hist->v, &hist->n, cause);
	if (rc == EXIT_OK && repeat)
		rc = history_read_rows(db, "SELECT 0, name, checksum, status, "
		    "applied_at, duration_us, detail, NULL FROM " REPEAT_TABLE
		    " ORDER BY name", &hist->rep, &hist->nrep, cause);
	return (rc);
}

static void
history_free_rows(struct history_row *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].checksum);
		free(v[i].applied_at);
		free(v[i].detail);
		free(v[i].label);
	}
	free(v);
}

/* The newest version in the history, 0 without one: a follower's watch. */
int
history_newest(sqlite3 *db, int64_t *version, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc, exists;

	*version = 0;
	rc = db_int(db, "SELECT count(*) FROM sqlite_master WHERE type = "
	    "'table' AND name = '" HISTORY_TABLE "'", &exists, cause);
	if (rc != EXIT_OK || !exists)
		return (rc);
	if ((rc = sqlite3_prepare_v2(db, "SELECT coalesce(max(version), 0) "
	    "FROM " HISTORY_TABLE, -1, &stmt, NULL)) != SQLITE_OK)
		return (db_fail(db, rc, "reading the history", cause));
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*version = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return (db_fail(db, rc, "reading the history", cause));
	return (EXIT_OK);
}

void
history_free(struct history *hist)
{
	history_free_rows(hist->v, hist->n);
	history_free_rows(hist->rep, hist->nrep);
	memset(hist, 0, sizeof *hist);
}

/*
 * Make the history table, or give an older one its label column; and the
 * repeatables' table, if the directory has repeatable migrations.
 */
int
history_create(sqlite3 *db, int repeatables, char **cause)
{
	int	rc, label;

	rc = db_exec(db, history_ddl, cause);
	if (rc == EXIT_OK)
		rc = db_int(db, HAS_LABEL, &label, cause);
	if (rc == EXIT_OK && !label)
		rc = db_exec(db, "ALTER TABLE " HISTORY_TABLE " ADD COLUMN "
		    "label TEXT", cause);
	if (rc == EXIT_OK && repeatables)
		rc = db_exec(db, repeat_ddl, cause);
	return (rc);
}

/*
 * Prepare the statement that records migrations, or repeatable ones, once
 * a run (migrate.c's struct step_sql); the caller finalizes it. Both take
 * the same parameters, as history_record binds them.
 */
int
history_recorder(sqlite3 *db, int repeatables, sqlite3_stmt **stmt,
    char **cause)
{
	static const char history_sql[] = "INSERT OR REPLACE INTO "
	    HISTORY_TABLE " (version, name, checksum, status, applied_at, "
	    "duration_us, applied_by, detail, label) VALUES (?1, ?2, ?3, ?4, "
	    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?5, ?6, ?7, ?8)";
	static const char repeat_sql[] = "INSERT OR REPLACE INTO "
	    REPEAT_TABLE " (name, checksum, status, applied_at, duration_us, "
	    "applied_by, detail) VALUES (?2, ?3, ?4, "
	    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?5, ?6, ?7)";
	int	rc;

	if ((rc = sqlite3_prepare_v3(db, repeatables ? repeat_sql :
	    history_sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL)) !=
	    SQLITE_OK)
		return (db_fail(db, rc, "recording history", cause));
	return (EXIT_OK);
}

/* Who records a row: "schemad 0.1.0 pid 42 on host". */
const char *
history_by(void)
{
	static char	 by[320];
	char		 host[256];

	if (*by == '\0') {
		if (gethostname(host, sizeof host) != 0)
			snprintf(host, sizeof host, "unknown");
		host[sizeof host - 1] = '\0';
		snprintf(by, sizeof by, "schemad %s pid %ld on %s",
		    PACKAGE_VERSION, (long)getpid(), host);
	}
	return (by);
}

/* Record one migration; a row for a skipped version is replaced. */
int
history_record(sqlite3_stmt *stmt, const struct migration *m,
    enum history_status status, int64_t duration_us, const char *detail,
    char **cause)
{
	const char	*by = history_by();
	int		 rc;

	sqlite3_bind_int64(stmt, 1, m->version);
	sqlite3_bind_text(stmt, 2, m->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, m->checksum, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, status_names[status], -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, duration_us);
	sqlite3_bind_text(stmt, 6, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, detail, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(stmt) >= 8)
		sqlite3_bind_text(stmt, 8, m->label, -1, SQLITE_STATIC);
	rc = db_run(stmt, "recording history", cause);
	sqlite3_clear_bindings(stmt);
	return (rc);
}
