/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "errlist.h"
#include "exitcode.h"
#include "layout.h"
#include "log.h"
#include "migrations.h"
#include "new.h"
#include "xmalloc.h"

/*
 * schemad new NAME: the next migration file, in the directory's own
 * convention, as dbmate new and goose create write theirs.
 *
 *	numbering	the newest version + 1, as wide as its file's
 *			number (0007 after 0006); a directory numbered by
 *			UTC timestamp (14 digits, YYYYMMDDHHMMSS) gets the
 *			time now, or the newest + 1 if that is not later;
 *			an empty directory starts at 0001
 *	layout		schemad's: an empty NNNN_name.sql;
 *			golang-migrate's: NNNN_name.up.sql and .down.sql;
 *			dbmate's, goose's and sql-migrate's: their up and
 *			down annotations
 *
 * What is written is empty of SQL, and so refused by plan and migrate
 * until it holds some: an empty migration is not applied by mistake. The
 * directory need not be valid (a file just made is not); it must be
 * readable.
 */

#define TIMESTAMP_DIGITS	14
#define TIMESTAMP_MIN		19700101000000LL

static int	new_write(const char *, const char *, char **);

/* Write text into a new file path (never over one). */
static int
new_write(const char *path, const char *text, char **cause)
{
	size_t	len = strlen(text);
	int	fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0644)) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return (-1);
	}
	return (close(fd));
}

/* The next version, and how many digits its name has. */
static int64_t
new_version(const struct migration_set *set, int *width)
{
	const struct migration	*newest;
	char			 stamp[32];
	struct tm		 tm;
	time_t			 now = time(NULL);
	int64_t			 v;

	*width = 4;
	if (set->n == 0)
		return (1);
	newest = &set->v[set->n - 1];
	*width = (int)strspn(newest->file, "0123456789");
	if (*width == TIMESTAMP_DIGITS && newest->version >= TIMESTAMP_MIN) {
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
		v = strtoll(stamp, NULL, 10);
		return (v > newest->version ? v : newest->version + 1);
	}
	return (newest->version + 1);
}

int
new_migration(const struct config *conf, const char *name)
{
	struct migration_set	 set;
	struct errlist		 errors = { NULL, 0 };
	enum layout		 layout;
	const char		*up = "", *down = NULL;
	char			*path, *cause = NULL;
	size_t			 i;
	int64_t			 v;
	int			 width, rc = EXIT_OK;

	for (i = 0; name[i] != '\0'; i++) {
		if (!isalnum((unsigned char)name[i]) && name[i] != '_' &&
		    name[i] != '-')
			break;
	}
	if (i == 0 || name[i] != '\0') {
		log_warnx("new: '%s': a name is letters, digits, '_' and '-'",
		    name);
		return (EXIT_USAGE);
	}
	if (access(conf->migrations, R_OK | W_OK | X_OK) == -1) {
		log_warn("new: %s", conf->migrations);
		return (EXIT_INVALID);
	}
	/* Its problems are for plan to report; the names are enough here. */
	migrations_scan(conf->migrations, 0, layout_parse(conf->format), &set,
	    &errors);
	errlist_free(&errors);
	layout = set.layout;
	v = new_version(&set, &width);
	switch (layout) {
	case LAYOUT_DBMATE:
		up = "-- migrate:up\n\n\n-- migrate:down\n\n";
		break;
	case LAYOUT_GOOSE:
		up = "-- +goose Up\n\n\n-- +goose Down\n\n";
		break;
	case LAYOUT_SQL_MIGRATE:
		up = "-- +migrate Up\n\n\n-- +migrate Down\n\n";
		break;
	case LAYOUT_PAIRS:
		down = "";
		break;
	default:
		break;
	}
	xasprintf(&path, "%s/%0*" PRId64 "_%s%s", conf->migrations, width, v,
	    name, down != NULL ? ".up.sql" : ".sql");
	if (new_write(path, up, &cause) == 0)
		printf("%s\n", path);
	else
		rc = EXIT_TEMPFAIL;
	free(path);
	if (rc == EXIT_OK && down != NULL) {
		xasprintf(&path, "%s/%0*" PRId64 "_%s.down.sql",
		    conf->migrations, width, v, name);
		if (new_write(path, down, &cause) == 0)
			printf("%s\n", path);
		else
			rc = EXIT_TEMPFAIL;
		free(path);
	}
	if (rc != EXIT_OK) {
		log_warnx("new: %s", cause);
		free(cause);
	}
	migrations_free(&set);
	return (rc);
}
