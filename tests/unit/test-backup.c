/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backup.h"
#include "db.h"
#include "exitcode.h"
#include "tap.h"

/*
 * Backups: made under the run's exclusive lock, in both journal modes, of
 * the database as it was; the oldest beyond keep removed, and so are the
 * temporaries a crash left, but nothing that is not the database's.
 */

static char	dir[] = "/tmp/schemad-backup-XXXXXX";
static char	dbpath[600], bkdir[600];

static void
touch(const char *name)
{
	char	 path[700];
	FILE	*fp;

	snprintf(path, sizeof path, "%s/%s", bkdir, name);
	if ((fp = fopen(path, "w")) == NULL)
		abort();
	fclose(fp);
}

static int
exists(const char *name)
{
	char		path[700];
	struct stat	st;

	snprintf(path, sizeof path, "%s/%s", bkdir, name);
	return (stat(path, &st) == 0);
}

/* How many files in the backup directory. */
static int
nfiles(void)
{
	DIR		*dp;
	struct dirent	*de;
	int		 n = 0;

	if ((dp = opendir(bkdir)) == NULL)
		abort();
	while ((de = readdir(dp)) != NULL)
		n += de->d_name[0] != '.';
	closedir(dp);
	return (n);
}

/* One integer from a database, with a connection of its own. */
static int
query_int(const char *path, const char *sql)
{
	sqlite3	*db;
	char	*cause = NULL;
	int	 v = -1;

	if (db_open(path, DB_READONLY, NULL, &db, &cause) == EXIT_OK) {
		db_int(db, sql, &v, &cause);
		db_close(db);
	}
	free(cause);
	return (v);
}

static void
test_make(const char *mode)
{
	sqlite3	*db;
	char	*made = NULL, *cause = NULL, sql[128];
	int	 rc;

	unlink(dbpath);
	if (db_open(dbpath, DB_CREATE, NULL, &db, &cause) != EXIT_OK)
		abort();
	snprintf(sql, sizeof sql, "PRAGMA journal_mode = %s", mode);
	db_exec(db, sql, &cause);
	db_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2); "
	    "PRAGMA user_version = 4", &cause);
	db_exec(db, "BEGIN EXCLUSIVE", &cause);
	rc = backup_make(db, dbpath, bkdir, 4, &made, &cause);
	is_int(rc, EXIT_OK, "%s: a backup under the exclusive lock", mode);
	db_exec(db, "INSERT INTO t VALUES (3); COMMIT", &cause);
	db_close(db);
	if (rc != EXIT_OK) {
		tap_diag("%s", cause);
		return;
	}
	tap_ok(strstr(made, ".v4.bak") != NULL, "%s: named for its version: "
	    "%s", mode, made);
	is_int(query_int(made, "SELECT count(*) FROM t"), 2,
	    "%s: holds the database as it was", mode);
	is_int(query_int(made, "PRAGMA user_version"), 4,
	    "%s: at its version", mode);
	free(made);
}

static void
test_prune(void)
{
	char	*cause = NULL;

	touch("db.20260101T000000.000Z.v1.bak");
	touch("db.20260102T000000.000Z.v2.bak");
	touch("db.20260103T000000.000Z.v3.bak.tmp123");
	touch("db.20260103T000000.000Z.v3.bak.tmp123-journal");
	touch("other.20260101T000000.000Z.v1.bak");
	touch("db.notes");
	is_int(backup_prune(dbpath, bkdir, 2, &cause), EXIT_OK, "prune");
	tap_ok(!exists("db.20260101T000000.000Z.v1.bak") &&
	    !exists("db.20260102T000000.000Z.v2.bak"),
	    "the oldest beyond keep are removed");
	tap_ok(!exists("db.20260103T000000.000Z.v3.bak.tmp123") &&
	    !exists("db.20260103T000000.000Z.v3.bak.tmp123-journal"),
	    "a temporary that a crash left is removed, with its journal");
	tap_ok(exists("other.20260101T000000.000Z.v1.bak") &&
	    exists("db.notes"), "another database's backup and other files "
	    "are left alone");
	is_int(nfiles(), 4, "the two newest backups are kept");
	free(cause);
}

int
main(void)
{
	char	cmd[700], *cause = NULL;

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(dbpath, sizeof dbpath, "%s/db", dir);
	snprintf(bkdir, sizeof bkdir, "%s/bk", dir);
	mkdir(bkdir, 0755);
	test_make("delete");
	test_make("wal");
	test_prune();
	is_int(backup_prune(dbpath, "/nonexistent", 2, &cause),
	    EXIT_TEMPFAIL, "a backup directory that is not there");
	free(cause);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		abort();
	return (tap_done());
}
