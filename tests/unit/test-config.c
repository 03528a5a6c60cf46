/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "errlist.h"
#include "tap.h"
#include "tools/flyway.h"

static char	path[] = "/tmp/schemad-conf-XXXXXX";

static int
load(const char *text, struct config *conf, struct errlist *el)
{
	FILE	*fp;

	if ((fp = fopen(path, "w")) == NULL)
		abort();
	fputs(text, fp);
	fclose(fp);
	config_init(conf);
	memset(el, 0, sizeof *el);
	return (config_load(conf, path, 1, el));
}

static int
has_error(const struct errlist *el, int line, const char *text)
{
	char	want[128];
	size_t	i;

	snprintf(want, sizeof want, "%s:%d: ", path, line);
	for (i = 0; i < el->n; i++) {
		if (strncmp(el->msgs[i], want, strlen(want)) == 0 &&
		    strstr(el->msgs[i], text) != NULL)
			return (1);
	}
	for (i = 0; i < el->n; i++)
		tap_diag("error: %s", el->msgs[i]);
	return (0);
}

static void
test_good(void)
{
	struct config	conf;
	struct errlist	el;

	is_int(load("; comment\n# comment\n[database]\npath = /x/app.db\n"
	    "  busy_timeout = 500\njournal_mode = WAL\ncreate = no\n"
	    "[migrations]\ndirectory = rel/dir ; inline comment\n"
	    "[backup]\ndirectory=/b\nkeep=7\n", &conf, &el), 0,
	    "a good file loads");
	is_str(conf.database, "/x/app.db", "database path");
	is_int(conf.busy_timeout, 500, "busy_timeout (indented line)");
	is_str(conf.journal_mode, "wal", "journal_mode, case folded");
	is_int(conf.create, CREATE_NO, "create = no");
	is_str(conf.migrations, "/tmp/rel/dir",
	    "relative path is relative to the file");
	is_str(conf.backup_dir, "/b", "backup directory");
	is_int(conf.backup_keep, 7, "backup keep");
	config_free(&conf);
	errlist_free(&el);

	is_int(load("[database]\ncreate = wait\n", &conf, &el), 0,
	    "create = wait loads");
	is_int(conf.create, CREATE_WAIT, "create = wait");
	config_free(&conf);
	errlist_free(&el);
	is_int(load("[database]\ncreate = On\n", &conf, &el), 0,
	    "create = On loads");
	is_int(conf.create, CREATE_YES, "create: the yes words still mean yes");
	config_free(&conf);
	errlist_free(&el);
}

static void
test_bad(void)
{
	struct config	conf;
	struct errlist	el;
	char		long_line[300];

	is_int(load("[database]\npath = /a\nbusy_timeout = soon\n"
	    "nosuch = 1\n[nosection]\nx = 1\njust words\n[database]\n"
	    "path = /b\njournal_mode = memory\n[migrations\ncreate = maybe\n",
	    &conf, &el), -1, "a bad file fails");
	tap_ok(has_error(&el, 3, "'soon' is not a whole number"),
	    "bad number named with its line");
	tap_ok(has_error(&el, 4, "unknown key 'nosuch' in [database]"),
	    "unknown key named with its line");
	tap_ok(has_error(&el, 5, "unknown section [nosection]"),
	    "unknown section named with its line");
	tap_ok(has_error(&el, 7, "expected 'key = value'"),
	    "line without '=' named with its line");
	tap_ok(has_error(&el, 9, "already set on line 2"),
	    "a key set twice is an error");
	tap_ok(has_error(&el, 10, "'memory' is not one of: delete, truncate, "
	    "persist, wal"), "bad choice lists the choices");
	tap_ok(has_error(&el, 11, "missing ']'"), "unclosed section header");
	is_int(el.n, 7, "every error reported, none twice; none for the "
	    "keys of a broken section header");
	config_free(&conf);
	errlist_free(&el);

	memset(long_line, 'x', sizeof long_line - 1);
	long_line[sizeof long_line - 1] = '\0';
	memcpy(long_line, "path=", 5);
	{
		char	text[400];

		snprintf(text, sizeof text, "[database]\n%s\ncreate = ?\n",
		    long_line);
		is_int(load(text, &conf, &el), -1, "an over-long line fails");
	}
	tap_ok(has_error(&el, 2, "line longer than"), "long line named");
	tap_ok(has_error(&el, 3, "is not yes, no or wait"),
	    "lines after a long line keep their numbers");
	config_free(&conf);
	errlist_free(&el);

	is_int(load("database = x\n", &conf, &el), -1,
	    "a key outside a section fails");
	tap_ok(has_error(&el, 1, "outside a [section]"), "named as such");
	config_free(&conf);
	errlist_free(&el);
}

static void
test_options(void)
{
	struct config		 conf;
	const struct config_key	*key;
	char			*cause = NULL;
	size_t			 i;

	config_init(&conf);
	for (i = 0; i < config_nkeys; i++)
		tap_ok(config_find_option(config_keys[i].option) ==
		    &config_keys[i], "--%s is an option",
		    config_keys[i].option);
	key = config_find_option("busy-timeout");
	is_int(config_set(&conf, key, "-1", NULL, &cause), -1,
	    "negative busy timeout refused");
	tap_ok(cause != NULL && strstr(cause, "out of range") != NULL,
	    "range named: %s", cause);
	free(cause);
	key = config_find_option("migrations");
	config_set(&conf, key, "rel", NULL, &cause);
	is_str(conf.migrations, "rel", "option paths stay relative to cwd");
	config_free(&conf);

	memset(&conf, 0, sizeof conf);
	config_init(&conf);
	{
		struct errlist	el = { NULL, 0 };

		is_int(config_load(&conf, "/nonexistent.conf", 0, &el), 0,
		    "a missing default file is fine");
		is_int(config_load(&conf, "/nonexistent.conf", 1, &el), -1,
		    "a missing named file is an error");
		tap_ok(el.n == 1 && strstr(el.msgs[0],
		    "/nonexistent.conf: No such file") != NULL,
		    "the error names the file");
		errlist_free(&el);
	}
	config_free(&conf);
}

/* [placeholders]: Flyway's values, names without case, one each. */
static void
test_placeholders(void)
{
	struct config	 conf;
	struct errlist	 el;
	char		*cause = NULL;

	is_int(load("[placeholders]\nPrefix = app_\nempty =\n", &conf, &el),
	    0, "[placeholders]: read");
	is_str(flyway_value(&conf.placeholders, "PREFIX", 6), "app_",
	    "a name, without case");
	is_str(flyway_value(&conf.placeholders, "empty", 5), "",
	    "an empty value");
	tap_ok(flyway_value(&conf.placeholders, "pre", 3) == NULL,
	    "a name's start is not the name");
	is_int(config_placeholder(&conf, "prefix", "x_", 1, &cause), 0,
	    "the command line's replaces the file's");
	is_str(flyway_value(&conf.placeholders, "prefix", 6), "x_",
	    "... its value");
	is_int(config_placeholder(&conf, "Flyway:user", "x", 1, &cause), -1,
	    "flyway: is Flyway's own: %s", cause);
	free(cause);
	is_int(config_placeholder(&conf, "a", "x\ny", 1, &cause), -1,
	    "a value is one line: %s", cause);
	free(cause);
	errlist_free(&el);
	config_free(&conf);

	load("[placeholders]\na = 1\nA = 2\n", &conf, &el);
	tap_ok(has_error(&el, 3, "the placeholder 'A' is given twice"),
	    "a name twice in the file: its line");
	errlist_free(&el);
	config_free(&conf);
}

int
main(void)
{
	int	fd;

	if ((fd = mkstemp(path)) == -1)
		abort();
	close(fd);
	test_good();
	test_bad();
	test_options();
	test_placeholders();
	unlink(path);
	return (tap_done());
}
