/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	char	name[64];
	const char *conf = "# comment\nencoding=UTF-8\n"
	    "executeInTransaction = false\n";

	is_int(flyway_placeholder("SELECT 1;\nSELECT '${user}';\n", 27,
	    name, sizeof name), 2, "a placeholder: its line");
	is_str(name, "${user}", "a placeholder: its name");
	is_int(flyway_placeholder("SELECT '$1 {x}';\n", 17, name,
	    sizeof name), 0, "no placeholder");
	is_int(flyway_conf_no_transaction(conf, strlen(conf)), 3,
	    "executeInTransaction=false: its line");
	is_int(flyway_conf_no_transaction("executeInTransaction=true\n", 26),
	    0, "executeInTransaction=true is no marker");
}

int
main(void)
{
	test_names();
	test_order();
	test_checksum();
	test_markers();
	return (tap_done());
}
