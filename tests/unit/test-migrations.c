/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "connstate.h"
#include "errlist.h"
#include "migrations.h"
#include "tap.h"

static char	tmpdir[] = "/tmp/schemad-test-XXXXXX";

static void
clear_dir(void)
{
	char	cmd[600];

	snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir '%s'", tmpdir, tmpdir);
	if (system(cmd) != 0)
		abort();
}

static void
name_ok(const char *file, int64_t version, const char *name)
{
	char	*got = NULL, *cause = NULL;
	int64_t	 v = -1;
	int	 rc;

	rc = migrations_parse_name(file, &v, &got, &cause);
	if (tap_ok(rc == 1 && v == version && got != NULL &&
	    strcmp(got, name) == 0, "'%s' is version %" PRId64 ", '%s'", file,
	    version, name) == 0)
		tap_diag("rc %d version %" PRId64 " name %s", rc, v, got);
	free(got);
	free(cause);
}

static void
name_is(const char *file, int want, const char *what)
{
	char	*name = NULL, *cause = NULL;
	int64_t	 v;
	int	 rc;

	rc = migrations_parse_name(file, &v, &name, &cause);
	if (!tap_ok(rc == want, "'%s': %s", file, what))
		tap_diag("rc %d", rc);
	if (rc == -1)
		tap_ok(cause != NULL && *cause != '\0', "'%s' has a cause: %s",
		    file, cause);
	free(name);
	free(cause);
}

static void
test_names(void)
{
	name_ok("0001_init.sql", 1, "init");
	name_ok("12_add-email_2.sql", 12, "add-email_2");
	name_ok("2147483647_last.sql", 2147483647, "last");
	name_is("README", 0, "ignored");
	name_is("notes.txt", 0, "ignored");
	name_is(".0001_hidden.sql", 0, "hidden files ignored");
	name_is("0001.sql", -1, "no name is malformed");
	name_is("0001_.sql", -1, "empty name is malformed");
	name_is("0001_a b.sql", -1, "space in name is malformed");
	name_is("abc.sql", -1, ".sql without a version is malformed");
	name_is("0003_x.sql.orig", -1, "version without .sql is malformed");
	name_ok("0_zero.sql", 0, "zero");
	name_ok("0000_first.sql", 0, "first");
	name_ok("2147483648_big.sql", 2147483648LL, "big");
	name_ok("20240105123000_timestamp.sql", 20240105123000LL, "timestamp");
	name_ok("9223372036854775807_last.sql", INT64_MAX, "last");
	name_is("9223372036854775808_big.sql", -1, "version over 2^63 - 1");
	name_is("0001_init.up.sql", NAME_UP, "golang-migrate's up file");
	name_is("0001_init.down.sql", NAME_DOWN, "golang-migrate's down file");
	name_is("0001_.up.sql", -1, "an empty name before .up.sql");
	name_is("0001_a.b.up.sql", -1, "a '.' in the name");
	name_is("99999999999999999999999_big.sql", -1, "version overflow");
}

/*
 * Check the len bytes of text as file f.sql; m and the lists get what the
 * check found.
 */
static int
checkn(const char *text, size_t len, struct migration *m,
    struct errlist *el, struct errlist *warn)
{
	char	*buf = malloc(len + 1);
	int	 rc;

	memcpy(buf, text, len);
	buf[len] = '\0';
	rc = migrations_check_text("f.sql", buf, len, m, el, warn);
	free(buf);
	return (rc);
}

static int
check(const char *text, struct migration *m, struct errlist *el,
    struct errlist *warn)
{
	return (checkn(text, strlen(text), m, el, warn));
}

/* migrations_unwritten on a copy of text. */
static const char *
unwritten(const char *text)
{
	static char	buf[1024];

	snprintf(buf, sizeof buf, "%s", text);
	return (migrations_unwritten(buf, strlen(buf)));
}

/* Does some message of the list contain s? */
static int
has(const struct errlist *el, const char *s)
{
	size_t	i;

	for (i = 0; i < el->n; i++) {
		if (strstr(el->msgs[i], s) != NULL)
			return (1);
	}
	return (0);
}

static void
test_text(void)
{
	static const char	nul[] = "CREATE TABLE a(x);\n"
				    "INSERT INTO a VALUES(1);\n"
				    "\0INSERT INTO a VALUES(2);\n";
	struct errlist		el = { NULL, 0 }, warn = { NULL, 0 };
	struct migration	m;

	is_int(check("-- schemad: requires fts5, json1\n"
	    "--schemad:requires rtree\nCREATE TABLE a(x);\n", &m, &el, &warn),
	    0, "directives accepted");
	is_int(m.requires, caps_parse("fts5") | caps_parse("json1") |
	    caps_parse("rtree"), "requires fts5, json1, rtree");

	is_int(check("\n-- schemad: requires nosuch\n"
	    "-- schemad: frobnicate\nSELECT 1;\n", &m, &el, &warn), -1,
	    "bad directives refused");
	is_int(el.n, 2, "both bad directives reported");
	if (el.n == 2) {
		tap_ok(strstr(el.msgs[0], "f.sql:2: unknown capability "
		    "'nosuch'") != NULL, "error names file:line: %s",
		    el.msgs[0]);
		tap_ok(strstr(el.msgs[1], "f.sql:3: unknown directive") != NULL,
		    "error names file:line: %s", el.msgs[1]);
	}
	errlist_free(&el);

	check("SELECT 1;\n-- schemad: requires fts5\n", &m, &el, &warn);
	is_int(m.requires, 0, "a directive after the first statement is not "
	    "read");
	tap_ok(has(&warn, "f.sql:2: a directive after the first statement"),
	    "and is warned of");
	errlist_free(&warn);

	check("/*\n * Licence: MIT\n */\n\n-- Schemad: Requires fts5\n"
	    "CREATE TABLE a(x);\n", &m, &el, &warn);
	is_int(m.requires, caps_parse("fts5"), "a directive after a /* */ "
	    "header, in any case, is read");
	is_int(warn.n, 0, "without a warning");
	check("\xef\xbb\xbf-- schemad: requires fts5\nCREATE TABLE a(x);\n",
	    &m, &el, &warn);
	is_int(m.requires, caps_parse("fts5"), "a directive after a "
	    "byte-order mark is read");
	check("-- schemad requires fts5\n/* schemad: requires rtree */\n"
	    "SELECT 1;\n", &m, &el, &warn);
	is_int(m.requires, 0, "near misses are not read");
	tap_ok(has(&warn, "f.sql:1: not read as a directive") &&
	    has(&warn, "f.sql:2: a directive in a /* */ comment"),
	    "but warned of, with their lines");
	errlist_free(&warn);

	is_int(check("-- nothing to do here\n", &m, &el, &warn), 0,
	    "a file with only comments is a migration that does nothing");
	tap_ok(unwritten("-- nothing to do here\n") == NULL, "and is written");
	tap_ok(unwritten(" \n\t\n") != NULL && strncmp(unwritten(" \n\t\n"),
	    "empty: it holds no statement", 28) == 0,
	    "a file with nothing at all is not");
	tap_ok(unwritten("\xef\xbb\xbf\n") != NULL, "nor one with only a "
	    "byte-order mark");
	tap_ok(unwritten("\n" MIGRATIONS_TEMPLATE "\n") != NULL && strncmp(
	    unwritten(MIGRATIONS_TEMPLATE), "no statement yet", 16) == 0,
	    "nor one with only the comment schemad new writes");
	tap_ok(unwritten(MIGRATIONS_TEMPLATE "-- mine\n") == NULL,
	    "but with a comment of one's own, it is");
	tap_ok(unwritten(MIGRATIONS_TEMPLATE "SELECT 1;\n") == NULL,
	    "and with a statement");
	errlist_free(&el);

	is_int(checkn(nul, sizeof nul - 1, &m, &el, &warn), -1,
	    "a NUL byte is refused");
	tap_ok(has(&el, "f.sql:3: a NUL byte"), "naming its line");
	errlist_free(&el);

	is_int(check(".timeout 30000\nPRAGMA journal_mode = wal;\n", &m, &el,
	    &warn), -1, "a dot-command is refused");
	tap_ok(has(&el, "f.sql:1: a command of the sqlite3 shell") &&
	    has(&el, "f.sql:2: PRAGMA journal_mode"), "and hides nothing "
	    "after it: both reported");
	errlist_free(&el);

	is_int(check("\xef\xbb\xbf\nBEGIN;\n", &m, &el, &warn), -1,
	    "BEGIN after a byte-order mark is refused");
	tap_ok(has(&el, "f.sql:2: transaction control"), "on its line");
	errlist_free(&el);

	is_int(check("PRAGMA legacy_alter_table = ON;\n"
	    "PRAGMA \"writable_schema\" = 1;\nPRAGMA foreign_keys;\n"
	    "CREATE TEMP TABLE t(x);\n", &m, &el, &warn), 0,
	    "connection settings, and reading foreign_keys, are allowed");
	tap_ok(m.settings & connstate_setting("legacy_alter_table") &&
	    m.settings & connstate_setting("writable_schema") &&
	    m.settings & CONNSTATE_TEMP, "and noted, to be put back");
	is_int(check("PRAGMA \"foreign_keys\" = ON;\n"
	    "PRAGMA main.'user_version' = 3;\n", &m, &el, &warn), -1,
	    "quoted names of refused settings are refused");
	is_int(el.n, 2, "both");
	errlist_free(&el);
	errlist_free(&warn);
}

static void
test_scan(void)
{
	struct migration_set	 set;
	struct errlist		 el = { NULL, 0 };
	char			*buf, *tofree, *cause;
	size_t			 len;

	clear_dir();
	tap_put(tmpdir, "10_ten.sql", "SELECT 10;\n");
	tap_put(tmpdir, "2_two.sql", "SELECT 1;\n");
	tap_put(tmpdir, "README", "not a migration\n");
	is_int(migrations_scan(tmpdir, 1, LAYOUT_AUTO, &set, &el),
	    0, "scan a good directory");
	is_int(set.n, 2, "two migrations found");
	if (set.n == 2) {
		is_int(set.v[0].version, 2, "numeric order: 2 first");
		is_int(set.v[1].version, 10, "numeric order: 10 second");
		is_str(set.v[0].checksum, "b4e0497804e46e0a0b0b8c31975b0621"
		    "52d551bac49c3c2e80932567b4085dcd", "SHA-256 of the file");
		tap_put(tmpdir, "2_two.sql", "SELECT 2;\n");
		tap_ok(migrations_load(&set.v[0], &buf, &len, &tofree,
		    &cause) == 0 && tofree == NULL &&
		    strcmp(buf, "SELECT 1;\n") == 0,
		    "a file changed after the scan: what runs is what the "
		    "scan read, not read again");
	}
	migrations_free(&set);

	/* A set larger than what the scan keeps: read again to run. */
	migrations_keep = 10;
	tap_put(tmpdir, "2_two.sql", "SELECT 1;\n");
	is_int(migrations_scan(tmpdir, 1, LAYOUT_AUTO, &set, &el),
	    0, "scan, keeping 10 bytes");
	if (set.n == 2) {
		tap_ok(set.v[0].text != NULL && set.v[1].text == NULL,
		    "the scan kept the first file and not the second");
		tap_put(tmpdir, "10_ten.sql", "SELECT 11;\n");
		tap_ok(migrations_load(&set.v[1], &buf, &len, &tofree,
		    &cause) == -1 && strstr(cause, "changed") != NULL,
		    "a file not kept and changed after the scan is refused "
		    "when loaded");
		free(cause);
	}
	migrations_free(&set);
	migrations_keep = MIGRATIONS_KEEP_SIZE;

	clear_dir();
	tap_put(tmpdir, "0001_a.sql", "SELECT 1;\n");
	tap_put(tmpdir, "1_b.sql", "SELECT 1;\n");
	tap_put(tmpdir, "0002_x.sql.orig", "SELECT 1;\n");
	tap_put(tmpdir, "0003_c.sql", "VACUUM;\n");
	is_int(migrations_scan(tmpdir, 1, LAYOUT_AUTO, &set, &el),
	    -1, "bad directory fails");
	is_int(el.n, 3, "every problem reported at once");
	migrations_free(&set);
	errlist_free(&el);

	/*
	 * A versioned file that is not .sql: refused in schemad's own
	 * layout, left out with a warning in a tool's that reads only .sql
	 * (a real dbmate project keeps 20221019225916_migrate.py beside its
	 * migrations).
	 */
	clear_dir();
	tap_put(tmpdir, "20221019225915_a.sql",
	    "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n");
	tap_put(tmpdir, "20221019225916_migrate.py", "print(1)\n");
	is_int(migrations_scan(tmpdir, 0, LAYOUT_AUTO, &set, &el),
	    0, "dbmate's directory with a .py file beside: read");
	is_int(set.n, 1, "the .sql file is the one migration");
	tap_ok(set.warnings.n == 1 && strstr(set.warnings.msgs[0],
	    "20221019225916_migrate.py: not a .sql file, which dbmate "
	    "passes over: left out") != NULL, "the .py file is named as "
	    "left out: %s", set.warnings.n ? set.warnings.msgs[0] : "");
	migrations_free(&set);
	errlist_free(&el);
	clear_dir();
	tap_put(tmpdir, "0001_a.sql", "SELECT 1;\n");
	tap_put(tmpdir, "0002_b.sql.orig", "SELECT 1;\n");
	is_int(migrations_scan(tmpdir, 0, LAYOUT_AUTO, &set, &el),
	    -1, "schemad's own layout with 0002_b.sql.orig: refused");
	tap_ok(el.n == 1 && strstr(el.msgs[0], "0002_b.sql.orig: malformed "
	    "name") != NULL, "named: %s", el.n ? el.msgs[0] : "");
	migrations_free(&set);
	errlist_free(&el);

	clear_dir();
	is_int(migrations_scan(tmpdir, 1, LAYOUT_AUTO, &set, &el),
	    -1, "empty directory fails");
	tap_ok(el.n == 1 && strstr(el.msgs[0], "no migration files") != NULL,
	    "empty directory: %s", el.n ? el.msgs[0] : "");
	migrations_free(&set);
	errlist_free(&el);

	is_int(migrations_scan("/nonexistent/dir", 1, LAYOUT_AUTO, &set,
	    &el), -1,
	    "missing directory fails");
	tap_ok(el.n == 1 && strstr(el.msgs[0], "/nonexistent/dir") != NULL,
	    "missing directory named: %s", el.n ? el.msgs[0] : "");
	migrations_free(&set);
	errlist_free(&el);
}

/*
 * Scan tmpdir holding one migration named file, with text, as layout;
 * the first error, or "" when the scan took it; *name what it read.
 */
static const char *
scan_one(const char *file, const char *text, const char *layout,
    char *name, size_t size)
{
	static char		 first[512];
	struct migration_set	 set;
	struct errlist		 el = { NULL, 0 };

	clear_dir();
	tap_put(tmpdir, file, text);
	migrations_scan(tmpdir, 0, layout_parse(layout), &set, &el);
	snprintf(first, sizeof first, "%s", el.n > 0 ? el.msgs[0] : "");
	snprintf(name, size, "%s", set.n == 1 ? set.v[0].name : "");
	migrations_free(&set);
	errlist_free(&el);
	return (first);
}

/*
 * Each tool's rule for what follows the version, once its layout is
 * known: goose's, golang-migrate's, sqlx's and Atlas's anything after
 * the first '_'; dbmate's and sql-migrate's anything after the digits
 * (sql-migrate new writes NNNN-name.sql); schemad's own refuses both.
 */
static void
test_tool_names(void)
{
	const char	*goose = "-- +goose Up\nSELECT 1;\n";
	const char	*sqlmigrate = "-- +migrate Up\nSELECT 1;\n";
	char		 name[128];

	is_str(scan_one("20160131153104_0.1.2_add_event_details.sql", goose,
	    "auto", name, sizeof name), "", "goose's annotations: a name "
	    "with dots, as goose reads it (before the first '_')");
	is_str(name, "0.1.2_add_event_details", "its name");
	tap_ok(strstr(scan_one("20160131153104_0.1.2_add_event_details.sql",
	    "SELECT 1;\n", "auto", name, sizeof name), "'.' is not allowed") !=
	    NULL, "without them, schemad's layout: refused");
	is_str(scan_one("20261205204345-add_users.sql", sqlmigrate, "auto",
	    name, sizeof name), "", "sql-migrate's, as its new writes it: "
	    "NNNN-name.sql");
	is_str(name, "add_users", "its name, after the '-'");
	tap_ok(strstr(scan_one("20261205204345-add_users.sql", goose, "auto",
	    name, sizeof name), "expected NNNN_name.sql") != NULL,
	    "goose's needs the '_'");
	is_str(scan_one("001abc.sql", "-- migrate:up\nSELECT 1;\n", "auto",
	    name, sizeof name), "", "dbmate's: anything after the digits");
	is_str(scan_one("1_a.b.up.sql", "SELECT 1;\n", "auto", name,
	    sizeof name), "", "golang-migrate's: anything after the '_'");
	is_str(name, "a.b", "its name");
	is_str(scan_one("0001_add.users.sql", "SELECT 1;\n", "sqlx", name,
	    sizeof name), "", "sqlx's, named");
	tap_ok(*scan_one("0001_add.users.sql", "SELECT 1;\n", "schemad", name,
	    sizeof name) != '\0', "schemad's, named: refused");
	tap_ok(strstr(scan_one("99999999999999999999_x.sql", goose, "auto",
	    name, sizeof name), "larger than") != NULL, "a version too large "
	    "for any tool: refused");
}

/*
 * Write each of the files (a path under the directory; "D/f" makes D) with
 * text, scan them as layout, and give the files in the order they run, or
 * the first error.
 */
static const char *
scan_order(const char *layout, const char *text, const char *const *files)
{
	static char		 got[1024];
	struct migration_set	 set;
	struct errlist		 el = { NULL, 0 };
	char			 path[600], *slash;
	size_t			 i;

	clear_dir();
	for (; *files != NULL; files++) {
		snprintf(path, sizeof path, "%s/%s", tmpdir, *files);
		if ((slash = strrchr(path, '/')) != NULL &&
		    slash > path + strlen(tmpdir)) {
			*slash = '\0';
			mkdir(path, 0755);
		}
		tap_put(tmpdir, *files, text);
	}
	got[0] = '\0';
	if (migrations_scan(tmpdir, 0, layout_parse(layout), &set, &el) != 0)
		snprintf(got, sizeof got, "%s", el.msgs[0]);
	for (i = 0; i < set.n && el.n == 0; i++) {
		strncat(got, set.v[i].file, sizeof got - strlen(got) - 2);
		strcat(got, " ");
	}
	migrations_free(&set);
	errlist_free(&el);
	return (got);
}

/*
 * Each tool runs its files in its own order (src/tools/, each citing the
 * tool's function): dbmate and Atlas by the whole name, as bytes; diesel
 * by the version string without its dashes; Prisma by JavaScript's
 * localeCompare of the directory names; the others by number. In each
 * case below the number would give another order.
 */
static void
test_tool_order(void)
{
	static const char *const dbmate[] = { "20250220120000_y.sql",
	    "20250221_x.sql", "20250301000000_z.sql", NULL };
	static const char *const atlas[] = { "20250220120000_y.sql",
	    "20250221_x.sql", "atlas.sum", NULL };
	static const char *const diesel[] = {
	    "2024-03-06-170000_add_sso_users/up.sql",
	    "2024-03-13_170000_sso_userscascade/up.sql",
	    "2024-03-20-000000_more/up.sql", NULL };
	static const char *const prisma[] = {
	    "20250220120000_b/migration.sql",
	    "20250221_library_watcher/migration.sql",
	    "20250221120000_a/migration.sql",
	    "2025022112000_c.d/migration.sql", NULL };

	static const char *const plain[] = { "9_a.sql", "10_b.sql", NULL };
	static const char *const pairs[] = { "9_a.up.sql", "10_b.up.sql",
	    NULL };

	/* By number, where bytes would put 10 first. */
	is_str(scan_order("auto", "-- +goose Up\nSELECT 1;\n", plain),
	    "9_a.sql 10_b.sql ", "goose: by number (Migrations.Less)");
	is_str(scan_order("auto", "-- +migrate Up\nSELECT 1;\n", plain),
	    "9_a.sql 10_b.sql ", "sql-migrate: by number (Migration.Less)");
	is_str(scan_order("sqlx", "SELECT 1;\n", plain),
	    "9_a.sql 10_b.sql ", "sqlx: by number (sort_by_key on version)");
	is_str(scan_order("auto", "SELECT 1;\n", pairs),
	    "9_a.up.sql 10_b.up.sql ", "golang-migrate: by number (buildIndex)");
	is_str(scan_order("auto", "-- migrate:up\nSELECT 1;\n", plain),
	    "10_b.sql 9_a.sql ", "dbmate: by name, 10 first");
	is_str(scan_order("auto", "-- migrate:up\nSELECT 1;\n", dbmate),
	    "20250220120000_y.sql 20250221_x.sql 20250301000000_z.sql ",
	    "dbmate: by name (FindMigrations' sort.Slice on FileName)");
	is_str(scan_order("auto", "SELECT 1;\n", dbmate),
	    "20250221_x.sql 20250220120000_y.sql 20250301000000_z.sql ",
	    "schemad's own: by number");
	is_str(scan_order("auto", "SELECT 1;\n", atlas),
	    "20250220120000_y.sql 20250221_x.sql ",
	    "Atlas: by name (LocalDir.Files)");
	is_str(scan_order("auto", "SELECT 1;\n", diesel),
	    "2024-03-06-170000_add_sso_users/up.sql "
	    "2024-03-13_170000_sso_userscascade/up.sql "
	    "2024-03-20-000000_more/up.sql ",
	    "diesel: by version string, dashes dropped (version_from_string)");
	/* node -e 'console.log(names.sort((a, b) => a.localeCompare(b)))' */
	is_str(scan_order("auto", "SELECT 1;\n", prisma),
	    "20250220120000_b/migration.sql "
	    "20250221_library_watcher/migration.sql "
	    "2025022112000_c.d/migration.sql 20250221120000_a/migration.sql ",
	    "Prisma: localeCompare ('_' before digits; listMigrations.ts)");
}

/*
 * Prisma's order, the function itself, against node's localeCompare (ICU
 * 78.2, en-US) of the same names, case and punctuation included:
 * node -e 'console.log(names.sort((a, b) => a.localeCompare(b)).join(" "))'
 */
static void
test_prisma_collation(void)
{
	static const char *const sorted[] = { "0_init", "2025010100000_x",
	    "20250101000000_Add", "20250101000000_ADD",
	    "20250101000000_add_b", "20250101000000_add-x",
	    "20250101000000_add.x", "20250101000000_addB",
	    "20250101000000_init", "20250220120000_b",
	    "20250221_library_watcher", "20250221120000_a" };
	const struct layout	*prisma = layout_parse("prisma");
	struct migration	 a, b;
	char			 fa[64], fb[64];
	size_t			 i, j, n = sizeof sorted / sizeof *sorted;
	int			 bad = 0, c;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.file = fa;
	b.file = fb;
	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			snprintf(fa, sizeof fa, "%s/migration.sql", sorted[i]);
			snprintf(fb, sizeof fb, "%s/migration.sql", sorted[j]);
			c = prisma->order(&a, &b);
			if ((c < 0) != (i < j) || (c == 0) != (i == j)) {
				tap_diag("%s against %s: %d", sorted[i],
				    sorted[j], c);
				bad++;
			}
		}
	}
	is_int(bad, 0, "Prisma's order is node's localeCompare, for %zu "
	    "names in each pair", n);
}

/* The checksum of text's statements, squeezed. */
static const char *
sql_sum(const char *text, char *hex)
{
	char	*buf = strdup(text);

	migrations_sql_checksum(buf, strlen(buf), hex);
	free(buf);
	return (hex);
}

static void
test_sql_checksum(void)
{
	char	a[65], b[65];

	sql_sum("CREATE TABLE a (x INTEGER);\nINSERT INTO a VALUES (1);\n", a);
	is_str(sql_sum("-- the table a\nCREATE TABLE a(\n  x INTEGER -- the "
	    "key\n);\n\n/* one row */\nINSERT INTO a VALUES (1) ;\n", b), a,
	    "comments and layout: the same checksum of the statements");
	tap_ok(strcmp(sql_sum("CREATE TABLE a (x INTEGER);\nINSERT INTO a "
	    "VALUES (2);\n", b), a) != 0, "a value changed: another");
	tap_ok(strcmp(sql_sum("CREATE TABLE a (x INTEGER);\n", b), a) != 0,
	    "a statement fewer: another");
	tap_ok(strcmp(sql_sum("CREATE TABLE a (x INTEGER); INSERT INTO a "
	    "VALUES (1);", b), a) == 0, "two statements on one line: the same");
	tap_ok(strcmp(sql_sum("INSERT INTO a VALUES ('a  b');", a),
	    sql_sum("INSERT INTO a VALUES ('a b');", b)) != 0,
	    "white space inside a string is the string's: another");
}

int
main(void)
{
	test_sql_checksum();
	if (mkdtemp(tmpdir) == NULL)
		abort();
	test_names();
	test_text();
	test_scan();
	test_tool_names();
	test_tool_order();
	test_prisma_collation();
	clear_dir();
	rmdir(tmpdir);
	return (tap_done());
}
