/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "errlist.h"
#include "exitcode.h"
#include "migrate.h"
#include "migrations.h"
#include "rqlite.h"
#include "tap.h"

/*
 * rqlite's refusals, which come before anything is sent: with nothing
 * listening, a file rqlite cannot run is refused (exit 5) naming its
 * line, a setting that needs the database's file is refused (exit 2),
 * and what it can run gets as far as the network (exit 75).
 */

static char		 dir[] = "/tmp/schemad-rqlite-XXXXXX";
static const char	*backup_dir;	/* the configuration's, for the next look */
static int		 adopt;

/* Look with only file 0002_x.sql holding text; the exit code. */
static int
look(const char *text, char **cause)
{
	struct migration_set	set;
	struct migrate_result	res;
	struct errlist		errors = { NULL, 0 };
	struct config		conf;
	int			rc;

	tap_put(dir, "0002_x.sql", text);
	if (migrations_scan(dir, 0, LAYOUT_AUTO, &set, &errors) != 0)
		abort();
	config_init(&conf);
	free(conf.database);
	conf.database = strdup("rqlite://127.0.0.1:1");
	conf.backup_dir = backup_dir != NULL ? strdup(backup_dir) : NULL;
	conf.adopt = adopt;
	*cause = NULL;
	rc = rqlite_look(&conf, &set, 0, &res, cause);
	migrate_result_free(&res);
	migrations_free(&set);
	config_free(&conf);
	errlist_free(&errors);
	return (rc);
}

static void
refused(const char *what, const char *text, const char *why)
{
	char	*cause;

	is_int(look(text, &cause), EXIT_INVALID, "refused: %s", what);
	tap_ok(cause != NULL && strstr(cause, why) != NULL,
	    "naming file, line and why: %s", cause ? cause : "");
	free(cause);
}

int
main(void)
{
	char	*cause, cmd[600];

	if (mkdtemp(dir) == NULL)
		abort();
	is_int(rqlite_is("rqlite://127.0.0.1:4001"), 1, "rqlite://: rqlite");
	is_int(rqlite_is("/var/lib/app.db"), 0, "a path: not rqlite");
	tap_put(dir, "0001_a.sql", "CREATE TABLE a (x);\n");
	refused("a PRAGMA, on line 2", "SELECT 1;\nPRAGMA cache_size = 10;\n",
	    "0002_x.sql:2: a PRAGMA");
	refused("SAVEPOINT", "SAVEPOINT s;\n", "0002_x.sql:1: a savepoint");
	refused("randomblob(), any case",
	    "INSERT INTO a VALUES (RandomBlob(4));\n",
	    "0002_x.sql:1: a value each node would compute");
	refused("date('now')", "INSERT INTO a VALUES (date('now'));\n",
	    "0002_x.sql:1: a value each node would compute");
	refused("a CURRENT_TIMESTAMP default",
	    "CREATE TABLE b (t TEXT DEFAULT CURRENT_TIMESTAMP);\n",
	    "0002_x.sql:1: a value each node would compute");
	is_int(look("INSERT INTO a VALUES ('pragmatic');\n", &cause),
	    EXIT_TEMPFAIL, "what rqlite can run reaches the network: 75");
	tap_ok(cause != NULL && strstr(cause, "rqlite") != NULL,
	    "saying rqlite did not answer: %s", cause ? cause : "");
	free(cause);

	backup_dir = "/var/backups/app";
	is_int(look("SELECT 1;\n", &cause), EXIT_USAGE,
	    "a backup directory: refused (exit 2)");
	tap_ok(cause != NULL && strstr(cause, "backup directory "
	    "/var/backups/app: not on rqlite") != NULL, "naming it: %s",
	    cause ? cause : "");
	free(cause);
	backup_dir = NULL;
	adopt = 1;
	is_int(look("SELECT 1;\n", &cause), EXIT_USAGE,
	    "adopt = yes: refused (exit 2)");
	tap_ok(cause != NULL && strstr(cause, "adopt = yes: not on rqlite") !=
	    NULL, "naming it: %s", cause ? cause : "");
	free(cause);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", dir);
	return (tap_done());
}
