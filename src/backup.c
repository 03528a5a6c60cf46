/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>
#include <sys/time.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backup.h"
#include "db.h"
#include "exitcode.h"
#include "xmalloc.h"

/*
 * Backups taken before a migration run changes anything, while the run
 * holds its exclusive lock, so the copy is exactly the database the run
 * starts from. SQLite's backup API refuses a source connection that is in a
 * write transaction, so:
 *
 *	rollback journal	the lock keeps every other process out and the
 *				file holds all committed data: its pages are
 *				read through the locked connection's own file
 *				handle (opening the file again and closing it
 *				would drop the process's POSIX locks)
 *	WAL			readers may run beside the lock: a second,
 *				read-only connection copies the last committed
 *				snapshot with the backup API
 *
 * Backups are named DB.YYYYMMDDTHHMMSS.mmmZ.vN.bak, so that their names sort
 * by age; they are written under a temporary name (DB...bak.tmpPID),
 * synced, renamed, and the directory synced: the backup is durable before
 * the run changes anything, so that no power loss can keep the new version
 * and lose the backup of the old one. The oldest beyond the number to keep
 * are removed, and so is any temporary that a crash left (only the run
 * that holds the lock makes a backup, so none can be another's at work).
 */

#define BACKUP_CHUNK	65536

static char	*backup_prefix(const char *);
static int	 backup_sync_dir(const char *, char **);
static int	 backup_mkdir(const char *, char **);
static int	 backup_cmp(const void *, const void *);
static int	 backup_kind(const char *, const char *, int *);
static int	 backup_remove(char *, int, char **);
static int	 backup_pages(sqlite3 *, const char *, char **);
static int	 backup_snapshot(const char *, const char *, char **);

/* "name." for the database's file name. */
static char *
backup_prefix(const char *dbpath)
{
	char	*copy, *prefix;

	copy = xstrdup(dbpath);
	xasprintf(&prefix, "%s.", basename(copy));
	free(copy);
	return (prefix);
}

/* Make the names in dir durable: a rename is not until dir is synced. */
static int
backup_sync_dir(const char *dir, char **cause)
{
	int	fd, rc = 0, saved;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		rc = -1;
	else {
		rc = fsync(fd);
		saved = errno;
		close(fd);
		errno = saved;
	}
	if (rc == -1) {
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		return (EXIT_TEMPFAIL);
	}
	return (EXIT_OK);
}

/*
 * Make the directory if it is not there (its parent must be), durably: the
 * parent is synced too.
 */
static int
backup_mkdir(const char *dir, char **cause)
{
	char	*copy;
	int	 rc;

	if (mkdir(dir, 0750) == -1) {
		if (errno == EEXIST)
			return (EXIT_OK);
		xasprintf(cause, "%s: cannot make the backup directory: %s",
		    dir, strerror(errno));
		return (EXIT_TEMPFAIL);
	}
	copy = xstrdup(dir);
	rc = backup_sync_dir(dirname(copy), cause);
	free(copy);
	return (rc);
}

/* Write all of buf. */
static int
write_all(int fd, const char *buf, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		buf += n;
		len -= n;
	}
	return (0);
}

/* Copy the locked database's file through the connection's file handle. */
static int
backup_pages(sqlite3 *db, const char *tmp, char **cause)
{
	sqlite3_file	*fp = NULL;
	sqlite3_int64	 size, off;
	char		*buf;
	int		 fd, n, rc = SQLITE_OK, saved;

	if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER,
	    &fp) != SQLITE_OK || fp == NULL || fp->pMethods == NULL)
		return (db_fail(db, SQLITE_CANTOPEN, "backup", cause));
	if ((rc = fp->pMethods->xFileSize(fp, &size)) != SQLITE_OK)
		return (db_fail(NULL, rc, "backup", cause));
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1)
		goto fail;
	buf = xmalloc(BACKUP_CHUNK);
	for (off = 0; off < size && rc == SQLITE_OK; off += n) {
		n = size - off > BACKUP_CHUNK ? BACKUP_CHUNK : size - off;
		rc = fp->pMethods->xRead(fp, buf, n, off);
		if (rc == SQLITE_OK && write_all(fd, buf, n) == -1)
			rc = SQLITE_IOERR_WRITE;
	}
	free(buf);
	if (rc == SQLITE_OK && fsync(fd) == -1)
		rc = SQLITE_IOERR_FSYNC;
	saved = errno;
	close(fd);
	errno = saved;
	if (rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC)
		goto fail;
	if (rc != SQLITE_OK)
		return (db_fail(NULL, rc, "backup: reading the database",
		    cause));
	return (EXIT_OK);

fail:
	xasprintf(cause, "%s: %s", tmp, strerror(errno));
	return (EXIT_TEMPFAIL);
}

/* Copy the last committed snapshot with a second, read-only connection. */
static int
backup_snapshot(const char *dbpath, const char *tmp, char **cause)
{
	sqlite3		*src = NULL, *dst = NULL;
	sqlite3_backup	*bk;
	int		 rc;

	rc = sqlite3_open_v2(dbpath, &src, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		rc = db_fail(src, rc, dbpath, cause);
		goto out;
	}
	rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK) {
		if ((bk = sqlite3_backup_init(dst, "main", src, "main")) != NULL) {
			rc = sqlite3_backup_step(bk, -1);
			sqlite3_backup_finish(bk);
			if (rc == SQLITE_DONE)
				rc = SQLITE_OK;
		} else
			rc = sqlite3_errcode(dst);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL,
		    NULL, NULL);
	rc = rc == SQLITE_OK ? EXIT_OK : db_fail(dst, rc, tmp, cause);
out:
	sqlite3_close(dst);
	sqlite3_close(src);
	return (rc);
}

/*
 * Copy the database, on which db holds the run's exclusive lock, into dir;
 * *made is the new file's path.
 */
int
backup_make(sqlite3 *db, const char *dbpath, const char *dir, int64_t version,
    char **made, char **cause)
{
	struct timeval	 tv;
	struct tm	 tm;
	char		 stamp[32], mode[16], *prefix, *path, *tmp;
	int		 rc;

	if ((rc = db_get_journal_mode(db, mode, cause)) != EXIT_OK)
		return (rc);
	if ((rc = backup_mkdir(dir, cause)) != EXIT_OK)
		return (rc);
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
	prefix = backup_prefix(dbpath);
	xasprintf(&path, "%s/%s%s.%03ldZ.v%" PRId64 ".bak", dir, prefix, stamp,
	    (long)tv.tv_usec / 1000, version);
	xasprintf(&tmp, "%s.tmp%ld", path, (long)getpid());
	free(prefix);

	if (strcmp(mode, "wal") == 0)
		rc = backup_snapshot(dbpath, tmp, cause);
	else
		rc = backup_pages(db, tmp, cause);
	if (rc == EXIT_OK && rename(tmp, path) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		rc = EXIT_TEMPFAIL;
	}
	if (rc == EXIT_OK)
		rc = backup_sync_dir(dir, cause);
	if (rc != EXIT_OK) {
		unlink(tmp);
		free(path);
	} else
		*made = path;
	free(tmp);
	return (rc);
}

static int
backup_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Remove path (and free it); the first failure is the one reported. */
static int
backup_remove(char *path, int rc, char **cause)
{
	if (unlink(path) == -1 && errno != ENOENT && rc == EXIT_OK) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		rc = EXIT_TEMPFAIL;
	}
	free(path);
	return (rc);
}

/*
 * Is name a backup of the database (prefix its file name and "."), or a
 * temporary one that a crash left (with its journal)?
 */
static int
backup_kind(const char *name, const char *prefix, int *temporary)
{
	size_t	plen = strlen(prefix), len = strlen(name);

	if (strncmp(name, prefix, plen) != 0 || name[plen] < '0' ||
	    name[plen] > '9')
		return (0);
	*temporary = strstr(name + plen, ".bak.tmp") != NULL;
	return (*temporary || (len >= plen + 5 &&
	    strcmp(name + len - 4, ".bak") == 0));
}

/*
 * Remove the oldest backups of the database beyond keep, and every
 * temporary one.
 */
int
backup_prune(const char *dbpath, const char *dir, int keep, char **cause)
{
	DIR		 *dp;
	struct dirent	 *de;
	char		 *prefix, **paths = NULL, *path;
	size_t		  n = 0, i;
	int		  rc = EXIT_OK, temporary;

	if ((dp = opendir(dir)) == NULL) {
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		return (EXIT_TEMPFAIL);
	}
	prefix = backup_prefix(dbpath);
	while ((de = readdir(dp)) != NULL) {
		if (!backup_kind(de->d_name, prefix, &temporary))
			continue;
		xasprintf(&path, "%s/%s", dir, de->d_name);
		if (temporary)
			rc = backup_remove(path, rc, cause);
		else {
			paths = xreallocarray(paths, n + 1, sizeof *paths);
			paths[n++] = path;
		}
	}
	closedir(dp);
	free(prefix);
	if (n > 1)
		qsort(paths, n, sizeof *paths, backup_cmp);
	for (i = 0; i < n; i++) {
		if (i + keep < n)
			rc = backup_remove(paths[i], rc, cause);
		else
			free(paths[i]);
	}
	free(paths);
	return (rc);
}
