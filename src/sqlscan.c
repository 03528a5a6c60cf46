/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <sqlite3.h>
#include <string.h>
#include <strings.h>

#include "sqlscan.h"

/*
 * Splitting a migration file into statements, without a database: schemad
 * must know each statement's line for its error messages and must refuse,
 * before anything runs, the statements that cannot work inside the one
 * transaction of a migration run.
 *
 * The scanner knows SQLite's quoting ('', "", ``, []) and comments (-- to the end of the line, and C style)
 * and asks sqlite3_complete() at each ';' whether the statement is complete,
 * so that the ';'s inside a CREATE TRIGGER body do not end it.
 */

static size_t	skip_space(const char *, size_t, size_t, int *);
static size_t	skip_quoted(const char *, size_t, size_t, int *);
static int	stmt_complete(char *, size_t, size_t);

void
sqlscan_init(struct sqlscan *scan, char *buf, size_t len)
{
	scan->buf = buf;
	scan->len = len;
	scan->pos = 0;
	scan->line = 1;
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
 * If the statement cannot work inside schemad's transaction, say why;
 * otherwise NULL.
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
	}, pragmas[] = {
		{ "foreign_keys", "PRAGMA foreign_keys does nothing inside a "
		    "transaction; schemad turns foreign keys off for the run "
		    "and runs foreign_key_check before it commits" },
		{ "journal_mode", "PRAGMA journal_mode cannot change inside a "
		    "transaction; set journal_mode in the configuration" },
		{ "locking_mode", "PRAGMA locking_mode must not change during "
		    "a migration run" },
		{ "user_version", "PRAGMA user_version is set by schemad to "
		    "the newest migration's version" },
	};
	char	word[32];
	size_t	i, pos;

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
	if (strcasecmp(word, "PRAGMA") != 0)
		return (NULL);
	pos = sqlscan_word(stmt, pos, word, sizeof word);
	if (pos != 0 && pos < stmt->len && stmt->text[pos] == '.')
		sqlscan_word(stmt, pos + 1, word, sizeof word);
	for (i = 0; i < sizeof pragmas / sizeof pragmas[0]; i++) {
		if (strcasecmp(word, pragmas[i].word) == 0)
			return (pragmas[i].why);
	}
	return (NULL);
}
