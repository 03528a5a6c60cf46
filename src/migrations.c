/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <ctype.h>
#include <inttypes.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
/*
 * SHA256_Init() and friends are deprecated in OpenSSL 3 in favour of EVP,
 * but EVP first loads a provider (3.5 million instructions, most of
 * libcrypto), which is more than hashing a few hundred small files costs.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "caps.h"
#include "conf.h"
#include "connstate.h"
#include "errlist.h"
#include "layout.h"
#include "leave.h"
#include "log.h"
#include "migrations.h"
#include "sqlscan.h"
#include "tools/flyway.h"
#include "xmalloc.h"

/*
 * The migrations directory: files named NNNN_name.sql, applied in the
 * numeric order of NNNN -- or another tool's layout (layout.c's table, a
 * file each in src/tools/): found from the names (check_names: .up.sql and
 * .down.sql, a tool's own names or directories, a file that marks the
 * directory), or from the text (check_annotations: sections). What a
 * layout refuses, leaves out or checks of the whole directory, it says
 * itself; the rest is here. A scan checks everything that
 * can be checked without the database -- names, duplicate versions,
 * readability, header directives, statements that cannot run in a
 * transaction -- and reports every problem at once.
 *
 * With strict modes, a directory or file that others could change, and a
 * symlink that leads out of the directory, are refused.
 *
 * A file may say what it needs in a directive, a line comment among the
 * blank lines and comments (-- or C style) before its first statement, in
 * any case:
 *	-- schemad: requires fts5, json1
 * What looks meant as one but is not read (no colon, inside a C-style
 * comment, after the first statement) is warned of.
 *
 * A migration is text: a NUL byte is refused (SQLite would stop reading
 * there), and so is a file larger than MIGRATIONS_MAX_SIZE or one that is
 * not a regular file (a FIFO would block the run for good).
 *
 * Each file is read once: the scan keeps the text it checked and hashed,
 * and that text is what runs, up to MIGRATIONS_KEEP_SIZE bytes a set
 * (beyond, a file is read again to run, and must hash the same).
 */

#define DIRECTIVE	"schemad:"

size_t	migrations_keep = MIGRATIONS_KEEP_SIZE;

static int	migration_cmp(const void *, const void *);
static void	checksum_final(SHA256_CTX *, char *);
static int	scan(const char *, int, const struct layout *,
		    const struct placeholders *, struct migration_set *,
		    struct errlist *);
static int	check_directive(const char *, int, const char *, unsigned *,
		    struct errlist *);
static int	directive_kind(const char *, const char *);
static void	check_header(const char *, char *, size_t, unsigned *,
		    struct errlist *, struct errlist *);
static int	dir_has(const struct migration_set *, const char *,
		    const char *);
static void	scan_dir(struct migration_set *, const char *, int,
		    struct errlist *);
static int	scan_name(struct migration_set *, const char *, int64_t *,
		    char **, char **, const struct layout **, char **, int *,
		    struct errlist *);
static void	scan_entry(struct migration_set *, const struct dirent *,
		    int, struct errlist *);
static void	scan_file(struct migration_set *, struct migration *,
		    int, struct errlist *);
static const char *file_kind(const struct stat *);
static int	open_file(const char *, struct stat *, char **);
static int	read_fd(int, const char *, const struct stat *, char **,
		    size_t *, char **);
static int	check_trust(const char *, int, const struct stat *,
		    struct errlist *);
static int	check_link(const struct migration_set *, const char *,
		    struct errlist *);
static void	check_names(struct migration_set *, struct errlist *);
static void	check_order(struct migration_set *, struct errlist *);
static int	trust_dir(const char *, struct errlist *);
static void	check_annotations(struct migration_set *, struct errlist *);
static void	check_others(struct migration_set *, struct errlist *);
static int	refuse_unwritten(struct migration_set *, struct errlist *, int);

/* Does file end in suffix? */
static int
ends_with(const char *file, size_t len, const char *suffix)
{
	size_t	n = strlen(suffix);

	return (len > n && strcmp(file + len - n, suffix) == 0);
}

/*
 * Parse a directory entry's name: NNNN_name.sql, or golang-migrate's and
 * sqlx's NNNN_name.up.sql and NNNN_name.down.sql. Returns what it is
 * (version and name set but for NAME_NONE and NAME_DOWN): NAME_NONE for a
 * file that is not a migration (hidden, or neither starting with a digit
 * nor ending in .sql), or -1, with a cause, for a malformed name.
 */
int
migrations_parse_name(const char *file, int64_t *version, char **name,
    char **cause)
{
	size_t		 len = strlen(file), digits, i;
	int		 kind = NAME_PLAIN;
	long long	 v;

	digits = strspn(file, "0123456789");
	if (*file == '.' || (digits == 0 && !ends_with(file, len, ".sql")))
		return (NAME_NONE);
	if (ends_with(file, len, ".up.sql"))
		kind = NAME_UP;
	else if (ends_with(file, len, ".down.sql"))
		kind = NAME_DOWN;
	if (ends_with(file, len, ".sql"))
		len -= kind == NAME_UP ? 7 : kind == NAME_DOWN ? 9 : 4;
	else
		digits = 0;
	if (digits == 0 || file[digits] != '_' || digits + 1 >= len) {
		xasprintf(cause, "malformed name (expected NNNN_name.sql)");
		return (-1);
	}
	for (i = digits + 1; i < len; i++) {
		if (!isalnum((unsigned char)file[i]) && file[i] != '_' &&
		    file[i] != '-') {
			xasprintf(cause, "malformed name: '%c' is not allowed "
			    "(letters, digits, '_' and '-' are)", file[i]);
			return (-1);
		}
	}
	errno = 0;
	v = strtoll(file, NULL, 10);
	if (errno == ERANGE) {
		xasprintf(cause, "version is larger than %" PRId64 ", the "
		    "largest there can be", INT64_MAX);
		return (-1);
	}
	if (kind == NAME_DOWN)
		return (kind);
	*version = v;
	*name = xstrndup(file + digits + 1, len - digits - 1);
	return (kind);
}

/*
 * A name that schemad's rule refuses but another tool's may allow: the
 * version's digits, then anything (after a '_', *underscore, or a '-'),
 * up to .sql, .up.sql or .down.sql. Its kind, with version and name set
 * as migrations_parse_name sets them; -1 when it is not even that.
 */
static int
loose_name(const char *file, int64_t *version, char **name, int *underscore)
{
	size_t		 len = strlen(file), digits, from;
	int		 kind = NAME_PLAIN;
	long long	 v;

	digits = strspn(file, "0123456789");
	if (digits == 0 || !ends_with(file, len, ".sql"))
		return (-1);
	if (ends_with(file, len, ".up.sql"))
		kind = NAME_UP;
	else if (ends_with(file, len, ".down.sql"))
		kind = NAME_DOWN;
	len -= kind == NAME_UP ? 7 : kind == NAME_DOWN ? 9 : 4;
	if (len < digits)
		return (-1);
	errno = 0;
	v = strtoll(file, NULL, 10);
	if (errno == ERANGE)
		return (-1);
	*underscore = file[digits] == '_';
	from = digits + (digits < len && (file[digits] == '_' ||
	    file[digits] == '-'));
	if (kind == NAME_DOWN)
		return (kind);
	*version = v;
	*name = xstrndup(file + from, len - from);
	return (kind);
}

/* Check one "-- schemad: ..." directive. */
static int
check_directive(const char *file, int line, const char *text,
    unsigned *requires, struct errlist *errors)
{
	char	*copy, *word, *last;
	int	 bit, rc = 0;

	copy = xstrdup(text);
	word = strtok_r(copy, " \t\r,", &last);
	if (word == NULL || strcasecmp(word, "requires") != 0) {
		errlist_add(errors, "%s:%d: unknown directive '%s' (known: "
		    "requires)", file, line, word == NULL ? "" : word);
		free(copy);
		return (-1);
	}
	while ((word = strtok_r(NULL, " \t\r,", &last)) != NULL) {
		if ((bit = caps_parse(word)) == -1) {
			char	known[128];

			caps_format(caps_all(), known, sizeof known);
			errlist_add(errors, "%s:%d: unknown capability '%s' "
			    "(known: %s)", file, line, word, known);
			rc = -1;
		} else
			*requires |= bit;
	}
	free(copy);
	return (rc);
}

/*
 * Is the comment text (after "--", or a line of a C-style comment) meant
 * as a directive? 2: it is one; 1: it looks meant as one but is not.
 */
static int
directive_kind(const char *text, const char *eol)
{
	size_t	n = strlen(DIRECTIVE) - 1;	/* "schemad" */

	text += strspn(text, " \t/*");
	if (eol - text < (ptrdiff_t)n || strncasecmp(text, DIRECTIVE, n) != 0 ||
	    isalnum((unsigned char)text[n]) || text[n] == '_')
		return (0);
	return (text[n] == ':' ? 2 : 1);
}

/*
 * Read the directives: line comments before the first statement (the
 * header, which holds only blank lines and comments). Warn of what looks
 * meant as a directive but is not read: in a C-style comment, after the
 * first statement, or without its colon.
 */
static void
check_header(const char *file, char *buf, size_t len, unsigned *requires,
    struct errlist *errors, struct errlist *warnings)
{
	struct sqlscan	 scan;
	struct sqlstmt	 first;
	const char	*p, *end = buf + len, *eol, *text, *header;
	char		*line;
	int		 lineno, kind;

	sqlscan_init(&scan, buf, len);
	header = sqlscan_next(&scan, &first) ? first.text : end;
	p = buf + sqlscan_bom(buf, len);
	for (lineno = 1; p < end; p = eol + 1, lineno++) {
		if ((eol = memchr(p, '\n', end - p)) == NULL)
			eol = end;
		text = p + strspn(p, " \t\r");
		if (strncmp(text, "--", 2) != 0) {
			if (p < header && directive_kind(text, eol) != 0)
				errlist_add(warnings, "%s:%d: a directive in "
				    "a /* */ comment is not read: write it "
				    "as '-- schemad: ...'", file, lineno);
			continue;
		}
		text += 2 + strspn(text + 2, " \t");
		if ((kind = directive_kind(text, eol)) == 2 && p < header) {
			line = xstrndup(text + strlen(DIRECTIVE),
			    eol - text - strlen(DIRECTIVE));
			check_directive(file, lineno, line, requires, errors);
			free(line);
		} else if (kind == 2)
			errlist_add(warnings, "%s:%d: a directive after the "
			    "first statement is not read: directives go at the "
			    "top", file, lineno);
		else if (kind == 1)
			errlist_add(warnings, "%s:%d: not read as a directive: "
			    "write '-- schemad: requires ...'", file, lineno);
	}
}

/*
 * Check the text of one migration: that it is text, its directives, and
 * that every statement may run inside a transaction; note which
 * connection settings it changes. buf must be NUL-terminated.
 */
int
migrations_check_text(const char *file, char *buf, size_t len,
    struct migration *m, struct errlist *errors, struct errlist *warnings)
{
	struct sqlscan	 scan;
	struct sqlstmt	 stmt;
	const char	*why, *nul;
	char		 name[64];
	size_t		 before = errors->n;
	int		 set;

	m->requires = 0;
	m->settings = 0;
	if ((nul = memchr(buf, '\0', len)) != NULL) {
		errlist_add(errors, "%s:%d: a NUL byte: a migration is text, "
		    "and SQLite would stop reading there", file,
		    1 + sqlscan_lines(buf, nul - buf));
		return (-1);
	}
	check_header(file, buf, len, &m->requires, errors, warnings);
	sqlscan_init(&scan, buf, len);
	while (sqlscan_next(&scan, &stmt)) {
		if ((why = sqlscan_forbidden(&stmt)) != NULL)
			errlist_add(errors, "%s:%d: %s", file, stmt.line, why);
		else if (sqlscan_pragma(&stmt, name, sizeof name, &set) && set)
			m->settings |= connstate_setting(name);
	}
	if (strcasestr(buf, "temp") != NULL)
		m->settings |= CONNSTATE_TEMP;
	return (errors->n == before ? 0 : -1);
}

/* Is buf[from, to) blank? */
static int
blank_between(const char *buf, size_t from, size_t to)
{
	for (; from < to; from++)
		if (strchr(" \t\r\n", buf[from]) == NULL)
			return (0);
	return (1);
}

/*
 * Why the text that runs (buf, NUL-terminated) is not a migration yet:
 * nothing at all, or only MIGRATIONS_TEMPLATE; NULL when it holds a
 * statement, or comments of its own (a migration that does nothing, as
 * other tools allow).
 */
const char *
migrations_unwritten(char *buf, size_t len)
{
	struct sqlscan	 scan;
	struct sqlstmt	 stmt;
	const char	*t;
	size_t		 bom = sqlscan_bom(buf, len), at;

	sqlscan_init(&scan, buf, len);
	if (sqlscan_next(&scan, &stmt))
		return (NULL);
	if (blank_between(buf, bom, len))
		return ("empty: it holds no statement; write its SQL, or "
		    "delete the file (a migration meant to do nothing says "
		    "so in a comment)");
	if ((t = strstr(buf, MIGRATIONS_TEMPLATE)) != NULL) {
		at = t - buf;
		if (blank_between(buf, bom, at) && blank_between(buf, at +
		    strlen(MIGRATIONS_TEMPLATE), len))
			return ("no statement yet, only the comment schemad "
			    "new wrote: write its SQL below it, or delete the "
			    "file");
	}
	return (NULL);
}

/* The SHA-256 ctx has taken in, in hex. */
static void
checksum_final(SHA256_CTX *ctx, char *hex)
{
	static const char	 digits[] = "0123456789abcdef";
	unsigned char		 md[SHA256_DIGEST_LENGTH];
	size_t			 i;

	if (SHA256_Final(md, ctx) != 1)
		fatalx("SHA-256 failed");
	for (i = 0; i < sizeof md; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 0xf];
	}
	hex[2 * sizeof md] = '\0';
}

/* The hex SHA-256 of buf. */
void
migrations_checksum(const char *buf, size_t len, char *hex)
{
	SHA256_CTX	ctx;

	if (SHA256_Init(&ctx) != 1 || SHA256_Update(&ctx, buf, len) != 1)
		fatalx("SHA-256 failed");
	checksum_final(&ctx, hex);
}

/*
 * The hex SHA-256 of the statements of buf (the text that runs,
 * NUL-terminated), each squeezed (sqlscan_squeeze) and ended by a
 * newline: an edit of comments or layout leaves it as it was, an edit of
 * the SQL does not. The history keeps it beside the file's checksum, for
 * `schemad accept` to tell the one from the other.
 */
void
migrations_sql_checksum(char *buf, size_t len, char *hex)
{
	struct sqlscan	 scan;
	struct sqlstmt	 stmt;
	SHA256_CTX	 ctx;
	char		*squeezed = xmalloc(len + 1);
	size_t		 n;

	if (SHA256_Init(&ctx) != 1)
		fatalx("SHA-256 failed");
	sqlscan_init(&scan, buf, len);
	while (sqlscan_next(&scan, &stmt)) {
		n = sqlscan_squeeze(&stmt, squeezed);
		squeezed[n++] = '\n';
		if (SHA256_Update(&ctx, squeezed, n) != 1)
			fatalx("SHA-256 failed");
	}
	free(squeezed);
	checksum_final(&ctx, hex);
}

/* The same, of m's text as a run loads it. */
int
migrations_sql_checksum_of(const struct migration *m, char *hex,
    char **cause)
{
	char	*buf, *tofree;
	size_t	 len;

	if (migrations_load(m, &buf, &len, &tofree, cause) != 0)
		return (-1);
	migrations_sql_checksum(buf, len, hex);
	free(tofree);
	return (0);
}

/* What kind of file st is, for an error message. */
static const char *
file_kind(const struct stat *st)
{
	if (S_ISDIR(st->st_mode))
		return ("a directory");
	if (S_ISFIFO(st->st_mode))
		return ("a FIFO");
	if (S_ISSOCK(st->st_mode))
		return ("a socket");
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		return ("a device");
	return ("not a regular file");
}

/*
 * Open a migration without blocking (a FIFO would block the open, and the
 * run with it), and fstat it.
 */
static int
open_file(const char *path, struct stat *st, char **cause)
{
	int	fd;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1 ||
	    fstat(fd, st) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return (-1);
	}
	return (fd);
}

/*
 * Read an open file, st its fstat, into a NUL-terminated buffer: a regular
 * file of at most MIGRATIONS_MAX_SIZE bytes.
 */
static int
read_fd(int fd, const char *path, const struct stat *st, char **buf,
    size_t *len, char **cause)
{
	ssize_t	n;
	size_t	got = 0;

	if (!S_ISREG(st->st_mode)) {
		xasprintf(cause, "%s: %s, not a migration file", path,
		    file_kind(st));
		return (-1);
	}
	if (st->st_size > MIGRATIONS_MAX_SIZE) {
		xasprintf(cause, "%s: %lld bytes; a migration may be at most "
		    "%d MiB", path, (long long)st->st_size,
		    MIGRATIONS_MAX_SIZE >> 20);
		return (-1);
	}
	*buf = xmalloc((size_t)st->st_size + 1);
	while (got < (size_t)st->st_size) {
		n = read(fd, *buf + got, (size_t)st->st_size - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(*buf);
			xasprintf(cause, "%s: %s", path,
			    n == 0 ? "shorter than it was" : strerror(errno));
			return (-1);
		}
		got += n;
	}
	(*buf)[got] = '\0';
	*len = got;
	return (0);
}

/* Read a whole migration file into a NUL-terminated buffer. */
int
migrations_read_file(const char *path, char **buf, size_t *len, char **cause)
{
	struct stat	st;
	int		fd, rc;

	if ((fd = open_file(path, &st, cause)) == -1)
		return (-1);
	rc = read_fd(fd, path, &st, buf, len, cause);
	close(fd);
	return (rc);
}

/*
 * A migration's text, to run it: as the scan read it, so that a file read
 * once is also what runs; or, where the scan did not keep it (a set of more
 * than MIGRATIONS_KEEP_SIZE bytes), read again, and then it must still be
 * what the scan saw. The caller frees *tofree afterwards (NULL: nothing).
 */
int
migrations_load(const struct migration *m, char **buf, size_t *len,
    char **tofree, char **cause)
{
	struct errlist		 errors = { NULL, 0 };
	char			 hex[MIGRATIONS_CHECKSUM_LEN + 1];
	const struct layout	*found;
	int			 down, framed;

	*tofree = NULL;
	if (m->text != NULL) {
		*buf = m->text;
		*len = m->len;
		return (0);
	}
	if (migrations_read_file(m->path, buf, len, cause) != 0)
		return (-1);
	migrations_checksum(*buf, *len, hex);
	if (strcmp(hex, m->checksum) != 0) {
		free(*buf);
		xasprintf(cause, "%s: changed while schemad was running",
		    m->path);
		return (-1);
	}
	/* The same text as the scan's, so the same sections and blanks. */
	layout_sections(m->path, *buf, *len, m->layout, &found, &down,
	    &errors);
	errlist_free(&errors);
	if (m->left_out > 0 || m->framed)
		leave_out_fk(*buf, *len, &framed);
	*tofree = *buf;
	return (0);
}

/*
 * Version order: Flyway's versions number by number, other numbers as
 * numbers; then the file names.
 */
int
migrations_version_cmp(const struct migration *a, const struct migration *b)
{
	int	c;

	if (a->label != NULL && b->label != NULL &&
	    (c = flyway_version_cmp(a->label, b->label)) != 0)
		return (c);
	if (a->version != b->version)
		return (a->version < b->version ? -1 : 1);
	return (strcmp(a->file, b->file));
}

/* Version order, then the repeatable migrations by name. */
static int
migration_cmp(const void *a, const void *b)
{
	const struct migration	*ma = a, *mb = b;

	if ((ma->kind == NAME_REPEAT) != (mb->kind == NAME_REPEAT))
		return (ma->kind == NAME_REPEAT ? 1 : -1);
	if (ma->kind == NAME_REPEAT)
		return (strcmp(ma->name, mb->name));
	return (migrations_version_cmp(ma, mb));
}

/* Does the set's directory hold file (a path under it)? */
static int
dir_has(const struct migration_set *set, const char *dir, const char *file)
{
	char	*path;
	int	 rc;

	if (dir == NULL)
		xasprintf(&path, "%s/%s", set->dir, file);
	else
		xasprintf(&path, "%s/%s/%s", set->dir, dir, file);
	rc = access(path, F_OK) == 0;
	free(path);
	return (rc);
}

/*
 * The tools whose migrations are directories (dir_file), or with
 * repeatable migrations (repeat), for a message: "diesel's and Prisma's"
 * (how "'s"), or "up.sql (diesel) nor migration.sql (Prisma)" (how NULL).
 */
static void
dir_tools(int repeat, const char *how, char *buf, size_t size)
{
	const struct layout	*l;
	size_t			 i, n = 0, len;

	*buf = '\0';
	for (i = 0; (l = layout_at(i)) != NULL; i++) {
		if (repeat ? !l->repeatables : l->dir_file == NULL)
			continue;
		len = strlen(buf);
		if (n++ > 0)
			snprintf(buf + len, size - len, how != NULL ? " and " :
			    " nor ");
		len = strlen(buf);
		if (how != NULL)
			snprintf(buf + len, size - len, "%s%s", l->title, how);
		else
			snprintf(buf + len, size - len, "%s (%s)", l->dir_file,
			    l->title);
	}
}

/*
 * A directory that a tool made for one migration (diesel's, Prisma's):
 * VERSION_name, VERSION digits (diesel's with '-': 2024-01-05-123000) and
 * the name anything, as in both tools, holding the tool's dir_file (and its dir_down, never run). With strict
 * modes, the directory must be one that may be trusted, as the top one.
 */
static void
scan_dir(struct migration_set *set, const char *dir, int strict,
    struct errlist *errors)
{
	const struct layout	*l;
	struct migration	*m;
	char			*path, digits[32], tools[256];
	size_t			 n = 0, i, t;
	int			 rc;
	long long		 v;

	for (i = 0; isdigit((unsigned char)dir[i]) || dir[i] == '-'; i++) {
		if (isdigit((unsigned char)dir[i]) && n < sizeof digits - 1)
			digits[n++] = dir[i];
	}
	digits[n] = '\0';
	if (dir[i] != '_' || dir[i + 1] == '\0') {
		dir_tools(0, "'s", tools, sizeof tools);
		errlist_add(errors, "%s/%s: a directory, not a migration "
		    "(%s are VERSION_name/)", set->dir, dir, tools);
		return;
	}
	errno = 0;
	v = strtoll(digits, NULL, 10);
	if (errno == ERANGE || n == sizeof digits - 1) {
		errlist_add(errors, "%s/%s: version is larger than %" PRId64
		    ", the largest there can be", set->dir, dir, INT64_MAX);
		return;
	}
	xasprintf(&path, "%s/%s", set->dir, dir);
	rc = strict ? trust_dir(path, errors) : 0;
	free(path);
	if (rc != 0)
		return;
	for (t = 0; (l = layout_at(t)) != NULL; t++) {
		if (l->dir_file != NULL && dir_has(set, dir, l->dir_file))
			break;
	}
	if (l == NULL) {
		dir_tools(0, NULL, tools, sizeof tools);
		errlist_add(errors, "%s/%s: holds neither %s", set->dir, dir,
		    tools);
		return;
	}
	set->v = xreallocarray(set->v, set->n + 1, sizeof *set->v);
	m = &set->v[set->n++];
	memset(m, 0, sizeof *m);
	m->kind = NAME_OWN;
	m->named = l;
	m->version = v;
	m->name = xstrdup(dir + i + 1);
	xasprintf(&m->file, "%s/%s", dir, l->dir_file);
	xasprintf(&m->path, "%s/%s", set->dir, m->file);
	m->maybe_link = 1;
	if (l->dir_down != NULL && dir_has(set, dir, l->dir_down))
		set->ndown++;
}

/*
 * Parse a name, a tool's own (parse_name) or schemad's: its kind (enum
 * name_kind), or -1 with the problem added to errors; *named is whose it
 * is (NULL: schemad's, which every layout but the named ones has). A name
 * that schemad's rule refuses but another tool's may allow is read
 * (loose_name), *misnamed saying why, for check_misnamed to judge once
 * the layout is known. Down files are counted here.
 */
static int
scan_name(struct migration_set *set, const char *file, int64_t *version,
    char **label, char **name, const struct layout **named, char **misnamed,
    int *underscore, struct errlist *errors)
{
	const struct layout	*l;
	char			*cause;
	size_t			 i;
	int			 kind, loose;

	*label = NULL;
	*named = NULL;
	*misnamed = NULL;
	for (i = 0; (l = layout_at(i)) != NULL; i++) {
		if (l->parse_name == NULL || (kind = l->parse_name(set, file,
		    version, label, name, errors)) == NAME_NONE)
			continue;
		*named = l;
		if (kind == NAME_DOWN) {
			set->ndown++;
			set->undofiles++;
			set->undo_by = l;
		}
		return (kind);
	}
	kind = migrations_parse_name(file, version, name, &cause);
	if (kind == -1 && (loose = loose_name(file, version, name,
	    underscore)) != -1) {
		kind = loose;
		if (kind == NAME_DOWN)
			free(cause);
		else
			*misnamed = cause;
	} else if (kind == -1 && !ends_with(file, strlen(file), ".sql")) {
		/* Not a .sql file: whose it is, the layout says (check_others). */
		errlist_add(&set->others, "%s/%s", set->dir, file);
		free(cause);
		kind = NAME_NONE;
	} else if (kind == -1) {
		errlist_add(errors, "%s/%s: %s", set->dir, file, cause);
		free(cause);
	}
	if (kind == NAME_DOWN) {
		set->ndown++;
		set->downfiles++;
	} else if (kind == NAME_UP)
		*named = layout_by_kind(NAME_UP);
	return (kind);
}

/* Look at one directory entry; add it to the set if it is a migration. */
static void
scan_entry(struct migration_set *set, const struct dirent *de, int strict,
    struct errlist *errors)
{
	const char		*file = de->d_name;
	const struct layout	*l, *named;
	struct migration	*m;
	struct stat		 st;
	char			*name, *label, *path, *misnamed;
	int64_t			 version = 0;
	size_t			 i;
	int			 kind, isdir, underscore = 0;

	isdir = de->d_type == DT_DIR;
	if (de->d_type == DT_UNKNOWN && isdigit((unsigned char)*file)) {
		xasprintf(&path, "%s/%s", set->dir, file);
		isdir = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
		free(path);
	}
	if (isdir && isdigit((unsigned char)*file) &&
	    !ends_with(file, strlen(file), ".sql")) {
		scan_dir(set, file, strict, errors);
		return;
	}
	for (i = 0; (l = layout_at(i)) != NULL; i++) {
		if (l->side_file != NULL && l->side_file(set, file, errors))
			return;
	}
	kind = scan_name(set, file, &version, &label, &name, &named, &misnamed,
	    &underscore, errors);
	if (kind == NAME_NONE || kind == NAME_DOWN || kind == -1)
		return;
	set->v = xreallocarray(set->v, set->n + 1, sizeof *set->v);
	m = &set->v[set->n++];
	memset(m, 0, sizeof *m);
	m->kind = kind;
	m->named = named;
	m->misnamed = misnamed;
	m->underscore = underscore;
	m->version = version;
	m->label = label;
	m->name = name;
	m->file = xstrdup(file);
	xasprintf(&m->path, "%s/%s", set->dir, file);
	m->maybe_link = de->d_type == DT_LNK || de->d_type == DT_UNKNOWN;
}

/*
 * Is a file (or the directory) one that only its owner can change, and is
 * that owner root or the user schemad runs as? A migration runs with the
 * database's full rights, so, as sshd's StrictModes does for key files,
 * anything else is refused (unless strict_modes = no) -- but for what is on
 * a read-only mount (a ConfigMap, a :ro volume), which nobody can change.
 */
static int
check_trust(const char *path, int fd, const struct stat *st,
    struct errlist *errors)
{
	struct statvfs	vfs;
	int		writable, owner;

	writable = (st->st_mode & (S_IWGRP | S_IWOTH)) != 0;
	owner = st->st_uid == 0 || st->st_uid == geteuid();
	if (!writable && owner)
		return (0);
	/* On a read-only mount nobody here can change it, whoever owns it. */
	if (fstatvfs(fd, &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
		return (0);
	if (writable) {
		errlist_add(errors, "%s: writable by %s; refusing it (chmod "
		    "go-w, or strict_modes = no)", path,
		    (st->st_mode & S_IWOTH) ? "everyone" : "its group");
	} else {
		errlist_add(errors, "%s: owned by uid %ld, neither root nor "
		    "schemad's user; refusing it (strict_modes = no allows "
		    "it)", path, (long)st->st_uid);
	}
	return (-1);
}

/* A directory (not the top one), checked as check_trust does. */
static int
trust_dir(const char *path, struct errlist *errors)
{
	struct stat	st;
	int		fd, rc;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		errlist_add(errors, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return (-1);
	}
	rc = check_trust(path, fd, &st, errors);
	close(fd);
	return (rc);
}

/*
 * A symlink must stay inside the migrations directory (a subdirectory is
 * inside: Kubernetes mounts a ConfigMap's files as links into one), and the
 * directory it leads to must be one that may be trusted too.
 */
static int
check_link(const struct migration_set *set, const char *path,
    struct errlist *errors)
{
	char		*target, *dir, *slash;
	size_t		 len;
	int		 rc = 0;

	if ((target = realpath(path, NULL)) == NULL) {
		errlist_add(errors, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if ((dir = realpath(set->dir, NULL)) == NULL) {
		errlist_add(errors, "%s: %s", set->dir, strerror(errno));
		rc = -1;
	} else if (strncmp(target, dir, (len = strlen(dir))) != 0 ||
	    target[len] != '/') {
		errlist_add(errors, "%s: a symlink to %s, outside the "
		    "migrations directory; refusing it", path, target);
		rc = -1;
	} else if ((slash = strrchr(target, '/')) != target + len) {
		*slash = '\0';
		rc = trust_dir(target, errors);
	}
	free(target);
	free(dir);
	return (rc);
}

/*
 * Read one migration: checksum, directives, statements. With strict modes,
 * it must first be a file that may be trusted.
 */
static void
scan_file(struct migration_set *set, struct migration *m, int strict,
    struct errlist *errors)
{
	const struct layout	*l = set->layout;
	struct stat		 st;
	char			*buf, *cause;
	const char		*why;
	size_t			 len;
	int			 fd, rc, down;

	if (strict && m->maybe_link && lstat(m->path, &st) == 0 &&
	    S_ISLNK(st.st_mode) && check_link(set, m->path, errors) != 0)
		return;
	if ((fd = open_file(m->path, &st, &cause)) == -1) {
		errlist_add(errors, "%s", cause);
		free(cause);
		return;
	}
	if (strict && check_trust(m->path, fd, &st, errors) != 0) {
		close(fd);
		return;
	}
	rc = read_fd(fd, m->path, &st, &buf, &len, &cause);
	close(fd);
	if (rc != 0) {
		errlist_add(errors, "%s", cause);
		free(cause);
		return;
	}
	migrations_checksum(buf, len, m->checksum);
	if (l != LAYOUT_AUTO && l->refuse != NULL)
		l->refuse(m->path, buf, len, errors);
	if (l != LAYOUT_AUTO && l->expand != NULL &&
	    (rc = l->expand(set, m, &buf, &len, errors)) != 0) {
		if (rc == -1) {
			free(buf);
			return;
		}
		/* A repeatable runs again when what runs changes. */
		if (m->kind == NAME_REPEAT)
			migrations_checksum(buf, len, m->checksum);
		m->expanded = 1;
	}
	if (layout_sections(m->path, buf, len, set->layout, &m->layout,
	    &down, errors) == 0) {
		m->left_out = leave_out_fk(buf, len, &m->framed);
		set->left_out += m->left_out;
		set->framed += m->framed;
		migrations_check_text(m->path, buf, len, m, errors,
		    &set->warnings);
		if ((why = migrations_unwritten(buf, len)) != NULL)
			errlist_add(&set->unwritten, "%s: %s", m->path, why);
	}
	set->ndown += down;
	if (m->expanded || set->kept + len <= migrations_keep) {
		m->text = buf;
		m->len = len;
		set->kept += len;
	} else
		free(buf);
}

/*
 * The layouts that names say: golang-migrate's .up.sql and .down.sql (and
 * sqlx's, plain files beside them), a tool's own names or directories
 * (Flyway's V1__name.sql, diesel's and Prisma's), or a file that marks
 * the directory (drizzle's journal, Atlas's atlas.sum). Either every
 * migration of the directory is named one way, or none is. Repeatable migrations (R__name.sql) are checked later, when
 * the text has said the layout.
 */
static void
check_names(struct migration_set *set, struct errlist *errors)
{
	const struct layout	*named = NULL, *want, *l, *pairs;
	size_t			 i, plain = 0;
	int			 mixes;

	pairs = layout_by_kind(NAME_UP);
	for (i = 0; i < set->n; i++)
		plain += set->v[i].kind == NAME_PLAIN;
	if (set->downfiles > 0)
		named = pairs;
	else if (set->undofiles > 0)
		named = set->undo_by;
	for (i = 0; i < set->n && named == NULL; i++) {
		if (set->v[i].kind != NAME_REPEAT)
			named = set->v[i].named;
	}
	/* Plain files beside .up.sql pairs: the layout that has both. */
	for (i = 0; named == pairs && plain > 0 &&
	    (l = layout_at(i)) != NULL; i++) {
		if (l->pairs)
			named = l;
	}
	for (i = 0; named == NULL && (l = layout_at(i)) != NULL; i++) {
		if (l->marker != NULL && dir_has(set, NULL, l->marker))
			named = l;
	}
	if (set->layout == LAYOUT_AUTO)
		set->layout = named;
	want = set->layout != LAYOUT_AUTO && set->layout->kind != NAME_PLAIN ?
	    set->layout : NULL;
	mixes = set->layout != LAYOUT_AUTO && set->layout->pairs;
	for (i = 0; i < set->n; i++) {
		if (set->v[i].kind == NAME_REPEAT || set->v[i].named == want ||
		    (mixes && set->v[i].named == pairs))
			continue;
		errlist_add(errors, "%s: %s, in a %s directory",
		    set->v[i].path, (set->v[i].named != NULL ?
		    set->v[i].named : &layout_schemad)->named,
		    layout_name(set->layout));
	}
	if (set->downfiles > 0 && set->layout != pairs && !mixes)
		errlist_add(errors, "%s: %zu %s, in a %s directory", set->dir,
		    set->downfiles, pairs->down_files,
		    layout_name(set->layout));
	if (set->undofiles > 0 && set->layout != set->undo_by)
		errlist_add(errors, "%s: %zu %s, in a %s directory", set->dir,
		    set->undofiles, set->undo_by->down_files,
		    layout_name(set->layout));
}

/*
 * Put the repeatable migrations after the versioned ones (the sort did),
 * and number Flyway's versions by their place in the order: 1, 2, 3...
 * Only schemad's and Flyway's layouts have repeatable migrations.
 */
static void
check_order(struct migration_set *set, struct errlist *errors)
{
	struct migration	*a, *b;
	size_t			 i;

	while (set->nrep < set->n &&
	    set->v[set->n - 1 - set->nrep].kind == NAME_REPEAT)
		set->nrep++;
	set->n -= set->nrep;
	set->rep = set->v + set->n;
	for (i = 0; i < set->n; i++) {
		if (set->v[i].label != NULL)
			set->v[i].version = (int64_t)i + 1;
	}
	for (i = 0; i + 1 < set->n; i++) {
		a = &set->v[i];
		b = &set->v[i + 1];
		if (a->label != NULL && b->label != NULL &&
		    flyway_version_cmp(a->label, b->label) == 0)
			errlist_add(errors, "%s: version %s is used twice: %s "
			    "and %s", set->dir, b->label, a->file, b->file);
		else if (a->label == NULL && a->version == b->version)
			errlist_add(errors, "%s: version %" PRId64 " is used "
			    "twice: %s and %s", set->dir, a->version, a->file,
			    b->file);
	}
}

/*
 * The names schemad's rule refuses, now that the layout is known: what
 * follows the version is the tool's (LAYOUT_NAMES_*), or refused.
 */
static void
check_misnamed(struct migration_set *set, struct errlist *errors)
{
	struct migration	*m;
	int			 names = set->layout->names;
	size_t			 i;

	for (i = 0; i < set->n + set->nrep; i++) {
		m = &set->v[i];
		if (m->misnamed == NULL)
			continue;
		if (names == LAYOUT_NAMES_SCHEMAD ||
		    (names == LAYOUT_NAMES_UNDERSCORE && !m->underscore))
			errlist_add(errors, "%s: %s", m->path, m->misnamed);
		free(m->misnamed);
		m->misnamed = NULL;
	}
}

/*
 * Files named with a version that do not end in .sql (0003_x.sql.orig,
 * 20221019225916_migrate.py), now that the layout is known: schemad's own
 * rule refuses them, so that a file meant to run is never passed over;
 * every other tool reads only .sql files, and passes over the rest, so in
 * its layout they are left out, with a warning naming each.
 */
static void
check_others(struct migration_set *set, struct errlist *errors)
{
	size_t	i;

	for (i = 0; i < set->others.n; i++) {
		if (set->layout == &layout_schemad)
			errlist_add(errors, "%s: malformed name (expected "
			    "NNNN_name.sql)", set->others.msgs[i]);
		else
			errlist_add(&set->warnings, "%s: not a .sql file, "
			    "which %s passes over: left out",
			    set->others.msgs[i], set->layout->title);
	}
}

/*
 * Sections (dbmate's, goose's, sql-migrate's annotations): every file of
 * the directory has one tool's, or none has any.
 */
static void
check_annotations(struct migration_set *set, struct errlist *errors)
{
	const struct layout	*found = set->layout, *l;
	size_t			 i;

	for (i = 0; i < set->n && found == LAYOUT_AUTO; i++) {
		if (set->v[i].layout != &layout_schemad)
			found = set->v[i].layout;
	}
	if (found == LAYOUT_AUTO)
		found = &layout_schemad;
	set->layout = found;
	if (found->sections == NULL)
		return;
	for (i = 0; i < set->n; i++) {
		if ((l = set->v[i].layout) == found)
			continue;
		errlist_add(errors, "%s: %s%s, in a %s directory",
		    set->v[i].path, l == &layout_schemad ?
		    "no up section annotation" : l->name, l == &layout_schemad ?
		    "" : " annotations", found->name);
	}
}

/*
 * Scan a migrations directory into set, in the order its layout runs them:
 * by version, or its own (struct layout's order). Returns -1, with
 * every problem found added to errors, if anything is wrong.
 */
int
migrations_scan(const char *dir, int strict, const struct layout *layout,
    struct migration_set *set, struct errlist *errors)
{
	return (refuse_unwritten(set, errors, scan(dir, strict, layout, NULL,
	    set, errors)));
}

/* The files with no statement yet, as errors; rc, or -1 if any. */
static int
refuse_unwritten(struct migration_set *set, struct errlist *errors, int rc)
{
	size_t	i;

	for (i = 0; i < set->unwritten.n; i++)
		errlist_add(errors, "%s", set->unwritten.msgs[i]);
	if (set->unwritten.n > 0)
		rc = -1;
	errlist_free(&set->unwritten);
	return (rc);
}

/* migrations_scan, with the values of Flyway's placeholders. */
static int
scan(const char *dir, int strict, const struct layout *layout,
    const struct placeholders *placeholders, struct migration_set *set,
    struct errlist *errors)
{
	DIR		*dp;
	struct dirent	*de;
	struct stat	 st;
	char		 tools[256];
	size_t		 i, before = errors->n;

	memset(set, 0, sizeof *set);
	set->dir = xstrdup(dir);
	set->layout = layout;
	set->placeholders = placeholders;
	set->started = time(NULL);
	if ((dp = opendir(dir)) == NULL) {
		errlist_add(errors, "%s: %s", dir, strerror(errno));
		return (-1);
	}
	if (strict && fstat(dirfd(dp), &st) == 0 &&
	    check_trust(dir, dirfd(dp), &st, errors) != 0) {
		closedir(dp);
		return (-1);
	}
	while ((de = readdir(dp)) != NULL)
		scan_entry(set, de, strict, errors);
	closedir(dp);

	if (set->n > 0)
		qsort(set->v, set->n, sizeof *set->v, migration_cmp);
	check_names(set, errors);
	check_order(set, errors);
	if (set->layout != LAYOUT_AUTO && set->layout->check_set != NULL)
		set->layout->check_set(set, errors);
	for (i = 0; i < set->n + set->nrep; i++)
		scan_file(set, &set->v[i], strict, errors);
	check_annotations(set, errors);
	check_misnamed(set, errors);
	check_others(set, errors);
	if (set->nrep > 0 && !set->layout->repeatables) {
		dir_tools(1, "'s", tools, sizeof tools);
		for (i = 0; i < set->nrep; i++)
			errlist_add(errors, "%s: a repeatable migration, in a "
			    "%s directory (%s layouts have them)",
			    set->rep[i].path, set->layout->name, tools);
	}
	if (set->n + set->nrep == 0 && errors->n == before)
		errlist_add(errors, "%s: no migration files (NNNN_name.sql)",
		    dir);
	if (set->layout->order != NULL && set->n > 1)
		qsort(set->v, set->n, sizeof *set->v, set->layout->order);
	return (errors->n == before ? 0 : -1);
}

/*
 * The migration with the highest version: the last, but in a tool's own
 * order; NULL in an empty set.
 */
const struct migration *
migrations_newest(const struct migration_set *set)
{
	const struct migration	*newest = NULL;
	size_t			 i;

	for (i = 0; i < set->n; i++) {
		if (newest == NULL || set->v[i].version > newest->version)
			newest = &set->v[i];
	}
	return (newest);
}

/*
 * What the scan read and leaves out, as plan and the log say it: "dbmate:
 * 3 down sections are never run" (the down parts only where there are
 * some), and the statements leave.c blanked;
 * NULL for schemad's own layout with nothing left out.
 */
const char *
migrations_layout(const struct migration_set *set, char *buf, size_t size)
{
	const struct layout	*l = set->layout;
	const char		*sep = "";
	size_t			 len;

	*buf = '\0';
	if (l != &layout_schemad) {
		snprintf(buf, size, "%s", l->name);
		sep = ": ";
	}
	len = strlen(buf);
	if (l->down != NULL && set->ndown > 0) {
		snprintf(buf + len, size - len, "%s%zu %s%s never run", sep,
		    set->ndown, l->down, set->ndown == 1 ? " is" : "s are");
		sep = "; ";
	}
	len = strlen(buf);
	if (set->left_out > 0) {
		snprintf(buf + len, size - len, "%s%zu statement%s that only "
		    "turn%s foreign keys off and on left out (a run has them "
		    "off, and checks them before COMMIT)", sep, set->left_out,
		    set->left_out == 1 ? "" : "s",
		    set->left_out == 1 ? "s" : "");
		sep = "; ";
	}
	len = strlen(buf);
	if (set->framed > 0)
		snprintf(buf + len, size - len, "%s%zu file%s own BEGIN and "
		    "COMMIT left out (a run is one transaction)", sep,
		    set->framed, set->framed == 1 ? "'s" : "s'");
	return (*buf == '\0' ? NULL : buf);
}

/*
 * The scan of the configured directory, as every command does it: with
 * the configuration's strict_modes and format, the warnings and errors
 * logged (and the errors kept in errors for the caller), and with
 * MIGRATIONS_SAY_LAYOUT the layout found. Returns 0, or -1 when the
 * directory is invalid (the set is freed then).
 */
int
migrations_scan_config(const struct config *conf, unsigned flags,
    struct migration_set *set, struct errlist *errors)
{
	const char	*layout;
	char		 buf[512];
	int		 rc;

	rc = scan(conf->migrations, (flags & MIGRATIONS_NAMES) ? 0 :
	    conf->strict_modes, layout_parse(conf->format),
	    &conf->placeholders, set, errors);
	if (flags & MIGRATIONS_NAMES)
		return (rc);
	errlist_warn(&set->warnings);
	if (!(flags & MIGRATIONS_LIST_UNWRITTEN) || rc != 0)
		rc = refuse_unwritten(set, errors, rc);
	if (rc != 0) {
		errlist_log(errors);
		migrations_free(set);
		return (-1);
	}
	if ((flags & MIGRATIONS_SAY_LAYOUT) &&
	    (layout = migrations_layout(set, buf, sizeof buf)) != NULL)
		log_info("layout %s", layout);
	return (0);
}

static void
migration_free(struct migration *m)
{
	free(m->misnamed);
	free(m->label);
	free(m->name);
	free(m->file);
	free(m->path);
	free(m->text);
}

/* Leave migration i out of the set (a layout's check_set). */
void
migrations_drop(struct migration_set *set, size_t i)
{
	migration_free(&set->v[i]);
	memmove(&set->v[i], &set->v[i + 1], (set->n + set->nrep - i - 1) *
	    sizeof *set->v);
	if (i < set->n)
		set->n--;
	else
		set->nrep--;
	set->rep = set->v + set->n;
}

void
migrations_free(struct migration_set *set)
{
	size_t	i;

	for (i = 0; i < set->n + set->nrep; i++)
		migration_free(&set->v[i]);
	free(set->v);
	free(set->dir);
	errlist_free(&set->others);
	errlist_free(&set->unwritten);
	errlist_free(&set->warnings);
	memset(set, 0, sizeof *set);
}
