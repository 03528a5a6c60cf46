/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connstate.h"
#include "db.h"
#include "exitcode.h"
#include "tap.h"

/*
 * What a migration may change about the connection: which PRAGMAs are
 * refused, which are put back, and that they are (also one SQLite cannot
 * read back), along with the TEMP objects a migration leaves.
 */

static int
value(sqlite3 *db, const char *sql)
{
	char	*cause = NULL;
	int	 v = -1;

	db_int(db, sql, &v, &cause);
	free(cause);
	return (v);
}

int
main(void)
{
	struct connstate	 saved;
	sqlite3			*db;
	uint64_t		 bits;
	char			*cause = NULL;

	tap_ok(connstate_refused("journal_mode") != NULL &&
	    connstate_refused("FOREIGN_KEYS") != NULL &&
	    connstate_refused("synchronous") != NULL &&
	    connstate_refused("schema_version") != NULL,
	    "what the run owns is refused, in any case");
	tap_ok(connstate_refused("legacy_alter_table") == NULL &&
	    connstate_refused("table_info") == NULL,
	    "settings and queries are not");
	tap_ok(connstate_setting("legacy_alter_table") != 0 &&
	    connstate_setting("Recursive_Triggers") != 0 &&
	    connstate_setting("legacy_alter_table") !=
	    connstate_setting("recursive_triggers"),
	    "each connection setting has a bit of its own");
	tap_ok(connstate_setting("application_id") == 0 &&
	    connstate_setting("table_info") == 0,
	    "settings of the file, and queries, are not put back");

	if (db_open(":memory:", DB_CREATE, NULL, &db, &cause) != EXIT_OK)
		abort();
	db_exec(db, "CREATE TABLE t(x); CREATE TABLE log(m); BEGIN", &cause);
	bits = connstate_setting("legacy_alter_table") |
	    connstate_setting("case_sensitive_like") |
	    connstate_setting("cache_size") | CONNSTATE_TEMP;
	is_int(connstate_save(db, bits, &saved, &cause), EXIT_OK,
	    "save the settings a migration changes");
	db_exec(db, "PRAGMA legacy_alter_table = ON; "
	    "PRAGMA case_sensitive_like = ON; PRAGMA cache_size = 7; "
	    "CREATE TEMP TABLE scratch(x); CREATE TEMP VIEW v AS SELECT 1; "
	    "CREATE TEMP TRIGGER t_log AFTER INSERT ON main.t BEGIN "
	    "INSERT INTO log VALUES ('x'); END", &cause);
	is_int(value(db, "SELECT 'A' LIKE 'a'"), 0, "the migration's LIKE "
	    "is case-sensitive");
	is_int(connstate_restore(db, &saved, &cause), EXIT_OK,
	    "put them back, inside the transaction");
	is_int(value(db, "PRAGMA legacy_alter_table"), 0,
	    "legacy_alter_table is off again");
	is_int(value(db, "PRAGMA cache_size"), -2000, "cache_size is back");
	is_int(value(db, "SELECT 'A' LIKE 'a'"), 1,
	    "LIKE ignores case again (a setting SQLite cannot read)");
	is_int(value(db, "SELECT count(*) FROM temp.sqlite_master"), 0,
	    "the TEMP table, view and trigger are gone");
	db_exec(db, "INSERT INTO t VALUES (1)", &cause);
	is_int(value(db, "SELECT count(*) FROM log"), 0,
	    "the trigger no longer fires");
	db_exec(db, "COMMIT", &cause);
	db_close(db);
	free(cause);
	return (tap_done());
}
