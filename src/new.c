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
 *	layout		as the layout says (its struct layout, src/tools/):
 *			schemad's: an empty NNNN_name.sql;
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
 * What is written holds no SQL, only a comment that says where it goes
 * (MIGRATIONS_TEMPLATE; in the up section, or the up file, where the
 * layout has annotations or pairs), and so is refused by plan and migrate
 * until it holds a statement: a migration is not applied empty by
 * mistake. A directory that does not exist is made, as dbmate new makes
 * db/migrations, and said; one that does need not be valid (a file just
 * made is not), but must be readable.
 */

static int	new_write(const char *, const char *, char **);

/* Make dir and its parents, as mkdir -p; say which were made. */
static int
new_mkdir(const char *dir)
{
	char	*path = xstrdup(dir);
	size_t	 i, len = strlen(path);
	int	 rc = 0;

	for (i = 1; i <= len && rc == 0; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0755) == 0)
			log_info("new: made the directory %s", path);
		else if (errno != EEXIST) {
			log_warn("new: %s", path);
			rc = -1;
		}
		if (i < len)
			path[i] = '/';
	}
	free(path);
	return (rc);
}

/*
 * What a new file holds: MIGRATIONS_TEMPLATE, after the up annotation
 * (the first line of the layout's new_text) where there is one.
 */
static char *
new_text(const struct layout *layout)
{
	const char	*rest;
	char		*text;

	if (layout->new_text == NULL)
		return (xstrdup(MIGRATIONS_TEMPLATE));
	rest = strchr(layout->new_text, '\n') + 1;
	xasprintf(&text, "%.*s%s%s", (int)(rest - layout->new_text),
	    layout->new_text, MIGRATIONS_TEMPLATE, rest);
	return (text);
}

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
	if ((newest = migrations_newest(set)) != NULL) {
		last = newest->version;
		*width = (int)strspn(newest->file, "0123456789");
		stamped |= *width == NEW_TIMESTAMP_DIGITS && last >= NEW_TIMESTAMP_MIN;
	}
	if (!stamped)
		return (last + 1);
	*width = NEW_TIMESTAMP_DIGITS;
	return (new_timestamp(last));
}

/* The UTC time now as YYYYMMDDHHMMSS, or last + 1 if that is not later. */
int64_t
new_timestamp(int64_t last)
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

int
new_migration(const struct config *conf, const char *name)
{
	struct migration_set	 set;
	struct errlist		 errors = { NULL, 0 };
	const struct layout	*layout;
	const char		*files[2] = { ".sql", NULL };
	char			*stem, *path, *text, *cause = NULL;
	char			 num[32], file[NAME_MAX + 1];
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
	if (access(conf->migrations, F_OK) == -1 && errno == ENOENT &&
	    new_mkdir(conf->migrations) == -1)
		return (EXIT_INVALID);
	if (access(conf->migrations, R_OK | W_OK | X_OK) == -1) {
		log_warn("new: %s", conf->migrations);
		return (EXIT_INVALID);
	}
	/* Its problems are for plan to report; the names are enough here. */
	migrations_scan_config(conf, MIGRATIONS_NAMES, &set, &errors);
	errlist_free(&errors);
	if ((layout = set.layout) == LAYOUT_AUTO)
		layout = &layout_schemad;
	v = new_version(&set, layout->stamped, &width);
	snprintf(num, sizeof num, "%0*" PRId64, width, v);
	if (layout->new_stem != NULL)
		layout->new_stem(&set, num, name, file, sizeof file);
	else
		snprintf(file, sizeof file, "%s_%s", num, name);
	xasprintf(&stem, "%s/%s", conf->migrations, file);
	if (layout->new_files[0] != NULL) {
		files[0] = layout->new_files[0];
		files[1] = layout->new_files[1];
	}
	text = new_text(layout);
	if (*files[0] == '/' && mkdir(stem, 0755) == -1) {
		xasprintf(&cause, "%s: %s", stem, strerror(errno));
		rc = EXIT_TEMPFAIL;
	}
	for (i = 0; rc == EXIT_OK && i < 2 && files[i] != NULL; i++) {
		xasprintf(&path, "%s%s", stem, files[i]);
		if (new_write(path, i == 0 ? text : "", &cause) == 0)
			printf("%s\n", path);
		else
			rc = EXIT_TEMPFAIL;
		free(path);
	}
	if (rc != EXIT_OK) {
		log_warnx("new: %s", cause);
		free(cause);
	}
	free(text);
	free(stem);
	migrations_free(&set);
	return (rc);
}
