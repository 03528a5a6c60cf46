/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "tools/flyway.h"
#include "tap.h"

/* Parse file; check the kind, label and name it gives. */
static void
name_is(const char *file, int kind, const char *label, const char *name)
{
	char	*l, *n, *cause = NULL;
	int	 got;

	got = flyway_parse_name(file, &l, &n, &cause);
	is_int(got, kind, "%s: kind", file);
	if (got > 0) {
		is_str(l, label, "%s: version", file);
		is_str(n, name, "%s: description", file);
		free(l);
		free(n);
	}
	free(cause);
}

/* A malformed name: refused, the cause saying so. */
static void
malformed(const char *file, const char *why)
{
	char	*l, *n, *cause = NULL;
	int	 got;

	got = flyway_parse_name(file, &l, &n, &cause);
	tap_ok(got == -1 && cause != NULL && strstr(cause, why) != NULL,
	    "%s: refused: %s", file, cause != NULL ? cause : "(no cause)");
	free(cause);
}

static void
test_names(void)
{
	name_is("V1__init.sql", FLYWAY_VERSIONED, "1", "init");
	name_is("V1.10__add_email.sql", FLYWAY_VERSIONED, "1.10", "add_email");
	name_is("V1_1__x.sql", FLYWAY_VERSIONED, "1.1", "x");
	name_is("V2024.01.05__a_b.sql", FLYWAY_VERSIONED, "2024.01.05", "a_b");
	name_is("R__views.sql", FLYWAY_REPEATABLE, NULL, "views");
	name_is("U1.10__add_email.sql", FLYWAY_UNDO, "1.10", "add_email");
	name_is("B2__base.sql", FLYWAY_BASELINE, "2", "base");
	name_is("0001_init.sql", FLYWAY_NONE, NULL, NULL);
	name_is("V1__init.sql.conf", FLYWAY_NONE, NULL, NULL);
	name_is("Vacuum.sql", FLYWAY_NONE, NULL, NULL);
	name_is("README", FLYWAY_NONE, NULL, NULL);
	malformed("V1_init.sql", "malformed name");
	malformed("V1..2__x.sql", "malformed version '1..2'");
	malformed("V1.__x.sql", "malformed version '1.'");
	malformed("V__x.sql", "malformed version ''");
	malformed("R1__x.sql", "a repeatable migration has no version");
	malformed("R__.sql", "needs a description");
}

static void
test_order(void)
{
	tap_ok(flyway_version_cmp("1.9", "1.10") < 0, "1.9 before 1.10");
	tap_ok(flyway_version_cmp("1.10", "1.9") > 0, "1.10 after 1.9");
	is_int(flyway_version_cmp("1", "1.0"), 0, "1 is 1.0");
	is_int(flyway_version_cmp("1.0.0", "1"), 0, "1.0.0 is 1");
	is_int(flyway_version_cmp("01.2", "1.02"), 0, "leading zeros");
	tap_ok(flyway_version_cmp("1", "1.0.1") < 0, "1 before 1.0.1");
	tap_ok(flyway_version_cmp("2", "1.999") > 0, "2 after 1.999");
	tap_ok(flyway_version_cmp("99999999999999999999999", "9") > 0,
	    "a number longer than 64 bits");
	tap_ok(flyway_version_cmp("100", "99.9") > 0, "100 after 99.9");
	is_int(flyway_version_cmp("0", "0.0"), 0, "0 is 0.0");
	tap_ok(flyway_version_cmp("1.a", "1") >= 0 ||
	    flyway_version_cmp("1.a", "1") < 0, "any text ends");
}

static void
test_checksum(void)
{
	/*
	 * Expected values: CRC-32 of the lines joined without their ends,
	 * as a signed 32-bit number, computed apart from this code.
	 */
	is_int(flyway_checksum("CREATE TABLE t (x);\nINSERT INTO t VALUES "
	    "(1);\n", 45), 1507241401, "LF line ends");
	is_int(flyway_checksum("CREATE TABLE t (x);\r\nINSERT INTO t VALUES "
	    "(1);\r\n", 47), 1507241401, "CRLF: the same checksum");
	is_int(flyway_checksum("CREATE TABLE t (x);\rINSERT INTO t VALUES "
	    "(1);", 45), 1507241401, "CR, and no last line end");
	is_int(flyway_checksum("\xef\xbb\xbfSELECT 1;\n", 13), 78787420,
	    "the byte order mark is left out");
	is_int(flyway_checksum("a\n\nb\n", 5), -1635563411,
	    "a blank line adds nothing; negative as Flyway keeps it");
	is_int(flyway_checksum("", 0), 0, "empty");
}

static void
test_markers(void)
{
	const char *conf = "# comment\nencoding=UTF-8\n"
	    "executeInTransaction = false\n";

	is_int(flyway_conf_says(conf, strlen(conf), "executeInTransaction",
	    "false"), 3, "executeInTransaction=false: its line");
	is_int(flyway_conf_says("executeInTransaction=true\n", 26,
	    "executeInTransaction", "false"), 0,
	    "executeInTransaction=true is no marker");
}

/*
 * Replace text's placeholders as file V1__x.sql: the result, or "ERROR:"
 * and the first error, or "NONE" when it has none.
 */
static const char *
replace(const char *text)
{
	static char		 got[512];
	static char		 n1[] = "Owner", n2[] = "empty", n3[] = "a\nb";
	static char		 v1[] = "alice", v2[] = "", v3[] = "AB";
	static char		*names[] = { n1, n2, n3 };
	static char		*values[] = { v1, v2, v3 };
	struct placeholders	 ph = { names, values, 3 };
	struct errlist		 errors = { NULL, 0 };
	char			*out;
	size_t			 len;

	switch (flyway_replace("d/V1__x.sql", "V1__x.sql", &ph, 86400 * 365,
	    text, strlen(text), &out, &len, &errors)) {
	case 0:
		snprintf(got, sizeof got, "NONE");
		break;
	case 1:
		snprintf(got, sizeof got, "%s", out);
		tap_ok(strlen(out) == len, "%s: its length", text);
		break;
	default:
		snprintf(got, sizeof got, "ERROR:%s", errors.msgs[0]);
	}
	free(out);
	errlist_free(&errors);
	return (got);
}

/*
 * Flyway's PlaceholderReplacingReader, flyway-13.0.0, as its code and a
 * run of it have them (src/tools/flyway.c says each rule).
 */
static void
test_placeholders(void)
{
	is_str(replace("SELECT 1;\n"), "NONE", "no placeholder");
	is_str(replace("SELECT '$1 {x}';\n"), "NONE", "'$' and '{' apart");
	is_str(replace("CREATE TABLE ${owner}_t (x);\n"),
	    "CREATE TABLE alice_t (x);\n", "a name, matched without case");
	is_str(replace("-- ${OWNER}\nSELECT '${Owner}';\n"),
	    "-- alice\nSELECT 'alice';\n", "in comments and strings too");
	is_str(replace("[${empty}]"), "[]", "an empty value");
	is_str(replace("$${owner} $$${owner} $ ${owner}"),
	    "$${owner} $$alice $ alice", "a '$' just before hides it, as in "
	    "Flyway's reader");
	is_str(replace("${flyway:defaultSchema}.${FLYWAY:TABLE} "
	    "[${flyway:user}] ${flyway:filename} ${flyway:environment}"),
	    "main.flyway_schema_history [] V1__x.sql default",
	    "Flyway's own, for SQLite");
	tap_ok(strlen(replace("${flyway:timestamp}")) == 19 &&
	    replace("${flyway:timestamp}")[4] == '-',
	    "flyway:timestamp: yyyy-MM-dd HH:mm:ss (%s)",
	    replace("${flyway:timestamp}"));
	is_str(replace("SELECT 1;\nSELECT '${nobody}';\n"),
	    "ERROR:d/V1__x.sql:2: no value for the Flyway placeholder "
	    "'${nobody}': give it one in [placeholders] or with "
	    "--placeholder nobody=VALUE", "no value: file, line and name");
	tap_ok(strstr(replace("${flyway:database}"), "no value for it on "
	    "SQLite") != NULL, "flyway:database: none on SQLite, as in Flyway");
	tap_ok(strstr(replace("${flyway:nothing}"), "none of Flyway's own") !=
	    NULL, "an unknown flyway: name");
	tap_ok(strstr(replace("x\n${a\nb}\n${c"), ":4: '${' without its "
	    "'}'") != NULL, "a name across lines is counted; an unclosed one: "
	    "its line: %s", replace("x\n${a\nb}\n${c"));
}

int
main(void)
{
	test_names();
	test_order();
	test_checksum();
	test_markers();
	test_placeholders();
	return (tap_done());
}
