/* SPDX-License-Identifier: MIT */
#include <event2/buffer.h>
#include <event2/http.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "conf.h"
#include "errlist.h"
#include "exitcode.h"
#include "migrate.h"
#include "migrations.h"
#include "tap.h"

/*
 * rqlite's refusals, which come before anything is sent: with nothing
 * listening, a file rqlite cannot run is refused (exit 5) naming its
 * line, a setting that needs the database's file is refused (exit 2),
 * and what it can run gets as far as the network (exit 75).
 *
 * Then a run, against a node of libevent's on loopback in a thread of its
 * own that gives the answers queued for it, in order, and keeps what it
 * was asked: the request's shape (tables, history rows, a repeatable's
 * guard, statements, user_version), and what each answer leads to. The
 * real cluster is tests/system/rqlite.sh's; this one runs everywhere.
 */

static char		 dir[] = "/tmp/schemad-rqlite-XXXXXX";
static const char	*backup_dir;	/* the configuration's, for the next look */
static int		 adopt;

/* Look with only file 0002_x.sql holding text; the exit code. */
static int
look(const char *text, char **cause)
{
	struct migration_set	set;
	struct migrate_result	res;
	struct errlist		errors = { NULL, 0 };
	struct config		conf;
	int			rc;

	tap_put(dir, "0002_x.sql", text);
	if (migrations_scan(dir, 0, LAYOUT_AUTO, &set, &errors) != 0)
		abort();
	config_init(&conf);
	free(conf.database);
	conf.database = strdup("rqlite://127.0.0.1:1");
	conf.backup_dir = backup_dir != NULL ? strdup(backup_dir) : NULL;
	conf.adopt = adopt;
	*cause = NULL;
	rc = migrate_look(&conf, &set, 0, NULL, &res, cause);
	migrate_result_free(&res);
	migrations_free(&set);
	config_free(&conf);
	errlist_free(&errors);
	return (rc);
}

static void
refused(const char *what, const char *text, const char *why)
{
	char	*cause;

	is_int(look(text, &cause), EXIT_INVALID, "refused: %s", what);
	tap_ok(cause != NULL && strstr(cause, why) != NULL,
	    "naming file, line and why: %s", cause ? cause : "");
	free(cause);
}

/* The node: the answers queued, in order; what it was asked. */
#define NODE_MAX	16
static struct {
	pthread_mutex_t	 lock;
	int		 status[NODE_MAX];
	char		*answer[NODE_MAX];
	int		 nanswer, next;
	char		*uri[NODE_MAX], *body[NODE_MAX];
	int		 nreq;
} node = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* Queue an answer: status and a JSON value, which this takes. */
static void
answer(int status, json_t *json)
{
	node.status[node.nanswer] = status;
	node.answer[node.nanswer++] = json_dumps(json, JSON_COMPACT |
	    JSON_ENCODE_ANY);
	json_decref(json);
}

static void
node_reset(void)
{
	int	i;

	for (i = 0; i < node.nanswer; i++)
		free(node.answer[i]);
	for (i = 0; i < node.nreq; i++) {
		free(node.uri[i]);
		free(node.body[i]);
	}
	node.nanswer = node.next = node.nreq = 0;
}

static void
serve(struct evhttp_request *req, void *arg)
{
	struct evbuffer	*in = evhttp_request_get_input_buffer(req);
	struct evbuffer	*out = evbuffer_new();
	size_t		 len = evbuffer_get_length(in);
	int		 status = 500;

	(void)arg;
	pthread_mutex_lock(&node.lock);
	if (node.nreq < NODE_MAX) {
		node.uri[node.nreq] = strdup(evhttp_request_get_uri(req));
		node.body[node.nreq++] = len == 0 ? strdup("") :
		    strndup((char *)evbuffer_pullup(in, -1), len);
	}
	if (node.next < node.nanswer) {
		status = node.status[node.next];
		evbuffer_add_printf(out, "%s", node.answer[node.next++]);
	} else
		evbuffer_add_printf(out, "no answer queued");
	pthread_mutex_unlock(&node.lock);
	evhttp_send_reply(req, status, "X", out);
	evbuffer_free(out);
}

/* Start the node; its rqlite:// address. */
static char *
node_start(void)
{
	char	*url;

	if (asprintf(&url, "rqlite://127.0.0.1:%d", tap_http(serve)) == -1)
		abort();
	return (url);
}

/*
 * The answer to a look: user_version, then the history's rows and the
 * repeatables' (either NULL: no such table), as rqlite gives them; and
 * how many tables the database has.
 */
static int	user_tables;
static int	old_table;	/* made before sql_checksum */

static json_t *
history_answer(int uv, json_t *rows, json_t *reps)
{
	json_t	*res = json_array(), *r;
	json_t	*tables[2] = { rows, reps };
	int	 i;

	json_array_append_new(res, json_pack("{s:[[i]]}", "values", uv));
	json_array_append_new(res, json_pack("{s:[[i]]}", "values",
	    (rows != NULL) + 2 * (reps != NULL)));
	for (i = 0; i < 2; i++) {
		if (tables[i] == NULL) {
			json_array_append_new(res, json_pack("{s:s}", "error",
			    "no such table"));
			continue;
		}
		/* The columns of the rows below, as rqlite names them. */
		r = json_pack("{s:[s s s s s s s s]}", "columns",
		    i == 0 ? "version" : "x", "name", "checksum", "status",
		    "applied_at", "duration_us", "detail", "label");
		if (!old_table)
			json_array_append_new(json_object_get(r, "columns"),
			    json_string("sql_checksum"));
		if (json_array_size(tables[i]) == 0)
			json_decref(tables[i]);
		else
			json_object_set_new(r, "values", tables[i]);
		json_array_append_new(res, r);
	}
	json_array_append_new(res, json_pack("{s:[[i]]}", "values",
	    user_tables));
	return (json_pack("{s:o}", "results", res));
}

/* Everything of set applied: the history rows, and the repeatables'. */
static json_t *
history_full(const struct migration_set *set, const char *status)
{
	json_t	*rows = json_array(), *reps = json_array();
	size_t	 i;

	for (i = 0; i < set->n; i++)
		json_array_append_new(rows, json_pack("[I s s s s i n n n]",
		    (json_int_t)set->v[i].version, set->v[i].name,
		    set->v[i].checksum, status, "2026-01-01T00:00:00.000Z", 0));
	for (i = 0; i < set->nrep; i++)
		json_array_append_new(reps, json_pack("[i s s s s i n n n]", 0,
		    set->rep[i].name, set->rep[i].checksum, "applied",
		    "2026-01-01T00:00:00.000Z", 0));
	return (history_answer((int)set->v[set->n - 1].version, rows, reps));
}

/* An execute's answer: n results, the one at bad (if >= 0) an error. */
static json_t *
execute_answer(int n, int bad, const char *error)
{
	json_t	*res = json_array();
	int	 i;

	for (i = 0; i < n; i++)
		json_array_append_new(res, i == bad ? json_pack("{s:s}",
		    "error", error) : json_pack("{s:i}", "rows_affected", 0));
	return (json_pack("{s:o}", "results", res));
}

static int	behind_calls;
static int64_t	behind_at;

static void
on_behind(const struct plan *plan, void *arg)
{
	(void)arg;
	behind_calls++;
	behind_at = plan->current;
}

/* A run of set against the node; its exit code. */
static int
run(const char *url, const struct migration_set *set, int64_t baseline,
    struct migrate_result *res, char **cause)
{
	struct migrate_hooks	hooks = { .behind = on_behind };
	struct config		conf;
	int			rc;

	config_init(&conf);
	free(conf.database);
	conf.database = strdup(url);
	conf.poll_interval = 10;
	behind_calls = 0;
	*cause = NULL;
	rc = migrate_run(&conf, set, baseline, &hooks, res, cause);
	config_free(&conf);
	return (rc);
}

/* Statement i of the run's request (node.body[k]), as text. */
static const char *
sent(json_t *req, size_t i)
{
	json_t	*st = json_array_get(req, i);

	if (json_is_array(st))
		st = json_array_get(st, 0);
	return (json_is_string(st) ? json_string_value(st) : "");
}

static void
test_run(void)
{
	struct migration_set	 set;
	struct migrate_result	 res;
	struct errlist		 errors = { NULL, 0 };
	char			 rdir[] = "/tmp/schemad-rqlite-run-XXXXXX";
	char			*url, *cause, cmd[600];
	json_t			*req, *row;

	if (mkdtemp(rdir) == NULL)
		abort();
	tap_put(rdir, "0001_a.sql", "CREATE TABLE a (x);\n"
	    "INSERT INTO a VALUES (1);\n");
	tap_put(rdir, "R__v.sql", "CREATE VIEW IF NOT EXISTS v AS "
	    "SELECT x FROM a;\n");
	if (migrations_scan(rdir, 0, LAYOUT_AUTO, &set, &errors) != 0)
		abort();
	url = node_start();

	/* A first run: one request; the node's copy has it at once. */
	answer(200, history_answer(0, NULL, NULL));
	answer(200, execute_answer(9, -1, NULL));
	answer(200, json_string("[+]node ok"));
	answer(200, history_full(&set, "applied"));
	is_int(run(url, &set, 0, &res, &cause), EXIT_OK, "a run: exit 0");
	is_int(node.nreq, 4, "four requests: look, execute, /readyz, the "
	    "node's copy");
	is_str(node.uri[0], "/db/query?level=strong", "the look, through "
	    "the leader");
	is_str(node.uri[1], "/db/execute?transaction", "the run, one "
	    "request");
	is_str(node.uri[2], "/readyz", "then /readyz");
	is_str(node.uri[3], "/db/query?level=none", "then the node's own "
	    "copy");
	req = json_loads(node.body[1], 0, NULL);
	is_int(json_array_size(req), 9, "9 statements in it");
	tap_ok(tap_starts(sent(req, 0), "CREATE TABLE IF NOT EXISTS "
	    "schemad_history") && tap_starts(sent(req, 1), "CREATE TABLE IF NOT "
	    "EXISTS schemad_repeatable"), "first the two tables");
	row = json_array_get(req, 2);
	tap_ok(tap_starts(sent(req, 2), "INSERT INTO schemad_history") &&
	    json_integer_value(json_array_get(row, 1)) == 1 &&
	    strcmp(json_string_value(json_array_get(row, 4)), "applied") ==
	    0, "then version 1's history row, applied");
	is_int(strlen(json_string_value(json_array_get(row, 10)) ?
	    json_string_value(json_array_get(row, 10)) : ""), 64,
	    "with the checksum of its statements");
	row = json_array_get(req, 4);
	tap_ok(tap_starts(sent(req, 3), "DELETE FROM schemad_repeatable WHERE "
	    "name = ? AND checksum <> ?") && tap_starts(sent(req, 4),
	    "INSERT INTO schemad_repeatable") &&
	    strcmp(json_string_value(json_array_get(row, 1)), "v") == 0,
	    "then the repeatable's: another text's row out, this one in");
	tap_ok(tap_starts(sent(req, 5), "CREATE TABLE a") && tap_starts(sent(req, 6),
	    "INSERT INTO a") && tap_starts(sent(req, 7), "CREATE VIEW"),
	    "then the statements, one by one, the repeatable's last");
	is_str(sent(req, 8), "PRAGMA user_version = 1", "and user_version");
	is_int(behind_calls, 0, "the node had it: no wait");
	json_decref(req);
	migrate_result_free(&res);
	node_reset();

	/* A history an older schemad made: the column added, first. */
	old_table = 1;
	answer(200, history_answer(0, json_array(), NULL));
	answer(200, execute_answer(10, -1, NULL));
	answer(200, json_string("[+]node ok"));
	answer(200, history_full(&set, "applied"));
	is_int(run(url, &set, 0, &res, &cause), EXIT_OK, "a table without "
	    "sql_checksum: exit 0");
	req = json_loads(node.body[1], 0, NULL);
	is_str(sent(req, 1), "ALTER TABLE schemad_history ADD COLUMN "
	    "sql_checksum TEXT", "the column added after CREATE TABLE IF NOT "
	    "EXISTS, in the same request");
	json_decref(req);
	old_table = 0;
	migrate_result_free(&res);
	node_reset();

	/* The node's copy is behind: the run waits, and says where it is. */
	answer(200, history_full(&set, "applied"));
	answer(200, json_string("[+]node ok"));
	answer(200, history_answer(0, NULL, NULL));
	answer(200, json_string("[+]node ok"));
	answer(200, history_full(&set, "applied"));
	is_int(run(url, &set, 0, &res, &cause), EXIT_OK,
	    "up to date, the node's copy behind: exit 0 once it has it");
	is_int(behind_calls * 100 + behind_at, 100, "behind, said once, at "
	    "version 0");
	is_int(node.nreq, 5, "and asked the node again");
	migrate_result_free(&res);
	node_reset();

	/* Another deployer was first: rolled back, looked again. */
	answer(200, history_answer(0, NULL, NULL));
	answer(200, execute_answer(3, 2, "UNIQUE constraint failed: "
	    "schemad_history.version"));
	answer(200, history_full(&set, "applied"));
	answer(200, json_string("[+]node ok"));
	answer(200, history_full(&set, "applied"));
	is_int(run(url, &set, 0, &res, &cause), EXIT_OK,
	    "another deployer recorded 1 first: exit 0");
	is_int(res.raced * 10 + node.nreq, 15, "raced, and looked again");
	migrate_result_free(&res);
	node_reset();

	/* A statement fails: permanent, naming file and line. */
	answer(200, history_answer(0, NULL, NULL));
	answer(200, execute_answer(7, 6, "no such table: b"));
	is_int(run(url, &set, 0, &res, &cause), EXIT_MIGRATION,
	    "a failing statement: exit 1");
	tap_ok(cause != NULL && strstr(cause, "0001_a.sql:2: no such table: "
	    "b") != NULL, "naming file, line and rqlite's message: %s",
	    cause ? cause : "");
	free(cause);
	migrate_result_free(&res);
	node_reset();

	/* The follower asked could not forward it: temporary. */
	answer(200, history_answer(0, NULL, NULL));
	answer(200, json_pack("{s:[],s:s}", "results", "error", "node failed "
	    "to process Execute on remote node: EOF"));
	is_int(run(url, &set, 0, &res, &cause), EXIT_TEMPFAIL,
	    "an error for the whole request (200): exit 75");
	tap_ok(cause != NULL && strstr(cause, "node failed to process "
	    "Execute") != NULL, "quoting it: %s", cause ? cause : "");
	free(cause);
	migrate_result_free(&res);
	node_reset();

	/* No leader: temporary. */
	answer(200, history_full(&set, "applied"));
	answer(503, json_string("[+]node ok\n[+]leader not found"));
	is_int(run(url, &set, 0, &res, &cause), EXIT_TEMPFAIL,
	    "/readyz 503: exit 75");
	tap_ok(cause != NULL && strstr(cause, "HTTP 503") != NULL,
	    "saying so: %s", cause ? cause : "");
	free(cause);
	migrate_result_free(&res);
	node_reset();

	/* A history table there but unreadable: not a history. */
	answer(200, json_pack("{s:[{s:[[i]]},{s:[[i]]},{s:s},{}]}", "results",
	    "values", 0, "values", 1, "error", "no such column: label"));
	is_int(run(url, &set, 0, &res, &cause), EXIT_DATABASE,
	    "a history table rqlite cannot read: exit 6");
	free(cause);
	migrate_result_free(&res);
	node_reset();

	/* Tables, and no history: a look says how many. */
	{
		struct config	conf;

		config_init(&conf);
		free(conf.database);
		conf.database = strdup(url);
		user_tables = 2;
		answer(200, history_answer(0, NULL, NULL));
		is_int(migrate_look(&conf, &set, 0, NULL, &res, &cause), EXIT_OK,
		    "a look at tables without a history: exit 0");
		is_int(res.plan.untracked, 2, "2 tables no history tracks");
		user_tables = 0;
		config_free(&conf);
		migrate_result_free(&res);
		node_reset();
	}

	/* --baseline: the rows say so. */
	answer(200, history_answer(0, NULL, NULL));
	answer(200, execute_answer(8, -1, NULL));
	answer(200, json_string("[+]node ok"));
	answer(200, history_full(&set, "baseline"));
	is_int(run(url, &set, 1, &res, &cause), EXIT_OK,
	    "--baseline 1: exit 0");
	req = json_loads(node.body[1], 0, NULL);
	row = json_array_get(req, 2);
	is_str(json_string_value(json_array_get(row, 4)), "baseline",
	    "version 1 recorded as baseline");
	is_str(json_string_value(json_array_get(row, 8)), "--baseline 1",
	    "with --baseline 1 as its detail");
	json_decref(req);
	migrate_result_free(&res);
	node_reset();

	free(url);
	migrations_free(&set);
	errlist_free(&errors);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", rdir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", rdir);
}

int
main(void)
{
	char	*cause, cmd[600];

	if (mkdtemp(dir) == NULL)
		abort();
	is_str(backend_for("rqlite://127.0.0.1:4001")->name, "rqlite",
	    "rqlite://: rqlite's backend");
	is_str(backend_for("/var/lib/app.db")->name, "file",
	    "a path: the file's");
	tap_put(dir, "0001_a.sql", "CREATE TABLE a (x);\n");
	refused("a PRAGMA, on line 2", "SELECT 1;\nPRAGMA cache_size = 10;\n",
	    "0002_x.sql:2: a PRAGMA");
	refused("SAVEPOINT", "SAVEPOINT s;\n", "0002_x.sql:1: a savepoint");
	refused("randomblob(), any case",
	    "INSERT INTO a VALUES (RandomBlob(4));\n",
	    "0002_x.sql:1: a value each node would compute");
	refused("date('now')", "INSERT INTO a VALUES (date('now'));\n",
	    "0002_x.sql:1: a value each node would compute");
	refused("a CURRENT_TIMESTAMP default",
	    "CREATE TABLE b (t TEXT DEFAULT CURRENT_TIMESTAMP);\n",
	    "0002_x.sql:1: a value each node would compute");
	is_int(look("INSERT INTO a VALUES ('pragmatic');\n", &cause),
	    EXIT_TEMPFAIL, "what rqlite can run reaches the network: 75");
	tap_ok(cause != NULL && strstr(cause, "rqlite") != NULL,
	    "saying rqlite did not answer: %s", cause ? cause : "");
	free(cause);

	backup_dir = "/var/backups/app";
	is_int(look("SELECT 1;\n", &cause), EXIT_USAGE,
	    "a backup directory: refused (exit 2)");
	tap_ok(cause != NULL && strstr(cause, "backup directory "
	    "/var/backups/app: not on rqlite") != NULL, "naming it: %s",
	    cause ? cause : "");
	free(cause);
	backup_dir = NULL;
	adopt = 1;
	is_int(look("SELECT 1;\n", &cause), EXIT_USAGE,
	    "adopt = yes: refused (exit 2)");
	tap_ok(cause != NULL && strstr(cause, "adopt = yes: not on rqlite") !=
	    NULL, "naming it: %s", cause ? cause : "");
	free(cause);
	adopt = 0;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", dir);
	test_run();
	/* The node's thread ends with the test. */
	return (tap_done());
}
