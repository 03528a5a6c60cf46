/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "errlist.h"
#include "log.h"
#include "migrations.h"
#include "sqlscan.h"
#include "xmalloc.h"

/*
 * The migrations directory: files named NNNN_name.sql, applied in the
 * numeric order of NNNN. A scan checks everything that can be checked
 * without the database -- names, duplicate versions, readability, header
 * directives, statements that cannot run in a transaction -- and reports
 * every problem at once. It holds one file in memory at a time; only names
 * and checksums are kept.
 *
 * With strict modes, a directory or file that others could change, and a
 * symlink that leads out of the directory, are refused.
 *
 * A file may start with directives in comments:
 *	-- schemad: requires fts5, json1
 */

#define DIRECTIVE	"schemad:"

static int	migration_cmp(const void *, const void *);
static int	check_directive(const char *, int, const char *, unsigned *,
		    struct errlist *);
static int	check_header(const char *, const char *, unsigned *,
		    struct errlist *);
static void	scan_entry(struct migration_set *, const char *,
		    struct errlist *);
static void	scan_file(struct migration *, struct errlist *);
static int	check_trust(const char *, const struct stat *,
		    struct errlist *);
static int	check_link(const struct migration_set *, const char *,
		    struct errlist *);
static int	check_file(const struct migration_set *,
		    const struct migration *, struct errlist *);

/*
 * Parse a directory entry's name. Returns 1 for a migration (version and
 * name set), 0 for a file that is not one (hidden, or neither starting with
 * a digit nor ending in .sql) and -1, with a cause, for a malformed name.
 */
int
migrations_parse_name(const char *file, int *version, char **name,
    char **cause)
{
	size_t		 len = strlen(file), digits, i;
	int		 sql;
	long long	 v;

	sql = len > 4 && strcmp(file + len - 4, ".sql") == 0;
	digits = strspn(file, "0123456789");
	if (*file == '.' || (digits == 0 && !sql))
		return (0);
	if (digits == 0 || file[digits] != '_' || !sql ||
	    digits + 1 >= len - 4) {
		xasprintf(cause, "malformed name (expected NNNN_name.sql)");
		return (-1);
	}
	for (i = digits + 1; i < len - 4; i++) {
		if (!isalnum((unsigned char)file[i]) && file[i] != '_' &&
		    file[i] != '-') {
			xasprintf(cause, "malformed name: '%c' is not allowed "
			    "(letters, digits, '_' and '-' are)", file[i]);
			return (-1);
		}
	}
	errno = 0;
	v = strtoll(file, NULL, 10);
	if (errno == ERANGE || v > INT32_MAX) {
		xasprintf(cause, "version is larger than %d, the largest "
		    "PRAGMA user_version", INT32_MAX);
		return (-1);
	}
	if (v == 0) {
		xasprintf(cause, "version 0 is reserved for an empty database");
		return (-1);
	}
	*version = (int)v;
	*name = xstrndup(file + digits + 1, len - 4 - digits - 1);
	return (1);
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
	if (word == NULL || strcmp(word, "requires") != 0) {
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

/* Read the directives in the comment lines at the top of a file. */
static int
check_header(const char *file, const char *buf, unsigned *requires,
    struct errlist *errors)
{
	const char	*p = buf, *eol, *text;
	char		*line;
	int		 lineno = 1, rc = 0;

	for (; *p != '\0'; p = eol + 1, lineno++) {
		if ((eol = strchr(p, '\n')) == NULL)
			eol = p + strlen(p);
		text = p + strspn(p, " \t\r");
		if (text == eol) {
			if (*eol == '\0')
				break;
			continue;
		}
		if (strncmp(text, "--", 2) != 0)
			break;
		text += 2 + strspn(text + 2, " \t");
		if (strncmp(text, DIRECTIVE, strlen(DIRECTIVE)) == 0) {
			line = xstrndup(text + strlen(DIRECTIVE),
			    eol - text - strlen(DIRECTIVE));
			if (check_directive(file, lineno, line, requires,
			    errors) != 0)
				rc = -1;
			free(line);
		}
		if (*eol == '\0')
			break;
	}
	return (rc);
}

/*
 * Check the text of one migration: its directives, and that every
 * statement may run inside a transaction. buf must be NUL-terminated.
 */
int
migrations_check_text(const char *file, char *buf, size_t len,
    unsigned *requires, struct errlist *errors)
{
	struct sqlscan	 scan;
	struct sqlstmt	 stmt;
	const char	*why;
	size_t		 before = errors->n;
	int		 n = 0;

	*requires = 0;
	check_header(file, buf, requires, errors);
	sqlscan_init(&scan, buf, len);
	while (sqlscan_next(&scan, &stmt)) {
		n++;
		if ((why = sqlscan_forbidden(&stmt)) != NULL)
			errlist_add(errors, "%s:%d: %s", file, stmt.line, why);
	}
	if (n == 0)
		errlist_add(errors, "%s: contains no SQL statement", file);
	return (errors->n == before ? 0 : -1);
}

/*
 * The hex SHA-256 of buf. The digest is fetched once: OpenSSL 3 looks it up
 * again on every EVP_Digest() with EVP_sha256(), which costs more than
 * hashing a small file.
 */
void
migrations_checksum(const char *buf, size_t len, char *hex)
{
	static const char	 digits[] = "0123456789abcdef";
	static EVP_MD		*sha256;
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 mdlen, i;

	if (sha256 == NULL) {
		OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
		if ((sha256 = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL)
			fatalx("SHA-256 is not available from libcrypto");
	}
	if (EVP_Digest(buf, len, md, &mdlen, sha256, NULL) != 1)
		fatalx("SHA-256 failed");
	for (i = 0; i < mdlen; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 0xf];
	}
	hex[2 * mdlen] = '\0';
}

/* Read a whole file into a NUL-terminated buffer. */
int
migrations_read_file(const char *path, char **buf, size_t *len, char **cause)
{
	struct stat	 st;
	ssize_t		 n;
	size_t		 got = 0;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		goto fail;
	if (fstat(fd, &st) == -1)
		goto fail_close;
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		xasprintf(cause, "%s: not a regular file", path);
		return (-1);
	}
	*buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		n = read(fd, *buf + got, (size_t)st.st_size - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(*buf);
			if (n == 0)
				errno = EIO;
			goto fail_close;
		}
		got += n;
	}
	close(fd);
	(*buf)[got] = '\0';
	*len = got;
	return (0);

fail_close:
	n = errno;
	close(fd);
	errno = (int)n;
fail:
	xasprintf(cause, "%s: %s", path, strerror(errno));
	return (-1);
}

/* Read a migration to run it; it must still be what the scan saw. */
int
migrations_load(const struct migration *m, char **buf, size_t *len,
    char **cause)
{
	char	hex[MIGRATIONS_CHECKSUM_LEN + 1];

	if (migrations_read_file(m->path, buf, len, cause) != 0)
		return (-1);
	migrations_checksum(*buf, *len, hex);
	if (strcmp(hex, m->checksum) != 0) {
		free(*buf);
		xasprintf(cause, "%s: changed while schemad was running",
		    m->path);
		return (-1);
	}
	return (0);
}

static int
migration_cmp(const void *a, const void *b)
{
	const struct migration	*ma = a, *mb = b;

	if (ma->version != mb->version)
		return (ma->version < mb->version ? -1 : 1);
	return (strcmp(ma->file, mb->file));
}

/* Look at one directory entry; add it to the set if it is a migration. */
static void
scan_entry(struct migration_set *set, const char *file,
    struct errlist *errors)
{
	struct migration	*m;
	char			*name, *cause;
	int			 version;

	switch (migrations_parse_name(file, &version, &name, &cause)) {
	case 0:
		return;
	case -1:
		errlist_add(errors, "%s/%s: %s", set->dir, file, cause);
		free(cause);
		return;
	}
	set->v = xreallocarray(set->v, set->n + 1, sizeof *set->v);
	m = &set->v[set->n++];
	memset(m, 0, sizeof *m);
	m->version = version;
	m->name = name;
	m->file = xstrdup(file);
	xasprintf(&m->path, "%s/%s", set->dir, file);
}

/*
 * Is a file (or the directory) one that only its owner can change, and is
 * that owner root or the user schemad runs as? A migration runs with the
 * database's full rights, so, as sshd's StrictModes does for key files,
 * anything else is refused (unless strict_modes = no) -- but for what is on
 * a read-only mount (a ConfigMap, a :ro volume), which nobody can change.
 */
static int
check_trust(const char *path, const struct stat *st, struct errlist *errors)
{
	struct statvfs	vfs;

	/* On a read-only mount nobody here can change it, whoever owns it. */
	if (statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
		return (0);
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		errlist_add(errors, "%s: writable by %s; refusing it (chmod "
		    "go-w, or strict_modes = no)", path,
		    (st->st_mode & S_IWOTH) ? "everyone" : "its group");
		return (-1);
	}
	if (st->st_uid != 0 && st->st_uid != geteuid()) {
		errlist_add(errors, "%s: owned by uid %ld, neither root nor "
		    "schemad's user; refusing it (strict_modes = no allows "
		    "it)", path, (long)st->st_uid);
		return (-1);
	}
	return (0);
}

/*
 * A symlink must stay inside the migrations directory (a subdirectory is
 * inside: Kubernetes mounts a ConfigMap's files as links into one).
 */
static int
check_link(const struct migration_set *set, const char *path,
    struct errlist *errors)
{
	char	*target, *dir;
	size_t	 len;
	int	 rc = 0;

	target = realpath(path, NULL);
	dir = realpath(set->dir, NULL);
	if (target == NULL || dir == NULL) {
		errlist_add(errors, "%s: %s", path, strerror(errno));
		rc = -1;
	} else if (strncmp(target, dir, (len = strlen(dir))) != 0 ||
	    target[len] != '/') {
		errlist_add(errors, "%s: a symlink to %s, outside the "
		    "migrations directory; refusing it", path, target);
		rc = -1;
	}
	free(target);
	free(dir);
	return (rc);
}

/* With strict modes: may this migration file be trusted? */
static int
check_file(const struct migration_set *set, const struct migration *m,
    struct errlist *errors)
{
	struct stat	st;

	if (lstat(m->path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    check_link(set, m->path, errors) != 0)
		return (-1);
	if (stat(m->path, &st) == 0 && check_trust(m->path, &st, errors) != 0)
		return (-1);
	return (0);
}

/* Read one migration: checksum, directives, statements. */
static void
scan_file(struct migration *m, struct errlist *errors)
{
	char	*buf, *cause;
	size_t	 len;

	if (migrations_read_file(m->path, &buf, &len, &cause) != 0) {
		errlist_add(errors, "%s", cause);
		free(cause);
		return;
	}
	migrations_checksum(buf, len, m->checksum);
	migrations_check_text(m->path, buf, len, &m->requires, errors);
	free(buf);
}

/*
 * Scan a migrations directory into set, in version order. Returns -1, with
 * every problem found added to errors, if anything is wrong.
 */
int
migrations_scan(const char *dir, int strict, struct migration_set *set,
    struct errlist *errors)
{
	DIR		*dp;
	struct dirent	*de;
	struct stat	 st;
	size_t		 i, before = errors->n;

	memset(set, 0, sizeof *set);
	set->dir = xstrdup(dir);
	if ((dp = opendir(dir)) == NULL) {
		errlist_add(errors, "%s: %s", dir, strerror(errno));
		return (-1);
	}
	if (strict && fstat(dirfd(dp), &st) == 0 &&
	    check_trust(dir, &st, errors) != 0) {
		closedir(dp);
		return (-1);
	}
	while ((de = readdir(dp)) != NULL)
		scan_entry(set, de->d_name, errors);
	closedir(dp);

	if (set->n > 0)
		qsort(set->v, set->n, sizeof *set->v, migration_cmp);
	for (i = 0; i + 1 < set->n; i++) {
		if (set->v[i].version == set->v[i + 1].version) {
			errlist_add(errors, "%s: version %d is used twice: %s "
			    "and %s", dir, set->v[i].version, set->v[i].file,
			    set->v[i + 1].file);
		}
	}
	for (i = 0; i < set->n; i++) {
		if (strict && check_file(set, &set->v[i], errors) != 0)
			continue;
		scan_file(&set->v[i], errors);
	}
	if (set->n == 0 && errors->n == before)
		errlist_add(errors, "%s: no migration files (NNNN_name.sql)",
		    dir);
	return (errors->n == before ? 0 : -1);
}

void
migrations_free(struct migration_set *set)
{
	size_t	i;

	for (i = 0; i < set->n; i++) {
		free(set->v[i].name);
		free(set->v[i].file);
		free(set->v[i].path);
	}
	free(set->v);
	free(set->dir);
	memset(set, 0, sizeof *set);
}
