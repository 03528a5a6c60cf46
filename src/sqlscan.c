/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <sqlite3.h>
#include <string.h>
#include <strings.h>

#include "connstate.h"
#include "sqlscan.h"

/*
 * Splitting a migration file into statements, without a database: schemad
 * must know each statement's line for its error messages and must refuse,
 * before anything runs, the statements that cannot work inside the one
 * transaction of a migration run.
 *
 * The scanner knows SQLite's quoting ('', "", ``, []) and comments (-- to
 * the end of the line, and C style) and asks sqlite3_complete() at each ';'
 * whether the statement is complete, so that the ';'s inside a CREATE
 * TRIGGER body do not end it. A UTF-8 byte-order mark at the start is
 * skipped. A line that starts with '.' is a command of the sqlite3 shell
 * (.timeout 5000), which ends at the end of its line; it is a statement of
 * its own, so that it hides nothing that follows from the checks, and
 * sqlscan_forbidden() refuses it.
 */

#define BOM	"\xef\xbb\xbf"

static size_t	skip_space(const char *, size_t, size_t, int *);
static size_t	skip_quoted(const char *, size_t, size_t, int *);
static int	stmt_complete(char *, size_t, size_t);
static size_t	sqlscan_name(const struct sqlstmt *, size_t, char *, size_t);

void
sqlscan_init(struct sqlscan *scan, char *buf, size_t len)
{
	scan->buf = buf;
	scan->len = len;
	scan->pos = sqlscan_bom(buf, len);
	scan->line = 1;
}

/* The length of the byte-order mark that text starts with, if any. */
size_t
sqlscan_bom(const char *text, size_t len)
{
	return (len >= 3 && memcmp(text, BOM, 3) == 0 ? 3 : 0);
}

/* Skip white space and comments from pos; count the newlines passed. */
static size_t
skip_space(const char *s, size_t len, size_t pos, int *line)
{
	while (pos < len) {
		if (s[pos] == '\n') {
			(*line)++;
			pos++;
		} else if (isspace((unsigned char)s[pos]))
			pos++;
		else if (s[pos] == '-' && pos + 1 < len && s[pos + 1] == '-') {
			while (pos < len && s[pos] != '\n')
				pos++;
		} else if (s[pos] == '/' && pos + 1 < len && s[pos + 1] == '*') {
			pos += 2;
			while (pos < len && !(s[pos] == '*' && pos + 1 < len &&
			    s[pos + 1] == '/')) {
				if (s[pos] == '\n')
					(*line)++;
				pos++;
			}
			pos = pos + 2 > len ? len : pos + 2;
		} else
			break;
	}
	return (pos);
}

/* Skip a quoted string or identifier that starts at pos. */
static size_t
skip_quoted(const char *s, size_t len, size_t pos, int *line)
{
	char	close = s[pos] == '[' ? ']' : s[pos];

	for (pos++; pos < len; pos++) {
		if (s[pos] == '\n')
			(*line)++;
		if (s[pos] != close)
			continue;
		if (close != ']' && pos + 1 < len && s[pos + 1] == close) {
			pos++;		/* a doubled quote stands for itself */
			continue;
		}
		return (pos + 1);
	}
	return (len);
}

/* Is buf[start..end) a complete statement? (buf[end - 1] is ';') */
static int
stmt_complete(char *buf, size_t start, size_t end)
{
	char	saved = buf[end];
	int	complete;

	buf[end] = '\0';
	complete = sqlite3_complete(buf + start);
	buf[end] = saved;
	return (complete);
}

/* Find the next statement; returns 0 when only space and comments remain. */
int
sqlscan_next(struct sqlscan *scan, struct sqlstmt *stmt)
{
	const char	*s = scan->buf;
	size_t		 pos, start;

	pos = skip_space(s, scan->len, scan->pos, &scan->line);
	if (pos >= scan->len) {
		scan->pos = scan->len;
		return (0);
	}
	start = pos;
	stmt->line = scan->line;
	if (s[pos] == '.') {
		while (pos < scan->len && s[pos] != '\n')
			pos++;
		stmt->text = s + start;
		stmt->len = pos - start;
		scan->pos = pos;
		return (1);
	}
	while (pos < scan->len) {
		if (s[pos] == '\'' || s[pos] == '"' || s[pos] == '`' ||
		    s[pos] == '[')
			pos = skip_quoted(s, scan->len, pos, &scan->line);
		else if ((s[pos] == '-' && s[pos + 1] == '-') ||
		    (s[pos] == '/' && s[pos + 1] == '*') ||
		    isspace((unsigned char)s[pos]))
			pos = skip_space(s, scan->len, pos, &scan->line);
		else if (s[pos++] == ';' &&
		    stmt_complete(scan->buf, start, pos))
			break;
	}
	stmt->text = s + start;
	stmt->len = pos - start;
	scan->pos = pos;
	return (1);
}

/*
 * The statement as its SQL alone, into out (stmt->len bytes at least):
 * each run of white space and comments dropped beside a parenthesis, a
 * comma or a ';', and one space elsewhere; quoted text as it is. Returns
 * its length. Two statements that differ only in comments and layout
 * squeeze to the same text.
 */
size_t
sqlscan_squeeze(const struct sqlstmt *stmt, char *out)
{
	const char	*s = stmt->text;
	size_t		 pos = 0, end, n = 0;
	int		 line = 0;

	while (pos < stmt->len) {
		end = skip_space(s, stmt->len, pos, &line);
		if (end > pos) {
			if (n > 0 && end < stmt->len &&
			    strchr("(),;", out[n - 1]) == NULL &&
			    strchr("(),;", s[end]) == NULL)
				out[n++] = ' ';
			pos = end;
		} else if (s[pos] != '\0' && strchr("'\"`[", s[pos]) != NULL) {
			end = skip_quoted(s, stmt->len, pos, &line);
			memcpy(out + n, s + pos, end - pos);
			n += end - pos;
			pos = end;
		} else
			out[n++] = s[pos++];
	}
	return (n);
}

/*
 * Copy the keyword or identifier that follows offset from of the statement
 * (after space and comments) into word; returns the offset after it, or 0
 * when there is none.
 */
size_t
sqlscan_word(const struct sqlstmt *stmt, size_t from, char *word, size_t size)
{
	int	line = 0;
	size_t	pos, n;

	pos = skip_space(stmt->text, stmt->len, from, &line);
	for (n = 0; pos < stmt->len; pos++, n++) {
		if (!isalnum((unsigned char)stmt->text[pos]) &&
		    stmt->text[pos] != '_')
			break;
		if (n + 1 < size)
			word[n] = stmt->text[pos];
	}
	word[n < size ? n : size - 1] = '\0';
	return (n == 0 ? 0 : pos);
}

/*
 * Like sqlscan_word, but the name may be quoted ("", '', ``, []): word gets
 * it without its quotes.
 */
static size_t
sqlscan_name(const struct sqlstmt *stmt, size_t from, char *word, size_t size)
{
	const char	*t = stmt->text;
	char		 close;
	size_t		 pos, n = 0;
	int		 line = 0;

	pos = skip_space(t, stmt->len, from, &line);
	if (pos >= stmt->len || strchr("\"'`[", t[pos]) == NULL)
		return (sqlscan_word(stmt, from, word, size));
	close = t[pos] == '[' ? ']' : t[pos];
	for (pos++; pos < stmt->len; pos++) {
		if (t[pos] == close) {
			if (close == ']' || pos + 1 >= stmt->len ||
			    t[pos + 1] != close)
				break;
			pos++;		/* a doubled quote stands for itself */
		}
		if (n + 1 < size)
			word[n++] = t[pos];
	}
	word[n] = '\0';
	return (pos < stmt->len ? pos + 1 : 0);
}

/*
 * Is the statement a PRAGMA? Then name gets its name (unquoted, without a
 * schema), and *set says whether it sets something (= or a value in ()).
 */
int
sqlscan_pragma(const struct sqlstmt *stmt, char *name, size_t size, int *set)
{
	char	word[32];
	size_t	pos;
	int	line = 0;

	pos = sqlscan_word(stmt, 0, word, sizeof word);
	if (strcasecmp(word, "PRAGMA") != 0)
		return (0);
	pos = sqlscan_name(stmt, pos, name, size);
	if (pos != 0 && pos < stmt->len && stmt->text[pos] == '.')
		pos = sqlscan_name(stmt, pos + 1, name, size);
	if (pos != 0)
		pos = skip_space(stmt->text, stmt->len, pos, &line);
	*set = pos != 0 && pos < stmt->len && (stmt->text[pos] == '=' ||
	    stmt->text[pos] == '(');
	return (1);
}

/* How many newlines are in text[0..len)? */
int
sqlscan_lines(const char *text, size_t len)
{
	const char	*p = text, *end = text + len;
	int		 n = 0;

	while ((p = memchr(p, '\n', end - p)) != NULL) {
		n++;
		p++;
	}
	return (n);
}

/*
 * If the statement cannot work inside schemad's transaction, or must not
 * run in a migration (connstate.c), say why; otherwise NULL.
 */
const char *
sqlscan_forbidden(const struct sqlstmt *stmt)
{
	static const struct {
		const char	*word;
		const char	*why;
	} verbs[] = {
		{ "BEGIN", "transaction control: schemad runs all pending "
		    "migrations in one transaction of its own" },
		{ "COMMIT", "transaction control: schemad commits the run "
		    "itself" },
		{ "END", "transaction control: schemad commits the run "
		    "itself" },
		{ "VACUUM", "VACUUM cannot run inside a transaction" },
		{ "ATTACH", "ATTACH cannot run inside a transaction" },
		{ "DETACH", "DETACH cannot run inside a transaction" },
	};
	char	word[64];
	size_t	i, pos;
	int	set;

	if (stmt->len > 0 && stmt->text[0] == '.')
		return ("a command of the sqlite3 shell, not SQL: schemad runs "
		    "SQL only (the lock wait is busy_timeout in the "
		    "configuration)");
	if (sqlscan_pragma(stmt, word, sizeof word, &set))
		return (set ? connstate_refused(word) : NULL);
	pos = sqlscan_word(stmt, 0, word, sizeof word);
	for (i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
		if (strcasecmp(word, verbs[i].word) == 0)
			return (verbs[i].why);
	}
	if (strcasecmp(word, "ROLLBACK") == 0) {
		pos = sqlscan_word(stmt, pos, word, sizeof word);
		if (strcasecmp(word, "TRANSACTION") == 0)
			pos = sqlscan_word(stmt, pos, word, sizeof word);
		if (strcasecmp(word, "TO") == 0)
			return (NULL);
		return ("transaction control: a failed migration rolls back "
		    "the whole run");
	}
	return (NULL);
}
