/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "adopt.h"
#include "conf.h"
#include "layout.h"
#include "migrations.h"
#include "log.h"
#include "new.h"
#include "tools/flyway.h"
#include "xmalloc.h"

/*
 * Flyway's migration files, as its documentation names them:
 *
 *	V<version>__<description>.sql	versioned, applied once, in version
 *					order
 *	R__<description>.sql		repeatable, applied again whenever
 *					its text changes, after the
 *					versioned ones, in description order
 *	U<version>__<description>.sql	undo: never run
 *	B<version>__<description>.sql	baseline migration: refused
 *
 * A version is whole numbers joined by '.' or '_' (1, 1.1, 1_1, 2024.01):
 * versions compare number by number, so 1.10 comes after 1.9, and a missing
 * number is 0, so 1 and 1.0 are the same version. A number may be of any
 * length.
 *
 * In a Flyway directory, a migration's version in schemad's history is its
 * place in Flyway's order (1, 2, 3...), and its label Flyway's version.
 * A script configuration, V1__name.sql.conf, that runs the file outside a
 * transaction is refused. Placeholders (${name}) are replaced as Flyway
 * replaces them (below).
 *
 * Flyway's own history keeps a checksum of each file: the CRC-32 of its
 * lines without their line ends (\n, \r\n or \r), a UTF-8 byte order mark
 * left out, as a signed 32-bit number. flyway_checksum computes the same,
 * with zlib's CRC-32.
 */

/* Is c one of Flyway's prefixes, and what kind of file does it name? */
static int
prefix_kind(char c)
{
	switch (c) {
	case 'V':
		return (FLYWAY_VERSIONED);
	case 'R':
		return (FLYWAY_REPEATABLE);
	case 'U':
		return (FLYWAY_UNDO);
	case 'B':
		return (FLYWAY_BASELINE);
	default:
		return (FLYWAY_NONE);
	}
}

/*
 * Parse a file name as Flyway's. FLYWAY_NONE: not one of Flyway's names;
 * -1, with a cause: malformed; otherwise its kind, with *label (the
 * version, '_' written as '.'; NULL for a repeatable) and *name (the
 * description) set.
 */
int
flyway_parse_name(const char *file, char **label, char **name, char **cause)
{
	const char	*sep, *v;
	size_t		 len = strlen(file), vlen, i;
	int		 kind;

	*label = *name = NULL;
	if ((kind = prefix_kind(file[0])) == FLYWAY_NONE ||
	    (!isdigit((unsigned char)file[1]) && file[1] != '_') ||
	    len < 4 || strcmp(file + len - 4, ".sql") != 0)
		return (FLYWAY_NONE);
	if ((sep = strstr(file + 1, "__")) == NULL) {
		xasprintf(cause, "malformed name (Flyway's are "
		    "V<version>__<description>.sql)");
		return (-1);
	}
	v = file + 1;
	vlen = sep - v;
	if (kind == FLYWAY_REPEATABLE && vlen > 0) {
		xasprintf(cause, "malformed name: a repeatable migration has "
		    "no version (R__<description>.sql)");
		return (-1);
	}
	for (i = 0; kind != FLYWAY_REPEATABLE && i <= vlen; i++) {
		/* a digit, or one separator between digits */
		if (i < vlen && isdigit((unsigned char)v[i]))
			continue;
		if (i > 0 && i < vlen && (v[i] == '.' || v[i] == '_') &&
		    isdigit((unsigned char)v[i - 1]))
			continue;
		if (i == vlen && vlen > 0 &&
		    isdigit((unsigned char)v[vlen - 1]))
			break;
		xasprintf(cause, "malformed version '%.*s' (whole numbers "
		    "joined by '.' or '_', such as 1.10)", (int)vlen, v);
		return (-1);
	}
	*name = xstrndup(sep + 2, file + len - 4 - (sep + 2));
	if (kind == FLYWAY_REPEATABLE && **name == '\0') {
		free(*name);
		*name = NULL;
		xasprintf(cause, "malformed name: a repeatable migration needs "
		    "a description (R__<description>.sql)");
		return (-1);
	}
	if (kind != FLYWAY_REPEATABLE) {
		*label = xstrndup(v, vlen);
		for (i = 0; i < vlen; i++) {
			if ((*label)[i] == '_')
				(*label)[i] = '.';
		}
	}
	return (kind);
}

/*
 * The next number of a version at *p, past one separator; its digits
 * without leading zeros (none for 0) in *digits, their count returned.
 * Whatever is not a digit separates, so that any text ends.
 */
static size_t
next_number(const char **p, const char **digits)
{
	const char	*s = *p;
	size_t		 n;

	if (!isdigit((unsigned char)*s))
		s++;
	n = strspn(s, "0123456789");
	*p = s + n;
	for (; n > 0 && *s == '0'; n--)
		s++;
	*digits = s;
	return (n);
}

/* Compare two versions (labels) number by number; a missing one is 0. */
int
flyway_version_cmp(const char *a, const char *b)
{
	const char	*x = "", *y = "";
	size_t		 nx, ny;
	int		 c;

	while (*a != '\0' || *b != '\0') {
		nx = *a != '\0' ? next_number(&a, &x) : 0;
		ny = *b != '\0' ? next_number(&b, &y) : 0;
		if (nx != ny)
			return (nx < ny ? -1 : 1);
		if (nx > 0 && (c = memcmp(x, y, nx)) != 0)
			return (c < 0 ? -1 : 1);
	}
	return (0);
}

/* Flyway's checksum of a file's text: see above. */
int32_t
flyway_checksum(const char *buf, size_t len)
{
	const char	*p = buf, *end = buf + len, *eol;
	uLong		 crc = crc32(0L, Z_NULL, 0);

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		for (eol = p; eol < end && *eol != '\n' && *eol != '\r'; eol++)
			;
		crc = crc32(crc, (const Bytef *)p, (uInt)(eol - p));
		if (eol < end && *eol == '\r' && eol + 1 < end &&
		    eol[1] == '\n')
			eol++;
		p = eol + 1;
	}
	return ((int32_t)(uint32_t)crc);
}

/*
 * Flyway's placeholders. Flyway replaces each ${name} in a file before
 * anything reads its text (PlaceholderReplacingReader, in Parser.parse),
 * and schemad does the same, where every later check sees the result:
 *
 *  - the name is everything up to the first '}', matched without case
 *    (its CaseInsensitiveMap); comments and strings are no exception;
 *  - a '$' just before "${" hides it: the reader never looks again at two
 *    characters that did not begin a placeholder ("$${x}" stays, "$$${x}"
 *    is "$$" and x's value);
 *  - the values: [placeholders] and --placeholder, then Flyway's own,
 *    for SQLite as its ParsingContext.populate has them: flyway:
 *    defaultSchema "main", user "" (SQLiteDatabase), timestamp the
 *    run's start, yyyy-MM-dd HH:mm:ss in local time, filename the
 *    file's name, table "flyway_schema_history", workingDirectory the
 *    working directory, environment "default". flyway:database has none
 *    on SQLite (its JDBC driver has no catalog), and Flyway fails on it;
 *  - a name with no value is refused, naming file, line and name --
 *    before anything is written, where Flyway fails when it reaches the
 *    file;
 *  - "placeholderReplacement=false" in the file's .sql.conf leaves it as
 *    it is.
 *
 * Flyway's checksum of a versioned migration is of the file as it is, and
 * of a repeatable one, after replacement: the scan does the same with
 * schemad's (a repeatable runs again when a value changes), and adoption
 * compares Flyway's as Flyway took it.
 */

/* The value ph gives the placeholder name[0..len), or NULL. */
const char *
flyway_value(const struct placeholders *ph, const char *name, size_t len)
{
	size_t	i;

	for (i = 0; ph != NULL && i < ph->n; i++) {
		if (strlen(ph->name[i]) == len &&
		    strncasecmp(ph->name[i], name, len) == 0)
			return (ph->value[i]);
	}
	return (NULL);
}

/* A built-in placeholder's value (name: after "flyway:"), or NULL. */
static const char *
builtin(const char *name, size_t len, const char *file, time_t started,
    char *buf, size_t size)
{
	static const char *const fixed[][2] = {
		{ "defaultSchema", "main" }, { "user", "" },
		{ "table", "flyway_schema_history" },
		{ "environment", "default" } };
	struct tm	 tm;
	size_t		 i;

#define IS(word)	(len == strlen(word) && strncasecmp(name, word, len) == 0)
	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		if (IS(fixed[i][0]))
			return (fixed[i][1]);
	}
	if (IS("filename"))
		return (file);
	if (IS("timestamp")) {
		localtime_r(&started, &tm);
		strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
		return (buf);
	}
	if (IS("workingDirectory"))
		return (getcwd(buf, size));
#undef IS
	return (NULL);
}

/*
 * Replace the placeholders of the text [buf, buf + len) of path (file, its
 * name), as Flyway does: 0 when it has none, 1 with the result in *out
 * (*outlen bytes, NUL-terminated), -1 with the problems added to errors.
 */
int
flyway_replace(const char *path, const char *file,
    const struct placeholders *ph, time_t started, const char *buf,
    size_t len, char **out, size_t *outlen, struct errlist *errors)
{
	const char	*p, *end = buf + len, *close, *name, *value;
	char		 scratch[PATH_MAX];
	FILE		*fp;
	size_t		 before = errors->n, nlen;
	int		 line = 1, n = 0;

	*out = NULL;
	*outlen = 0;
	if ((fp = open_memstream(out, outlen)) == NULL)
		fatal("open_memstream");
	for (p = buf; p < end; p++) {
		if (*p == '\n')
			line++;
		if (*p != '$' || p + 1 == end) {
			putc(*p, fp);
			continue;
		}
		if (p[1] != '{') {	/* not looked at again */
			putc(*p++, fp);
			line += *p == '\n';
			putc(*p, fp);
			continue;
		}
		if ((close = memchr(p + 2, '}', end - p - 2)) == NULL) {
			errlist_add(errors, "%s:%d: '${' without its '}' (a "
			    "Flyway placeholder)", path, line);
			break;
		}
		name = p + 2;
		nlen = close - name;
		value = flyway_value(ph, name, nlen);
		if (value == NULL && nlen > 7 && strncasecmp(name, "flyway:",
		    7) == 0)
			value = builtin(name + 7, nlen - 7, file, started,
			    scratch, sizeof scratch);
		if (value != NULL)
			fputs(value, fp);
		else if (nlen == 15 && strncasecmp(name, "flyway:database",
		    15) == 0)
			errlist_add(errors, "%s:%d: '${%.*s}': Flyway has no "
			    "value for it on SQLite (its driver has no "
			    "catalog), and fails on it too", path, line,
			    (int)nlen, name);
		else if (nlen > 7 && strncasecmp(name, "flyway:", 7) == 0)
			errlist_add(errors, "%s:%d: '${%.*s}' is none of "
			    "Flyway's own placeholders", path, line, (int)nlen,
			    name);
		else
			errlist_add(errors, "%s:%d: no value for the Flyway "
			    "placeholder '${%.*s}': give it one in "
			    "[placeholders] or with --placeholder %.*s=VALUE",
			    path, line, (int)nlen, name, (int)nlen, name);
		for (; p < close; p++)
			line += *p == '\n';
		n++;
	}
	if (fclose(fp) != 0)
		fatal("open_memstream");
	if (n == 0 || errors->n != before) {
		free(*out);
		*out = NULL;
		return (errors->n != before ? -1 : 0);
	}
	return (1);
}

/*
 * A script configuration file, V1__x.sql.conf: does it say key=value? The
 * line where it does, or 0.
 */
int
flyway_conf_says(const char *buf, size_t len, const char *key,
    const char *value)
{
	const char	*p, *end = buf + len, *eol, *q;
	size_t		 klen = strlen(key), vlen = strlen(value);
	int		 line;

	for (p = buf, line = 1; p < end; p = eol + 1, line++) {
		if ((eol = memchr(p, '\n', end - p)) == NULL)
			eol = end;
		q = p + strspn(p, " \t");
		if ((size_t)(eol - q) < klen || strncmp(q, key, klen) != 0)
			continue;
		q += klen + strspn(q + klen, " \t");
		if (*q != '=')
			continue;
		q += 1 + strspn(q + 1, " \t");
		if ((size_t)(eol - q) >= vlen && strncmp(q, value, vlen) == 0)
			return (line);
	}
	return (0);
}

/* The layout's expand: a file's placeholders, unless its .sql.conf says. */
static int
flyway_expand(const struct migration_set *set, const struct migration *m,
    char **buf, size_t *len, struct errlist *errors)
{
	char	*conf, *text, *cause, *out;
	size_t	 clen, outlen;
	int	 off = 0, rc;

	if (memmem(*buf, *len, "${", 2) == NULL)
		return (0);
	xasprintf(&conf, "%s.conf", m->path);
	if (access(conf, F_OK) == 0 &&
	    migrations_read_file(conf, &text, &clen, &cause) == 0) {
		off = flyway_conf_says(text, clen, "placeholderReplacement",
		    "false") > 0;
		free(text);
	} else if (access(conf, F_OK) == 0) {
		errlist_add(errors, "%s", cause);
		free(cause);
	}
	free(conf);
	if (off)
		return (0);
	rc = flyway_replace(m->path, m->file, set->placeholders, set->started,
	    *buf, *len, &out, &outlen, errors);
	if (rc == 1) {
		free(*buf);
		*buf = out;
		*len = outlen;
	}
	return (rc);
}

/*
 * A name of the directory, as the scan asks every layout's parse_name:
 * Flyway's undo files are counted (never run), a baseline migration is
 * refused.
 */
static int
flyway_scan_name(struct migration_set *set, const char *file,
    int64_t *version, char **label, char **name, struct errlist *errors)
{
	char	*cause;

	switch (flyway_parse_name(file, label, name, &cause)) {
	case FLYWAY_NONE:
		return (NAME_NONE);
	case FLYWAY_VERSIONED:
		*version = 0;		/* its place in the order, later */
		return (NAME_OWN);
	case FLYWAY_REPEATABLE:
		*version = 0;
		return (NAME_REPEAT);
	case FLYWAY_UNDO:
		free(*label);
		free(*name);
		return (NAME_DOWN);
	case FLYWAY_BASELINE:
		free(*label);
		free(*name);
		errlist_add(errors, "%s/%s: a Flyway baseline migration, which "
		    "schemad does not read: adopt a database Flyway migrated "
		    "with --adopt yes", set->dir, file);
		return (-1);
	default:		/* malformed */
		errlist_add(errors, "%s/%s: %s", set->dir, file, cause);
		free(cause);
		return (-1);
	}
}

/* A script configuration, V1__name.sql.conf: no transaction is refused. */
static int
flyway_side_file(struct migration_set *set, const char *file,
    struct errlist *errors)
{
	char	*path, *buf, *cause;
	size_t	 len = strlen(file);
	int	 line;

	if (*file == '.' || len <= 9 || strcmp(file + len - 9, ".sql.conf") !=
	    0)
		return (0);
	xasprintf(&path, "%s/%s", set->dir, file);
	if (migrations_read_file(path, &buf, &len, &cause) != 0) {
		errlist_add(errors, "%s", cause);
		free(cause);
	} else {
		if ((line = flyway_conf_says(buf, len, "executeInTransaction",
		    "false")) > 0)
			errlist_add(errors, "%s:%d: 'executeInTransaction="
			    "false' (Flyway): %s", path, line,
			    LAYOUT_NO_TRANSACTION);
		free(buf);
	}
	free(path);
	return (1);
}

/*
 * `schemad new`: V<version>__name, the newest version with its last
 * number + 1, or the time now where the versions are timestamps; a number
 * too large to add to gets ".1" after it.
 */
static void
flyway_new_stem(const struct migration_set *set, const char *num,
    const char *name, char *buf, size_t size)
{
	const char	*last, *tail;
	long long	 v;

	(void)num;
	if (set->n == 0) {
		snprintf(buf, size, "V1__%s", name);
		return;
	}
	last = set->v[set->n - 1].label;
	tail = strrchr(last, '.');
	tail = tail == NULL ? last : tail + 1;
	errno = 0;
	v = strtoll(tail, NULL, 10);
	if (errno == ERANGE || v == LLONG_MAX)
		snprintf(buf, size, "V%s.1__%s", last, name);
	else if (tail == last && strlen(last) == NEW_TIMESTAMP_DIGITS &&
	    v >= NEW_TIMESTAMP_MIN)
		snprintf(buf, size, "V%" PRId64 "__%s", new_timestamp(v),
		    name);
	else
		snprintf(buf, size, "V%.*s%lld__%s", (int)(tail - last), last,
		    v + 1, name);
}

const struct layout layout_flyway = {
	.name = "flyway",
	.title = "Flyway",
	.format = 1,
	.kind = NAME_OWN,
	.named = "a Flyway V<version>__ file",
	.parse_name = flyway_scan_name,
	.side_file = flyway_side_file,
	.down = "undo file",
	.down_files = "Flyway undo files (U<version>__)",
	.repeatables = 1,
	.expand = flyway_expand,
	.new_stem = flyway_new_stem,
	.adopt = &(const struct adopt_table){
		"flyway_schema_history", NULL, ROWS_LABEL,
		"SELECT coalesce(version, script), CASE WHEN NOT success THEN 1 "
		"WHEN type IN ('DELETE', 'UNDO_SQL') THEN 2 WHEN type = "
		"'BASELINE' THEN 3 WHEN version IS NULL THEN 4 ELSE 0 END, "
		"checksum FROM flyway_schema_history WHERE type NOT IN "
		"('SCHEMA', 'TABLE') ORDER BY installed_rank", "CRC32"
	}
};
