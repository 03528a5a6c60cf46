/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
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
 *			down annotations; diesel's: a directory
 *			YYYY-MM-DD-HHMMSS_name/ with up.sql and down.sql;
 *			Prisma's: YYYYMMDDHHMMSS_name/migration.sql (both
 *			always numbered by timestamp); Flyway's:
 *			V<version>__name.sql, the newest version with its
 *			last number + 1 (V1.11 after V1.10), or a timestamp
 *			as above
 *
 * What is written is empty of SQL, and so refused by plan and migrate
 * until it holds some: an empty migration is not applied by mistake. The
 * directory need not be valid (a file just made is not); it must be
 * readable.
 */

#define TIMESTAMP_DIGITS	14
#define TIMESTAMP_MIN		19700101000000LL

static int	new_write(const char *, const char *, char **);
static int64_t	new_stamp(int64_t);

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

/*
 * The next version, and how many digits its name has; stamped: a UTC
 * timestamp whatever the directory holds (diesel's and Prisma's).
 */
static int64_t
new_version(const struct migration_set *set, int stamped, int *width)
{
	const struct migration	*newest;
	int64_t			 last = 0;

	*width = 4;
	if (set->n > 0) {
		newest = &set->v[set->n - 1];
		last = newest->version;
		*width = (int)strspn(newest->file, "0123456789");
		stamped |= *width == TIMESTAMP_DIGITS && last >= TIMESTAMP_MIN;
	}
	if (!stamped)
		return (last + 1);
	*width = TIMESTAMP_DIGITS;
	return (new_stamp(last));
}

/* The UTC time now as YYYYMMDDHHMMSS, or last + 1 if that is not later. */
static int64_t
new_stamp(int64_t last)
{
	char		 stamp[32];
	struct tm	 tm;
	time_t		 now = time(NULL);
	int64_t		 v;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
	v = strtoll(stamp, NULL, 10);
	return (v > last ? v : last + 1);
}

/*
 * Flyway's next version: the newest one with its last number + 1, or the
 * time now where the versions are timestamps; a number too large to add to
 * gets ".1" after it. The caller frees it.
 */
static char *
new_flyway(const struct migration_set *set)
{
	const char	*last, *tail;
	char		*next;
	long long	 v;

	if (set->n == 0)
		return (xstrdup("1"));
	last = set->v[set->n - 1].label;
	tail = strrchr(last, '.');
	tail = tail == NULL ? last : tail + 1;
	errno = 0;
	v = strtoll(tail, NULL, 10);
	if (errno == ERANGE || v == LLONG_MAX)
		xasprintf(&next, "%s.1", last);
	else if (tail == last && strlen(last) == TIMESTAMP_DIGITS &&
	    v >= TIMESTAMP_MIN)
		xasprintf(&next, "%" PRId64, new_stamp(v));
	else
		xasprintf(&next, "%.*s%lld", (int)(tail - last), last, v + 1);
	return (next);
}

int
new_migration(const struct config *conf, const char *name)
{
	struct migration_set	 set;
	struct errlist		 errors = { NULL, 0 };
	enum layout		 layout;
	const char		*files[2] = { ".sql", NULL }, *text = "";
	char			*stem, *path, *label, *cause = NULL;
	char			 digits[32], num[32];
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
	migrations_scan_config(conf, MIGRATIONS_NAMES, &set, &errors);
	errlist_free(&errors);
	layout = set.layout;
	v = new_version(&set, layout == LAYOUT_DIESEL ||
	    layout == LAYOUT_PRISMA, &width);
	snprintf(digits, sizeof digits, "%0*" PRId64, width, v);
	if (layout == LAYOUT_DIESEL)	/* 2024-01-05-123000 */
		snprintf(num, sizeof num, "%.4s-%.2s-%.2s-%.6s", digits,
		    digits + 4, digits + 6, digits + 8);
	else
		snprintf(num, sizeof num, "%s", digits);
	if (layout == LAYOUT_FLYWAY) {
		label = new_flyway(&set);
		xasprintf(&stem, "%s/V%s__%s", conf->migrations, label, name);
		free(label);
	} else
		xasprintf(&stem, "%s/%s_%s", conf->migrations, num, name);
	switch (layout) {
	case LAYOUT_DBMATE:
		text = "-- migrate:up\n\n\n-- migrate:down\n\n";
		break;
	case LAYOUT_GOOSE:
		text = "-- +goose Up\n\n\n-- +goose Down\n\n";
		break;
	case LAYOUT_SQL_MIGRATE:
		text = "-- +migrate Up\n\n\n-- +migrate Down\n\n";
		break;
	case LAYOUT_PAIRS:
		files[0] = ".up.sql";
		files[1] = ".down.sql";
		break;
	case LAYOUT_DIESEL:
		files[0] = "/up.sql";
		files[1] = "/down.sql";
		break;
	case LAYOUT_PRISMA:
		files[0] = "/migration.sql";
		break;
	default:
		break;
	}
	if (*files[0] == '/' && mkdir(stem, 0755) == -1) {
		xasprintf(&cause, "%s: %s", stem, strerror(errno));
		rc = EXIT_TEMPFAIL;
	}
	for (i = 0; rc == EXIT_OK && i < 2 && files[i] != NULL; i++) {
		xasprintf(&path, "%s%s", stem, files[i]);
		if (new_write(path, text, &cause) == 0)
			printf("%s\n", path);
		else
			rc = EXIT_TEMPFAIL;
		free(path);
	}
	if (rc != EXIT_OK) {
		log_warnx("new: %s", cause);
		free(cause);
	}
	free(stem);
	migrations_free(&set);
	return (rc);
}
