/* SPDX-License-Identifier: MIT */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "db.h"
#include "exitcode.h"
#include "history.h"
#include "migrations.h"
#include "plan.h"
#include "xmalloc.h"

/*
 * The history table, schemad_history, in the migrated database itself: one
 * row a migration version, written in the same transaction as the
 * migration, so that a row exists exactly when its migration committed.
 * In a Flyway directory, version is the migration's place in Flyway's
 * order, and label Flyway's own version ("1.10"); label is NULL
 * otherwise. sql_checksum is the checksum of the statements alone
 * (migrations_sql_checksum), which an edit of comments or layout leaves
 * as it was; NULL in a row recorded before it was kept. (A table made
 * before a column existed gets it with the next run that records
 * something.)
 *
 * Repeatable migrations have a table of their own, schemad_repeatable,
 * made when a directory first has one: a row a name, with the checksum of
 * the text that last ran.
 *
 * Every backend (backend.h) makes, reads and writes these tables with the
 * SQL written here: the tables, the SELECTs, and the statements that
 * record a step (history_statements), with their values. Only the
 * reading of rows and the binding of values are a backend's own. A
 * version's row is INSERTed, so that of two deployers that planned the
 * same version without a lock between them (rqlite), the second fails
 * and its whole run rolls back; and a repeatable's row of another text
 * is deleted before its new one is inserted, for the same reason.
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
    "\tlabel       TEXT,\n"
    "\tsql_checksum TEXT\n"
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

/*
 * What `schemad accept` recorded: a row each time drift was accepted
 * (accept.c), never changed or removed by schemad.
 */
const char accept_ddl[] =
    "CREATE TABLE IF NOT EXISTS " ACCEPT_TABLE " (\n"
    "\tid          INTEGER PRIMARY KEY,\n"
    "\tversion     INTEGER NOT NULL,\n"
    "\tname        TEXT NOT NULL,\n"
    "\twhat        TEXT NOT NULL\n"
    "\t            CHECK (what IN ('changed', 'renamed', 'forgotten')),\n"
    "\told_name    TEXT,\n"
    "\told_checksum TEXT,\n"
    "\tnew_checksum TEXT,\n"
    "\told_sql_checksum TEXT,\n"
    "\tnew_sql_checksum TEXT,\n"
    "\tforced      INTEGER NOT NULL,\n"
    "\tapplied_at  TEXT,\n"
    "\taccepted_at TEXT NOT NULL,\n"
    "\tuid         INTEGER NOT NULL,\n"
    "\tuser        TEXT,\n"
    "\treason      TEXT,\n"
    "\taccepted_by TEXT NOT NULL\n"
    ")";

/* Its rows, in the order of history_accept_set's v. */
const char accept_select[] = "SELECT version, uid, forced, name, what, "
    "applied_at, accepted_at, user, reason FROM " ACCEPT_TABLE
    " ORDER BY version, id";

/* The tables of a database with no history: someone else's schema. */
const char history_user_tables[] =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT "
    "LIKE 'sqlite_%' AND name NOT IN ('_litestream_seq', '_litestream_lock')";

/*
 * Which of the tables there are: 1 the history, 2 the repeatables', 4
 * the accepted.
 */
const char history_tables[] =
    "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
    "name = '" HISTORY_TABLE "') + 2 * (SELECT count(*) FROM sqlite_master "
    "WHERE type = 'table' AND name = '" REPEAT_TABLE "') + 4 * (SELECT "
    "count(*) FROM sqlite_master WHERE type = 'table' AND name = '"
    ACCEPT_TABLE "')";

/*
 * The rows, whatever columns a table made by an older schemad has: each
 * is read by its name (history_row_field), and a column it lacks
 * (history_lacks) is NULL, and added by the next run that records
 * something.
 */
const char history_select[] = "SELECT * FROM " HISTORY_TABLE
    " ORDER BY version";
const char repeat_select[] = "SELECT * FROM " REPEAT_TABLE " ORDER BY name";

/* The columns added since the table was first made, and their bits. */
static const struct {
	const char	*name;
	const char	*add;
} added[] = {
	{ "label", "ALTER TABLE " HISTORY_TABLE " ADD COLUMN label TEXT" },
	{ "sql_checksum", "ALTER TABLE " HISTORY_TABLE " ADD COLUMN "
	    "sql_checksum TEXT" },
};
#define NADDED	(sizeof added / sizeof added[0])
#define ADDED_ALL	((1u << NADDED) - 1)

#define RECORD_COLUMNS	"version, name, checksum, status, applied_at, " \
	"duration_us, applied_by, detail, label, sql_checksum"
static const char *const record_sql[HISTORY_NSQL] = {
	[HISTORY_INSERT] = "INSERT INTO " HISTORY_TABLE " (" RECORD_COLUMNS
	    ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[HISTORY_REPLACE] = "INSERT OR REPLACE INTO " HISTORY_TABLE " ("
	    RECORD_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[HISTORY_FORGET] = "DELETE FROM " REPEAT_TABLE " WHERE name = ? AND "
	    "checksum <> ?",
	[HISTORY_REPEAT] = "INSERT INTO " REPEAT_TABLE " (name, checksum, "
	    "status, applied_at, duration_us, applied_by, detail) VALUES (?, "
	    "?, ?, ?, ?, ?, ?)"
};

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

/*
 * Set the field of h that the column name holds, from its value: text
 * (NULL for NULL) or, for the two numbers, i. A column of no field (such
 * as applied_by) is not read.
 */
void
history_row_field(struct history_row *h, const char *name, const char *text,
    int64_t i)
{
	char	**field = NULL;

	if (strcmp(name, "version") == 0)
		h->version = i;
	else if (strcmp(name, "duration_us") == 0)
		h->duration_us = i;
	else if (strcmp(name, "status") == 0)
		h->status = history_status_parse(text);
	else if (strcmp(name, "name") == 0)
		field = &h->name;
	else if (strcmp(name, "checksum") == 0)
		field = &h->checksum;
	else if (strcmp(name, "applied_at") == 0)
		field = &h->applied_at;
	else if (strcmp(name, "detail") == 0)
		field = &h->detail;
	else if (strcmp(name, "label") == 0)
		field = &h->label;
	else if (strcmp(name, "sql_checksum") == 0)
		field = &h->sql_checksum;
	if (field != NULL && text != NULL)
		*field = xstrdup(text);
}

/* Which of the columns added since the first table one of names lacks. */
unsigned
history_lacks(const char *const *names, size_t n)
{
	unsigned	lacks = ADDED_ALL;
	size_t		i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < NADDED; j++)
			if (strcmp(names[i], added[j].name) == 0)
				lacks &= ~(1u << j);
	}
	return (lacks);
}

/* The statement that adds the first column lacks has, or NULL. */
const char *
history_add_column(unsigned lacks)
{
	size_t	j;

	for (j = 0; j < NADDED; j++)
		if (lacks & (1u << j))
			return (added[j].add);
	return (NULL);
}

/*
 * An accepted row from its values: v holds name, what, applied_at,
 * accepted_at, user and reason (each NULL for NULL).
 */
void
history_accept_set(struct history_accept *a, const char *const *v,
    int64_t version, int64_t uid, int forced)
{
	char	**field[] = { &a->name, &a->what, &a->applied_at,
		    &a->accepted_at, &a->user, &a->reason };
	size_t	  i;

	memset(a, 0, sizeof *a);
	a->version = version;
	a->uid = uid;
	a->forced = forced;
	for (i = 0; i < sizeof field / sizeof field[0]; i++)
		*field[i] = v[i] != NULL ? xstrdup(v[i]) : NULL;
	if (a->name == NULL)
		a->name = xstrdup("");
	if (a->what == NULL)
		a->what = xstrdup("");
}

/* The accepted table's rows (accept_select) into hist. */
static int
history_read_accepted(sqlite3 *db, struct history *hist, char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*v[6];
	int		 rc, i;

	if ((rc = sqlite3_prepare_v2(db, accept_select, -1, &stmt, NULL)) !=
	    SQLITE_OK)
		return (db_fail(db, rc, "reading the history", cause));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		hist->acc = xreallocarray(hist->acc, hist->nacc + 1,
		    sizeof *hist->acc);
		for (i = 0; i < 6; i++)
			v[i] = (const char *)sqlite3_column_text(stmt, 3 + i);
		history_accept_set(&hist->acc[hist->nacc++], v,
		    sqlite3_column_int64(stmt, 0),
		    sqlite3_column_int64(stmt, 1),
		    sqlite3_column_int(stmt, 2));
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return (db_fail(db, rc, "reading the history", cause));
	return (EXIT_OK);
}

/* Read the rows of sql into *v, *n; *lacks, unless NULL, as above. */
static int
history_read_rows(sqlite3 *db, const char *sql, struct history_row **v,
    size_t *n, unsigned *lacks, char **cause)
{
	sqlite3_stmt		*stmt;
	struct history_row	*row;
	const char		*names[32];
	size_t			 size = 0;
	int			 rc, col, ncol;

	if ((rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL)) != SQLITE_OK)
		return (db_fail(db, rc, "reading the history", cause));
	ncol = sqlite3_column_count(stmt);
	ncol = ncol > 32 ? 32 : ncol;
	for (col = 0; col < ncol; col++)
		names[col] = sqlite3_column_name(stmt, col);
	if (lacks != NULL)
		*lacks = history_lacks(names, (size_t)ncol);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*n == size) {
			size = size == 0 ? 64 : size * 2;
			*v = xreallocarray(*v, size, sizeof **v);
		}
		row = &(*v)[(*n)++];
		memset(row, 0, sizeof *row);
		for (col = 0; col < ncol; col++)
			history_row_field(row, names[col], (const char *)
			    sqlite3_column_text(stmt, col),
			    sqlite3_column_int64(stmt, col));
		if (row->name == NULL)
			row->name = xstrdup("");
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
	int	rc, tables = 0;

	memset(hist, 0, sizeof *hist);
	rc = db_int(db, "PRAGMA user_version", &hist->user_version, cause);
	if (rc == EXIT_OK)
		rc = db_int(db, history_tables, &tables, cause);
	hist->exists = tables & 1;
	if (rc == EXIT_OK && hist->exists)
		rc = history_read_rows(db, history_select, &hist->v, &hist->n,
		    &hist->lacks, cause);
	if (rc == EXIT_OK && (tables & 2))
		rc = history_read_rows(db, repeat_select, &hist->rep,
		    &hist->nrep, NULL, cause);
	if (rc == EXIT_OK && (tables & 4))
		rc = history_read_accepted(db, hist, cause);
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
		free(v[i].sql_checksum);
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
	rc = db_int(db, history_tables, &exists, cause);
	if (rc != EXIT_OK || !(exists & 1))
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
	size_t	i;

	history_free_rows(hist->v, hist->n);
	history_free_rows(hist->rep, hist->nrep);
	for (i = 0; i < hist->nacc; i++) {
		free(hist->acc[i].name);
		free(hist->acc[i].what);
		free(hist->acc[i].applied_at);
		free(hist->acc[i].accepted_at);
		free(hist->acc[i].user);
		free(hist->acc[i].reason);
	}
	free(hist->acc);
	memset(hist, 0, sizeof *hist);
}

/*
 * Make the history table, or give one that lacks (history_lacks) the
 * columns added since; and the repeatables' table, if the directory has
 * repeatable migrations.
 */
int
history_create(sqlite3 *db, unsigned lacks, int repeatables, char **cause)
{
	const char	*add;
	int		 rc;

	rc = db_exec(db, history_ddl, cause);
	while (rc == EXIT_OK && (add = history_add_column(lacks)) != NULL) {
		rc = db_exec(db, add, cause);
		lacks &= lacks - 1;
	}
	if (rc == EXIT_OK && repeatables)
		rc = db_exec(db, repeat_ddl, cause);
	return (rc);
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

/* A row for m, recorded now, with no detail. */
void
history_entry(struct history_entry *e, const struct migration *m,
    enum history_status status, int64_t duration_us)
{
	struct timespec	ts;
	struct tm	tm;
	size_t		n;

	memset(e, 0, sizeof *e);
	e->m = m;
	e->status = status;
	e->duration_us = duration_us;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(e->applied_at, sizeof e->applied_at, "%Y-%m-%dT%H:%M:%S",
	    &tm);
	snprintf(e->applied_at + n, sizeof e->applied_at - n, ".%03ldZ",
	    ts.tv_nsec / 1000000);
}

/* The row for a step of the plan: its status, and why, when not applied. */
void
history_entry_step(struct history_entry *e, const struct plan *plan,
    const struct plan_step *step, int64_t baseline, int64_t duration_us)
{
	enum history_status	status = HISTORY_APPLIED;

	if (step->action == PLAN_SKIP)
		status = HISTORY_SKIPPED;
	else if (step->action != PLAN_APPLY)
		status = HISTORY_BASELINE;
	history_entry(e, step->m, status, duration_us);
	e->retry = step->retry;
	switch (step->action) {
	case PLAN_APPLY:
		break;
	case PLAN_SKIP:
		strcpy(e->detail, "requires ");
		caps_format(step->missing, e->detail + strlen(e->detail),
		    sizeof e->detail - strlen(e->detail));
		break;
	case PLAN_BASELINE:
		snprintf(e->detail, sizeof e->detail, "--baseline %" PRId64,
		    baseline);
		break;
	case PLAN_ADOPT:
		snprintf(e->detail, sizeof e->detail, "adopted from %s (%s)",
		    plan->adopt_tool, plan->adopt_table);
		break;
	}
}

static void
value_int(struct history_stmt *st, int64_t i)
{
	st->v[st->n].number = 1;
	st->v[st->n++].i = i;
}

static void
value_str(struct history_stmt *st, const char *s)
{
	st->v[st->n].number = 0;
	st->v[st->n++].s = s;
}

/*
 * The statements that record e, in the order they run, with their values:
 * a version's row, or a repeatable's (after its row of another text).
 */
size_t
history_statements(const struct history_entry *e, struct history_stmt out[2])
{
	const struct migration	*m = e->m;
	struct history_stmt	*st = out;
	const char		*detail = *e->detail == '\0' ? NULL : e->detail;

	memset(out, 0, 2 * sizeof *out);
	if (m->kind == NAME_REPEAT) {
		st->sql = HISTORY_FORGET;
		value_str(st, m->name);
		value_str(st, m->checksum);
		st++;
		st->sql = HISTORY_REPEAT;
	} else {
		st->sql = e->retry ? HISTORY_REPLACE : HISTORY_INSERT;
		value_int(st, m->version);
	}
	value_str(st, m->name);
	value_str(st, m->checksum);
	value_str(st, status_names[e->status]);
	value_str(st, e->applied_at);
	value_int(st, e->duration_us);
	value_str(st, history_by());
	value_str(st, detail);
	if (m->kind != NAME_REPEAT) {
		value_str(st, m->label);
		value_str(st, *e->sql_checksum == '\0' ? NULL :
		    e->sql_checksum);
	}
	out[0].text = record_sql[out[0].sql];
	out[1].text = record_sql[out[1].sql];
	return ((size_t)(st - out) + 1);
}

/* Record e on r's database, preparing each statement once a run. */
int
history_record(struct history_recorder *r, const struct history_entry *e,
    char **cause)
{
	struct history_stmt	 st[2];
	sqlite3_stmt		**stmt;
	size_t			 i, j, n;
	int			 rc = EXIT_OK;

	n = history_statements(e, st);
	for (i = 0; rc == EXIT_OK && i < n; i++) {
		stmt = &r->stmt[st[i].sql];
		if (*stmt == NULL && (rc = sqlite3_prepare_v3(r->db,
		    st[i].text, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL)) !=
		    SQLITE_OK)
			return (db_fail(r->db, rc, "recording history", cause));
		for (j = 0; j < st[i].n; j++) {
			if (st[i].v[j].number)
				sqlite3_bind_int64(*stmt, (int)j + 1,
				    st[i].v[j].i);
			else
				sqlite3_bind_text(*stmt, (int)j + 1,
				    st[i].v[j].s, -1, SQLITE_STATIC);
		}
		rc = db_run(*stmt, "recording history", cause);
		sqlite3_clear_bindings(*stmt);
	}
	return (rc);
}

void
history_recorder_free(struct history_recorder *r)
{
	size_t	i;

	for (i = 0; i < HISTORY_NSQL; i++)
		sqlite3_finalize(r->stmt[i]);
	memset(r, 0, sizeof *r);
}
