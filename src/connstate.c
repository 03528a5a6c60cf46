/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "connstate.h"
#include "db.h"
#include "exitcode.h"
#include "xmalloc.h"

/*
 * What a migration may change about the connection that runs it, and how
 * the run puts it back. All pending migrations run in one transaction on
 * one connection, and a file must run in the same connection state
 * whether it is applied alone or with others, or a fresh install and a
 * step-by-step upgrade could end with different schemas (after
 * legacy_alter_table in one file, a RENAME in the next would leave views
 * and foreign keys alone in one run, and rewrite them in two). So a
 * PRAGMA that sets something is
 *
 *	refused		what the run itself owns (foreign_keys, journal_mode,
 *			locking_mode, synchronous, user_version) or what no
 *			file may touch (schema_version, the process's
 *			directories)
 *	reset		a connection setting (legacy_alter_table,
 *			writable_schema, recursive_triggers, ...): the
 *			scanner notes which a file sets (struct migration's
 *			settings), connstate_save() reads them before it
 *			runs and connstate_restore() puts them back after
 *	let be		a query, or a setting of the database file itself
 *			(application_id), which is part of the schema
 *
 * Reading a setting (PRAGMA foreign_keys;) is never refused. And after a
 * file that may have made TEMP objects (CONNSTATE_TEMP: its text says
 * "temp" somewhere) they are dropped: a temporary table of one file must
 * not meet the next file's CREATE TEMP TABLE, nor a temporary trigger fire
 * on its statements.
 */

static const struct {
	const char	*name;
	const char	*why;
} refused[] = {
	{ "foreign_keys", "PRAGMA foreign_keys does nothing inside a "
	    "transaction; schemad turns foreign keys off for the run and "
	    "runs foreign_key_check before it commits" },
	{ "journal_mode", "PRAGMA journal_mode cannot change inside a "
	    "transaction; set journal_mode in the configuration" },
	{ "locking_mode", "PRAGMA locking_mode must not change during a "
	    "migration run" },
	{ "user_version", "PRAGMA user_version is set by schemad to the "
	    "newest migration's version" },
	{ "schema_version", "PRAGMA schema_version must not be set: SQLite "
	    "can then no longer tell that the schema changed" },
	{ "synchronous", "PRAGMA synchronous cannot change inside a "
	    "transaction; schemad runs with synchronous = EXTRA and syncs "
	    "once, at COMMIT" },
	{ "temp_store_directory", "PRAGMA temp_store_directory changes the "
	    "whole process, not the migration" },
	{ "data_store_directory", "PRAGMA data_store_directory changes the "
	    "whole process, not the migration" },
};

/*
 * The connection settings that are put back after a file; reset is the
 * value for those SQLite cannot read back (NULL: it can).
 */
static const struct {
	const char	*name;
	const char	*reset;
} settings[] = {
	{ "analysis_limit", NULL },
	{ "automatic_index", NULL },
	{ "busy_timeout", NULL },	/* no wait follows: the run holds
					   the exclusive lock */
	{ "cache_size", NULL },
	{ "cache_spill", NULL },
	{ "case_sensitive_like", "OFF" },
	{ "cell_size_check", NULL },
	{ "checkpoint_fullfsync", NULL },
	{ "count_changes", NULL },
	{ "defer_foreign_keys", NULL },
	{ "empty_result_callbacks", NULL },
	{ "full_column_names", NULL },
	{ "fullfsync", NULL },
	{ "hard_heap_limit", NULL },
	{ "ignore_check_constraints", NULL },
	{ "journal_size_limit", NULL },
	{ "legacy_alter_table", NULL },
	{ "max_page_count", NULL },
	{ "mmap_size", NULL },
	{ "query_only", NULL },
	{ "read_uncommitted", NULL },
	{ "recursive_triggers", NULL },
	{ "reverse_unordered_selects", NULL },
	{ "secure_delete", NULL },
	{ "short_column_names", NULL },
	{ "soft_heap_limit", NULL },
	{ "temp_store", NULL },
	{ "threads", NULL },
	{ "trusted_schema", NULL },
	{ "wal_autocheckpoint", NULL },
	{ "writable_schema", NULL },
};
#define NSETTINGS	(sizeof settings / sizeof settings[0])

_Static_assert(NSETTINGS <= CONNSTATE_MAX, "too many settings");

static int	drop_temp(sqlite3 *, char **);

/* Why a migration may not set this PRAGMA, or NULL when it may. */
const char *
connstate_refused(const char *pragma)
{
	size_t	i;

	for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		if (strcasecmp(pragma, refused[i].name) == 0)
			return (refused[i].why);
	}
	return (NULL);
}

/* The bit of a connection setting, or 0 for any other PRAGMA. */
uint64_t
connstate_setting(const char *pragma)
{
	size_t	i;

	for (i = 0; i < NSETTINGS; i++) {
		if (strcasecmp(pragma, settings[i].name) == 0)
			return ((uint64_t)1 << i);
	}
	return (0);
}

/* Read the settings that a migration is about to change. */
int
connstate_save(sqlite3 *db, uint64_t bits, struct connstate *saved,
    char **cause)
{
	char	sql[64];
	size_t	i;
	int	rc;

	saved->settings = bits;
	for (i = 0; i < NSETTINGS; i++) {
		if ((bits & ((uint64_t)1 << i)) == 0)
			continue;
		if (settings[i].reset != NULL) {
			snprintf(saved->value[i], sizeof saved->value[i], "%s",
			    settings[i].reset);
			continue;
		}
		snprintf(sql, sizeof sql, "PRAGMA %s", settings[i].name);
		rc = db_text(db, sql, saved->value[i], sizeof saved->value[i],
		    cause);
		if (rc != EXIT_OK)
			return (rc);
	}
	return (EXIT_OK);
}

/*
 * Drop every TEMP object: triggers and views first, then tables. (Not
 * while reading the schema: SQLite refuses to drop a table then.)
 */
static int
drop_temp(sqlite3 *db, char **cause)
{
	static const char sql[] = "SELECT group_concat(printf('DROP %s IF "
	    "EXISTS temp.\"%w\";', type, name), ' ') FROM (SELECT type, name "
	    "FROM temp.sqlite_master WHERE type IN ('trigger', 'view', "
	    "'table') ORDER BY type = 'table')";
	sqlite3_stmt	*stmt;
	char		*drops = NULL;
	int		 rc;

	if ((rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL)) != SQLITE_OK)
		return (db_fail(db, rc, "temp.sqlite_master", cause));
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW &&
	    sqlite3_column_text(stmt, 0) != NULL)
		drops = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		rc = db_fail(db, rc, "temp.sqlite_master", cause);
	else if (drops != NULL)
		rc = db_exec(db, drops, cause);
	else
		rc = EXIT_OK;
	free(drops);
	return (rc);
}

/*
 * After a migration: put back the settings it changed, and drop the TEMP
 * objects it left.
 */
int
connstate_restore(sqlite3 *db, const struct connstate *saved, char **cause)
{
	char	sql[96];
	size_t	i;
	int	rc;

	for (i = 0; i < NSETTINGS; i++) {
		if ((saved->settings & ((uint64_t)1 << i)) == 0)
			continue;
		snprintf(sql, sizeof sql, "PRAGMA %s = %s", settings[i].name,
		    saved->value[i]);
		if ((rc = db_exec(db, sql, cause)) != EXIT_OK)
			return (rc);
	}
	if (saved->settings & CONNSTATE_TEMP)
		return (drop_temp(db, cause));
	return (EXIT_OK);
}
