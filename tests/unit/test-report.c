/* SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "errlist.h"
#include "exitcode.h"
#include "log.h"
#include "migrate.h"
#include "migrations.h"
#include "report.h"
#include "tap.h"

/*
 * What plan and migrate print, for a database with two pending
 * migrations: the text for people (the version, each pending file, the
 * summary line), and --json for scripts, read back with jansson (the
 * status word matches the exit code; durations only once run); a failure
 * before any plan; the hint for a database with tables and no history.
 */

static char	dir[] = "/tmp/schemad-report-XXXXXX";

/* What f printed, as text or JSON, for rp's command. */
struct out {
	char	*text;
	size_t	 len;
	FILE	*fp;
};

static void
out_open(struct out *o, struct report *rp, int json)
{
	o->text = NULL;
	o->len = 0;
	if ((o->fp = open_memstream(&o->text, &o->len)) == NULL)
		abort();
	rp->fp = o->fp;
	rp->json = json;
}

static json_t *
out_json(struct out *o)
{
	json_t	*j;

	fclose(o->fp);
	j = json_loads(o->text, 0, NULL);
	tap_ok(j != NULL && o->len > 0 && o->text[o->len - 1] == '\n' &&
	    strchr(o->text, '\n') == o->text + o->len - 1, "one line of "
	    "JSON: %s", o->text);
	free(o->text);
	return (j);
}

static void
test_plan_and_migrate(struct config *conf, struct migration_set *set)
{
	struct report		 rp = { NULL, 0, "plan", conf->database,
				    conf->migrations };
	struct migrate_result	 res;
	struct out		 o;
	json_t			*j, *steps;
	char			*cause = NULL;

	is_int(migrate_look(conf, set, 0, NULL, &res, &cause), EXIT_OK,
	    "a look");
	out_open(&o, &rp, 0);
	report_plan(&rp, set, &res, EXIT_PENDING);
	fclose(o.fp);
	tap_ok(tap_starts(o.text, conf->database) && strstr(o.text, ": does "
	    "not exist yet\n  pending   0001_a.sql\n  pending   0002_b.sql\n"
	    "2 pending: version 0 -> 2\n") != NULL, "plan, as text:\n%s",
	    o.text);
	free(o.text);

	out_open(&o, &rp, 1);
	report_plan(&rp, set, &res, EXIT_PENDING);
	j = out_json(&o);
	is_str(json_string_value(json_object_get(j, "status")), "pending",
	    "the status word for exit 3");
	is_int(json_integer_value(json_object_get(j, "exit")), 3, "the exit");
	steps = json_object_get(j, "pending");
	tap_ok(json_array_size(steps) == 2 && strcmp(json_string_value(
	    json_object_get(json_array_get(steps, 1), "file")),
	    "0002_b.sql") == 0 && json_object_get(json_array_get(steps, 1),
	    "duration_ms") == NULL, "the pending files, not timed");
	tap_ok(json_is_false(json_object_get(j, "exists")) &&
	    strcmp(json_string_value(json_object_get(j, "role")), "primary")
	    == 0, "no file yet; the primary");
	json_decref(j);
	migrate_result_free(&res);

	rp.command = "migrate";
	is_int(migrate_run(conf, set, 0, NULL, &res, &cause), EXIT_OK,
	    "a run");
	out_open(&o, &rp, 0);
	report_migrate(&rp, &res, EXIT_OK, NULL);
	fclose(o.fp);
	tap_ok(strstr(o.text, "  applied   0001_a.sql (") != NULL &&
	    strstr(o.text, ": version 0 -> 2, 2 migrations in ") != NULL,
	    "migrate, as text:\n%s", o.text);
	free(o.text);
	out_open(&o, &rp, 1);
	report_migrate(&rp, &res, EXIT_OK, NULL);
	j = out_json(&o);
	steps = json_object_get(j, "done");
	tap_ok(json_integer_value(json_object_get(j, "to")) == 2 &&
	    json_array_size(steps) == 2 && json_is_real(json_object_get(
	    json_array_get(steps, 0), "duration_ms")) &&
	    json_is_null(json_object_get(j, "error")), "migrate --json: to 2, "
	    "each step timed, no error");
	json_decref(j);
	migrate_result_free(&res);

	is_int(migrate_run(conf, set, 0, NULL, &res, &cause), EXIT_OK,
	    "again");
	out_open(&o, &rp, 0);
	report_migrate(&rp, &res, EXIT_OK, NULL);
	fclose(o.fp);
	tap_ok(strstr(o.text, ": up to date at version 2\n") != NULL,
	    "up to date: %s", o.text);
	free(o.text);
	migrate_result_free(&res);
	free(cause);
}

static void
test_errors(void)
{
	struct report	 rp = { NULL, 0, "plan", "x.db", "m" };
	struct errlist	 el = { NULL, 0 };
	struct plan	 plan;
	struct out	 o;
	json_t		*j;
	char		 buf[256];

	errlist_add(&el, "m/0001_a.sql:1: a NUL byte");
	errlist_add(&el, "m/0002_b.sql: empty");
	out_open(&o, &rp, 0);
	report_errors(&rp, EXIT_INVALID, &el);
	fclose(o.fp);
	is_int(o.len, 0, "errors, as text: the log has them, not stdout");
	free(o.text);
	out_open(&o, &rp, 1);
	report_errors(&rp, EXIT_INVALID, &el);
	j = out_json(&o);
	tap_ok(strcmp(json_string_value(json_object_get(j, "status")),
	    "invalid") == 0 && json_array_size(json_object_get(j, "errors"))
	    == 2, "--json: invalid, with every error");
	json_decref(j);
	errlist_free(&el);

	is_str(report_status(EXIT_OK), "ok", "0: ok");
	is_str(report_status(EXIT_DRIFT), "drift", "4: drift");
	is_str(report_status(EXIT_TEMPFAIL), "temporary", "75: temporary");
	is_str(report_status(12345), "internal", "anything else: internal");
	memset(&plan, 0, sizeof plan);
	plan.untracked = 1;
	tap_ok(strstr(report_untracked(&plan, buf, sizeof buf), "has 1 table "
	    "but no history") != NULL && strstr(buf, "--baseline N") !=
	    NULL, "the hint, singular: %s", buf);
}

int
main(void)
{
	struct config		conf;
	struct migration_set	set;
	struct errlist		errors = { NULL, 0 };
	char			path[256], cmd[300];

	if (mkdtemp(dir) == NULL)
		abort();
	log_init("schemad", -1);
	tap_put(dir, "0001_a.sql", "CREATE TABLE a (x);\n");
	tap_put(dir, "0002_b.sql", "CREATE TABLE b (x);\n");
	config_init(&conf);
	free(conf.database);
	free(conf.migrations);
	snprintf(path, sizeof path, "%s/app.db", dir);
	conf.database = strdup(path);
	conf.migrations = strdup(dir);
	conf.create = CREATE_YES;
	if (migrations_scan(dir, 0, LAYOUT_AUTO, &set, &errors) != 0)
		abort();
	test_plan_and_migrate(&conf, &set);
	test_errors();
	migrations_free(&set);
	config_free(&conf);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", dir);
	return (tap_done());
}
