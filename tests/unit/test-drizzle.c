/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errlist.h"
#include "migrations.h"
#include "tap.h"

/*
 * drizzle's journal: what it lists must be the directory's files, and they
 * run in its order, whatever their numbers (drizzle-orm's migrator.ts,
 * readMigrationFiles, reads the entries in turn); a file it does not list
 * is left out, with a warning, as drizzle leaves it; a broken journal
 * names its line.
 */

static char	dir[] = "/tmp/schemad-drizzle-XXXXXX";

static size_t	nread;		/* migrations the last scan read */
static char	warning[512];	/* its first warning, or "" */
static char	order[256];	/* its files, in order: "0000_a.sql " */

/* Scan the directory as drizzle's; the errors' first, or "" for none. */
static int
scan(char *first, size_t size)
{
	struct migration_set	set;
	struct errlist		errors = { NULL, 0 };
	int			rc;

	rc = migrations_scan(dir, 0, layout_parse("drizzle"), &set, &errors);
	snprintf(first, size, "%s", errors.n > 0 ? errors.msgs[0] : "");
	snprintf(warning, sizeof warning, "%s", set.warnings.n > 0 ?
	    set.warnings.msgs[0] : "");
	nread = set.n;
	order[0] = '\0';
	for (size_t i = 0; i < set.n; i++) {
		strncat(order, set.v[i].file, sizeof order - strlen(order) - 2);
		strcat(order, " ");
	}
	errlist_free(&errors);
	migrations_free(&set);
	return (rc);
}

int
main(void)
{
	char	path[700], err[512];

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof path, "%s/meta", dir);
	mkdir(path, 0755);
	tap_put(dir, "0000_a.sql", "CREATE TABLE a (x);\n");
	tap_put(dir, "0001_b.sql", "CREATE TABLE b (x);\n");

	scan(err, sizeof err);
	tap_ok(strstr(err, "meta/_journal.json") != NULL,
	    "no journal: refused, naming it: %s", err);

	tap_put(dir, "meta/_journal.json", "{\"version\":\"7\",\"dialect\":\"sqlite\","
	    "\"entries\":[{\"idx\":0,\"tag\":\"0000_a\"},"
	    "{\"idx\":1,\"tag\":\"0001_b\"}]}");
	is_int(scan(err, sizeof err), 0, "both listed, in order: read");

	tap_put(dir, "meta/_journal.json", "{\"entries\":[{\"idx\":0,\"tag\":"
	    "\"0000_a\"}]}");
	is_int(scan(err, sizeof err), 0, "a file it does not list: no error");
	tap_ok(nread == 1 && strstr(warning, "0001_b.sql: not in "
	    "meta/_journal.json, so drizzle never runs it: left out") != NULL,
	    "it is left out, with a warning: %s", warning);

	tap_put(dir, "meta/_journal.json", "{\"entries\":[{\"tag\":\"0000_a\"},"
	    "{\"tag\":\"0001_b\"},{\"tag\":\"0002_c\"}]}");
	scan(err, sizeof err);
	tap_ok(strstr(err, "0002_c is listed, but 0002_c.sql is not in the "
	    "directory") != NULL, "an entry without its file: %s", err);

	tap_put(dir, "meta/_journal.json", "{\"entries\":[{\"tag\":\"0001_b\"},"
	    "{\"tag\":\"0000_a\"}]}");
	is_int(scan(err, sizeof err), 0, "another order than the numbers': "
	    "read");
	is_str(order, "0001_b.sql 0000_a.sql ", "... in the journal's order");

	tap_put(dir, "meta/_journal.json", "{\"entries\":[{\"tag\":\"0000_a\"},"
	    "{\"tag\":\"0001_b\"},{\"tag\":\"0000_a\"}]}");
	scan(err, sizeof err);
	tap_ok(strstr(err, "0000_a is listed twice") != NULL,
	    "an entry twice: %s", err);

	tap_put(dir, "meta/_journal.json", "{\"entries\":[{\"tag\":\"0000_a\"},\n"
	    "{\"tag\":\"0001_b\"},\n,]}");
	scan(err, sizeof err);
	tap_ok(strstr(err, "_journal.json:3: ") != NULL,
	    "broken JSON: the line: %s", err);

	tap_put(dir, "meta/_journal.json", "{\"entries\":{}}");
	scan(err, sizeof err);
	tap_ok(strstr(err, "no \"entries\" list") != NULL,
	    "entries that are not a list: %s", err);

	tap_put(dir, "meta/_journal.json", "{\"entries\":[{\"tag\":\"0000_a\"},"
	    "{\"idx\":1}]}");
	scan(err, sizeof err);
	tap_ok(strstr(err, "entry 1 has no \"tag\"") != NULL,
	    "an entry without a tag: %s", err);

	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		tap_diag("could not remove %s", dir);
	return (tap_done());
}
