/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlscan.h"
#include "tap.h"

/* Split text; put each statement (as a string) and its line in the arrays. */
static int
split(const char *text, char stmts[][128], int *lines, int max)
{
	struct sqlscan	 scan;
	struct sqlstmt	 st;
	char		*buf = strdup(text);
	int		 n = 0;

	sqlscan_init(&scan, buf, strlen(buf));
	while (n < max && sqlscan_next(&scan, &st)) {
		snprintf(stmts[n], 128, "%.*s", (int)st.len, st.text);
		lines[n++] = st.line;
	}
	free(buf);
	return (n);
}

static const char *
forbidden(const char *text)
{
	struct sqlstmt	st = { text, strlen(text), 1 };

	return (sqlscan_forbidden(&st));
}

static void
test_split(void)
{
	char	s[8][128];
	int	l[8], n;

	n = split("CREATE TABLE a(x);\nINSERT INTO a VALUES (1);\n", s, l, 8);
	is_int(n, 2, "two statements");
	is_str(s[0], "CREATE TABLE a(x);", "first statement text");
	is_int(l[1], 2, "second statement on line 2");

	n = split("-- c1\n/* c2\n c3 */\n\n  SELECT 1;", s, l, 8);
	is_int(n, 1, "comments before a statement are not statements");
	is_int(l[0], 5, "line counted through comments");

	n = split("INSERT INTO t VALUES ('a;b', \"c;d\", [e;f], `g;h`); "
	    "SELECT 'it''s;';", s, l, 8);
	is_int(n, 2, "';' inside quotes does not split");
	is_str(s[1], "SELECT 'it''s;';", "doubled quote kept in string");

	n = split("CREATE TRIGGER tr AFTER INSERT ON a BEGIN\n"
	    "  UPDATE a SET x = 1;\n  DELETE FROM b;\nEND;\nSELECT 2;",
	    s, l, 8);
	is_int(n, 2, "a trigger body is one statement");
	is_int(l[1], 5, "statement after the trigger on line 5");

	n = split("SELECT 1; -- a; comment\nSELECT /* ; */ 2", s, l, 8);
	is_int(n, 2, "';' in comments does not split; last needs no ';'");
	is_str(s[1], "SELECT /* ; */ 2", "last statement without ';'");

	n = split("  -- only a comment\n/* and another */\n", s, l, 8);
	is_int(n, 0, "only comments: no statement");
	n = split("", s, l, 8);
	is_int(n, 0, "empty text: no statement");

	n = split(".timeout 5000\nCREATE TABLE a(x);\n", s, l, 8);
	is_int(n, 2, "a dot-command is a statement of its own");
	is_str(s[0], ".timeout 5000", "which ends with its line");
	is_int(l[1], 2, "the next statement keeps its line");
	n = split("\xef\xbb\xbf" "CREATE TABLE a(x);", s, l, 8);
	is_str(s[0], "CREATE TABLE a(x);", "a byte-order mark is skipped");
}

static void
test_forbidden(void)
{
	tap_ok(forbidden("BEGIN;") != NULL, "BEGIN refused");
	tap_ok(forbidden("begin immediate;") != NULL, "begin refused");
	tap_ok(forbidden("COMMIT;") != NULL, "COMMIT refused");
	tap_ok(forbidden("END TRANSACTION;") != NULL, "END refused");
	tap_ok(forbidden("VACUUM;") != NULL, "VACUUM refused");
	tap_ok(forbidden("ATTACH 'x.db' AS x;") != NULL, "ATTACH refused");
	tap_ok(forbidden("ROLLBACK;") != NULL, "ROLLBACK refused");
	tap_ok(forbidden("ROLLBACK TO sp;") == NULL, "ROLLBACK TO allowed");
	tap_ok(forbidden("rollback transaction to sp;") == NULL,
	    "ROLLBACK TRANSACTION TO allowed");
	tap_ok(forbidden("SAVEPOINT sp;") == NULL, "SAVEPOINT allowed");
	tap_ok(forbidden("PRAGMA foreign_keys = ON;") != NULL,
	    "PRAGMA foreign_keys refused");
	tap_ok(forbidden("PRAGMA main.journal_mode=wal;") != NULL,
	    "PRAGMA main.journal_mode refused");
	tap_ok(forbidden("PRAGMA user_version = 3;") != NULL,
	    "PRAGMA user_version refused");
	tap_ok(forbidden("PRAGMA table_info(a);") == NULL,
	    "other pragmas allowed");
	tap_ok(forbidden("/* x */ -- y\n COMMIT;") != NULL,
	    "refused after comments");
	tap_ok(forbidden("CREATE TABLE begin_log(x);") == NULL,
	    "a word that starts with BEGIN is not BEGIN");
	tap_ok(forbidden("PRAGMA foreign_keys;") == NULL,
	    "reading PRAGMA foreign_keys is allowed");
	tap_ok(forbidden("PRAGMA \"foreign_keys\" = ON;") != NULL,
	    "a quoted PRAGMA name is refused as well");
	tap_ok(forbidden("PRAGMA [journal_mode](wal);") != NULL,
	    "PRAGMA [journal_mode](wal) refused");
	tap_ok(forbidden("PRAGMA 'main'.`user_version` = 1;") != NULL,
	    "quoted schema and name refused");
	tap_ok(forbidden("PRAGMA synchronous = OFF;") != NULL,
	    "PRAGMA synchronous refused (not inside a transaction)");
	tap_ok(forbidden("PRAGMA legacy_alter_table = ON;") == NULL,
	    "connection settings allowed (and reset after the file)");
	tap_ok(forbidden(".timeout 5000") != NULL, "a dot-command refused");
}

/* The squeezed text of the first statement of text. */
static const char *
squeeze(const char *text)
{
	static char	 out[256];
	struct sqlscan	 scan;
	struct sqlstmt	 st;
	char		*buf = strdup(text);
	size_t		 n = 0;

	sqlscan_init(&scan, buf, strlen(buf));
	if (sqlscan_next(&scan, &st))
		n = sqlscan_squeeze(&st, out);
	out[n] = '\0';
	free(buf);
	return (out);
}

static void
test_squeeze(void)
{
	char	first[256];

	is_str(squeeze("CREATE TABLE a (x INTEGER, y TEXT);"),
	    "CREATE TABLE a(x INTEGER,y TEXT);", "squeezed: no space beside "
	    "( ) , ;");
	is_str(squeeze("CREATE  TABLE a(\n\tx INTEGER, -- the key\n\ty TEXT "
	    "/* later */\n) ;"), "CREATE TABLE a(x INTEGER,y TEXT);",
	    "comments and layout squeeze to the same text");
	is_str(squeeze("INSERT INTO a VALUES ('x  -- y', \"a  b\", [c  d]);"),
	    "INSERT INTO a VALUES('x  -- y',\"a  b\",[c  d]);",
	    "quoted text is kept as it is");
	is_str(squeeze("SELECT 1 - -1;"), "SELECT 1 - -1;",
	    "a space between two words or signs stays one space");
	snprintf(first, sizeof first, "%s", squeeze("CREATE TABLE a (x "
	    "INTEGER);"));
	tap_ok(strcmp(first, squeeze("CREATE TABLE a (x TEXT);")) != 0,
	    "a change of SQL squeezes to another text");
}

int
main(void)
{
	test_squeeze();
	test_split();
	test_forbidden();
	is_int(sqlscan_lines("a\nb\nc", 5), 2, "sqlscan_lines counts newlines");
	return (tap_done());
}
