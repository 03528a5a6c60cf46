/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "tap.h"

/*
 * Read text as file f.sql under want; *out gets what runs (the caller
 * frees it), *found and *down what the sections said.
 */
static int
sections(const char *text, const struct layout *want, char **out,
    const struct layout **found, int *down, struct errlist *el)
{
	*out = strdup(text);
	return (layout_sections("f.sql", *out, strlen(text), want, found, down,
	    el));
}

/* Does the errors list hold one message containing s? */
static int
has_error(const struct errlist *el, const char *s)
{
	return (el->n == 1 && strstr(el->msgs[0], s) != NULL);
}

static void
test_dbmate(void)
{
	struct errlist	 el = { NULL, 0 };
	const struct layout	 *found;
	char		*out;
	int		 down;

	is_int(sections("-- a comment\n-- migrate:up\nCREATE TABLE t (x);\n\n"
	    "-- migrate:down\nDROP TABLE t;\n", LAYOUT_AUTO, &out, &found,
	    &down, &el), 0, "dbmate: read");
	is_str(layout_name(found), "dbmate", "dbmate: found");
	is_int(down, 1, "dbmate: it had a down section");
	is_str(out, "-- a comment\n             \nCREATE TABLE t (x);\n\n"
	    "               \n             \n",
	    "dbmate: only the up section is left, line for line");
	free(out);

	sections("-- migrate:up transaction:false\nVACUUM;\n", LAYOUT_AUTO,
	    &out, &found, &down, &el);
	tap_ok(has_error(&el, "f.sql:1: 'transaction:false': schemad runs "
	    "every migration in one transaction"),
	    "dbmate: transaction:false is refused, saying why: %s",
	    el.n ? el.msgs[0] : "");
	errlist_free(&el);
	free(out);

	sections("CREATE TABLE t (x);\n-- migrate:up\nSELECT 1;\n",
	    LAYOUT_AUTO, &out, &found, &down, &el);
	tap_ok(has_error(&el, "f.sql:1: text before the up section would "
	    "never run"), "dbmate: a statement before the up section is "
	    "refused");
	errlist_free(&el);
	free(out);

	sections("-- migrate:down\nDROP TABLE t;\n", LAYOUT_AUTO, &out,
	    &found, &down, &el);
	tap_ok(el.n == 2 && strstr(el.msgs[0], "a down section before the "
	    "up section") != NULL && strstr(el.msgs[1], "no up section "
	    "('-- migrate:up')") != NULL, "dbmate: no up section is refused");
	errlist_free(&el);
	free(out);
}

static void
test_goose(void)
{
	struct errlist	 el = { NULL, 0 };
	const struct layout	 *found;
	char		*out;
	int		 down;

	is_int(sections("-- +goose Up\n-- +goose StatementBegin\n"
	    "CREATE TRIGGER g AFTER INSERT ON t BEGIN SELECT 1; END;\n"
	    "-- +goose StatementEnd\n-- +goose Down\nDROP TRIGGER g;\n",
	    LAYOUT_AUTO, &out, &found, &down, &el), 0, "goose: read");
	is_str(layout_name(found), "goose", "goose: found");
	tap_ok(strstr(out, "DROP") == NULL && strstr(out, "goose") == NULL &&
	    strstr(out, "CREATE TRIGGER g") != NULL,
	    "goose: the trigger runs, the annotations and down section not");
	free(out);

	sections("-- +goose NO TRANSACTION\n-- +goose Up\nVACUUM;\n",
	    LAYOUT_AUTO, &out, &found, &down, &el);
	tap_ok(has_error(&el, "f.sql:1: 'NO TRANSACTION' (goose)"),
	    "goose: NO TRANSACTION is refused");
	errlist_free(&el);
	free(out);

	sections("-- +goose Up\n-- +goose ENVSUB ON\nSELECT '${X}';\n",
	    LAYOUT_AUTO, &out, &found, &down, &el);
	tap_ok(has_error(&el, "f.sql:2: ENVSUB (goose)"),
	    "goose: ENVSUB is refused");
	errlist_free(&el);
	free(out);

	sections("-- +goose Up\nSELECT 1;\n-- +goose Sideways\n", LAYOUT_AUTO,
	    &out, &found, &down, &el);
	tap_ok(has_error(&el, "f.sql:3: unknown goose annotation"),
	    "goose: an unknown annotation is refused");
	errlist_free(&el);
	free(out);
}

static void
test_sql_migrate(void)
{
	struct errlist	 el = { NULL, 0 };
	const struct layout	 *found;
	char		*out;
	int		 down;

	is_int(sections("-- +migrate Up\r\nCREATE TABLE t (x);\r\n"
	    "-- +migrate Down\r\nDROP TABLE t;\r\n", LAYOUT_AUTO, &out, &found,
	    &down, &el), 0, "sql-migrate: read (CRLF)");
	is_str(layout_name(found), "sql-migrate", "sql-migrate: found");
	tap_ok(strstr(out, "DROP") == NULL, "sql-migrate: no down section");
	free(out);

	sections("-- +migrate Up notransaction\nVACUUM;\n", LAYOUT_AUTO, &out,
	    &found, &down, &el);
	tap_ok(has_error(&el, "f.sql:1: 'notransaction'"),
	    "sql-migrate: notransaction is refused");
	errlist_free(&el);
	free(out);

	sections("-- +migrate Up\nSELECT 1;\n-- migrate:down\n", LAYOUT_AUTO,
	    &out, &found, &down, &el);
	tap_ok(has_error(&el, "f.sql:3: a dbmate annotation in a sql-migrate "
	    "file"), "two tools' annotations in one file are refused");
	errlist_free(&el);
	free(out);
}

static void
test_others(void)
{
	struct errlist	 el = { NULL, 0 };
	const struct layout	 *found;
	char		*out;
	int		 down;
	const char	*plain = "-- migrate:up\nSELECT 1;\n";

	is_int(sections(plain, &layout_schemad, &out, &found, &down, &el), 0,
	    "schemad's layout: annotations are comments");
	is_str(layout_name(found), "schemad", "schemad's layout: nothing found");
	is_str(out, plain, "schemad's layout: all of it runs");
	free(out);

	sections("CREATE TABLE t (x);\n", LAYOUT_AUTO, &out, &found, &down,
	    &el);
	tap_ok(el.n == 0 && found == &layout_schemad && down == 0,
	    "no annotations: schemad's layout");
	free(out);

	sections("-- +goose Up\nSELECT 1;\n", layout_parse("dbmate"), &out, &found,
	    &down, &el);
	tap_ok(el.n == 0 && found == &layout_schemad,
	    "format = dbmate: goose's annotations are not read");
	free(out);

	sections("-- no-transaction\nVACUUM;\n", &layout_schemad, &out,
	    &found, &down, &el);
	tap_ok(has_error(&el, "f.sql:1: '-- no-transaction' (sqlx)"),
	    "sqlx's -- no-transaction is refused in any layout");
	errlist_free(&el);
	free(out);

	is_str(layout_name(layout_parse("goose")), "goose", "layout_parse");
	is_str(layout_name(layout_parse("sqlx")), "sqlx", "--format sqlx");
	is_str(layout_name(layout_parse("atlas")), "atlas", "--format atlas");
	tap_ok(layout_parse("liquibase") == LAYOUT_AUTO, "a tool it does not "
	    "know: auto (the configuration refuses it first)");
	layout_init();
	is_str(layout_names[0], "auto", "--format's words: auto first");
	is_str(layout_names[2], "golang-migrate", "then the table's, in order");
	is_str(layout_names[11], "atlas", "the last");
	is_str(layout_names[12], NULL, "and the end");
}

int
main(void)
{
	test_dbmate();
	test_goose();
	test_sql_migrate();
	test_others();
	return (tap_done());
}
