/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "conf.h"
#include "errlist.h"
#include "exitcode.h"
#include "history.h"
#include "httpc.h"
#include "migrate.h"
#include "migrations.h"
#include "plan.h"
#include "rqlite.h"
#include "sqlscan.h"
#include "xmalloc.h"

/*
 * A database on rqlite (--database rqlite://HOST:PORT), which replicates
 * SQLite through Raft and speaks HTTP. Its one transaction is one request:
 * POST /db/execute?transaction, a JSON array of statements, one Raft log
 * entry applied all or nothing on every node. So a run is:
 *
 *	look	the history, read with level=strong (through the leader)
 *	plan	as for a file; what cannot run on rqlite is refused before
 *		anything is sent (rqlite_refuse)
 *	run	one request: CREATE TABLE IF NOT EXISTS for the history,
 *		then every history row (the version is the table's key),
 *		then every pending migration's statements, split as the scan
 *		splits them
 *
 * Exactly once without a lock: a second deployer that planned the same
 * versions fails on its first history row, so its whole request rolls
 * back; it looks again and finds nothing to do. An HTTP failure
 * (unreachable, no leader, 503) is temporary (75); a statement that fails
 * is permanent, named by file and line, with rqlite's message. History
 * timestamps are sent as values. There is no savepoint per migration, and
 * user_version is not set (the history is the version).
 */

#define RQLITE_PREFIX	"rqlite://"
#define RQLITE_TIMEOUT	60	/* s for a request: a big run is one */

static const char history_sql[] =
    "CREATE TABLE IF NOT EXISTS " HISTORY_TABLE " (version INTEGER PRIMARY "
    "KEY, name TEXT NOT NULL, checksum TEXT, status TEXT NOT NULL CHECK "
    "(status IN ('applied', 'baseline', 'skipped')), applied_at TEXT NOT "
    "NULL, duration_us INTEGER NOT NULL, applied_by TEXT NOT NULL, detail "
    "TEXT, label TEXT)";

int
rqlite_is(const char *database)
{
	return (strncmp(database, RQLITE_PREFIX, strlen(RQLITE_PREFIX)) == 0);
}

/* POST statements (a JSON array) to path; *results is rqlite's array. */
static int
rqlite_post(const struct config *conf, const char *path, json_t *stmts,
    json_t **results, char **cause)
{
	json_t		*root, *res;
	json_error_t	 jerr;
	char		*url, *body, *text, *why = NULL;
	int		 status;

	*results = NULL;
	xasprintf(&url, "http://%s%s", conf->database + strlen(RQLITE_PREFIX),
	    path);
	text = json_dumps(stmts, JSON_COMPACT);
	status = httpc_request(url, text, RQLITE_TIMEOUT, &body, &why);
	free(text);
	if (status != 200) {
		if (status == -1)
			xasprintf(cause, "rqlite: %s", why);
		else
			xasprintf(cause, "rqlite at %s: HTTP %d: %.200s", url,
			    status, body);
		free(why);
		free(body);
		free(url);
		return (EXIT_TEMPFAIL);
	}
	free(url);
	root = json_loads(body, 0, &jerr);
	free(body);
	if (root == NULL || !json_is_array(res = json_object_get(root,
	    "results"))) {
		xasprintf(cause, "rqlite: an answer without results%s%s",
		    root == NULL ? ": " : "", root == NULL ? jerr.text : "");
		json_decref(root);
		return (EXIT_TEMPFAIL);
	}
	*results = json_incref(res);
	json_decref(root);
	return (EXIT_OK);
}

static char *
value_strdup(json_t *row, size_t i)
{
	json_t	*v = json_array_get(row, i);

	return (json_is_string(v) ? xstrdup(json_string_value(v)) : NULL);
}

/*
 * The history, as rqlite's leader has it: user_version, whether the table
 * is there, and its rows, read in one request (so from one state).
 */
static int
rqlite_history(const struct config *conf, struct history *hist,
    char **cause)
{
	struct history_row	*h;
	json_t			*stmts, *results, *rows, *row;
	size_t			 i;
	int			 rc;

	memset(hist, 0, sizeof *hist);
	stmts = json_pack("[s s s]", "PRAGMA user_version",
	    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
	    "name = '" HISTORY_TABLE "'", "SELECT version, name, checksum, "
	    "status, applied_at, duration_us, detail, label FROM "
	    HISTORY_TABLE " ORDER BY version");
	rc = rqlite_post(conf, "/db/query?level=strong", stmts, &results,
	    cause);
	json_decref(stmts);
	if (rc != EXIT_OK)
		return (rc);
	hist->user_version = (int)json_integer_value(json_array_get(
	    json_array_get(json_object_get(json_array_get(results, 0),
	    "values"), 0), 0));
	hist->exists = json_integer_value(json_array_get(json_array_get(
	    json_object_get(json_array_get(results, 1), "values"), 0), 0)) >
	    0;
	rows = json_object_get(json_array_get(results, 2), "values");
	hist->v = xcalloc(json_array_size(rows) + 1, sizeof *hist->v);
	json_array_foreach(rows, i, row) {
		h = &hist->v[hist->n++];
		h->version = json_integer_value(json_array_get(row, 0));
		h->name = value_strdup(row, 1);
		h->checksum = value_strdup(row, 2);
		h->status = history_status_parse(json_string_value(
		    json_array_get(row, 3)));
		h->applied_at = value_strdup(row, 4);
		h->duration_us = json_integer_value(json_array_get(row, 5));
		h->detail = value_strdup(row, 6);
		h->label = value_strdup(row, 7);
		if (h->name == NULL)
			h->name = xstrdup("");
	}
	json_decref(results);
	return (EXIT_OK);
}

/*
 * What rqlite cannot run as schemad runs it, or would run differently on
 * each node: transaction control and savepoints (a request is the
 * transaction), PRAGMAs (each node's connection is rqlite's), and
 * functions whose value is the node's own -- random(), the time now.
 * NULL when the statement may run.
 */
static const char *
rqlite_refused(const struct sqlstmt *st)
{
	static const char *const words[] = { "savepoint", "release",
	    "rollback", "pragma", NULL };
	static const char *const now[] = { "random(", "randomblob(",
	    "current_timestamp", "current_date", "current_time", "'now'",
	    NULL };
	char	*low;
	size_t	 i, n;
	const char *why = NULL;

	for (i = 0; words[i] != NULL; i++) {
		n = strlen(words[i]);
		if (st->len >= n && strncasecmp(st->text, words[i], n) == 0 &&
		    (st->len == n || !isalnum((unsigned char)st->text[n])))
			return (i < 3 ? "a savepoint: on rqlite the whole run "
			    "is one request, with no savepoint inside" :
			    "a PRAGMA: rqlite runs each statement on every "
			    "node's own connection");
	}
	low = xstrndup(st->text, st->len);
	for (i = 0; low[i] != '\0'; i++)
		low[i] = (char)tolower((unsigned char)low[i]);
	for (i = 0; now[i] != NULL && why == NULL; i++) {
		if (strstr(low, now[i]) != NULL)
			why = "a value each node would compute for itself "
			    "(random(), the time now): write the value in, "
			    "or let the application set it";
	}
	free(low);
	return (why);
}

/*
 * Refuse, naming file and line, what the migrations may not hold on
 * rqlite (sqlscan_forbidden has refused BEGIN, COMMIT and the rest
 * already), before anything is sent.
 */
static int
rqlite_refuse(const struct migration_set *set, char **cause)
{
	struct errlist	 errors = { NULL, 0 };
	struct sqlscan	 scan;
	struct sqlstmt	 st;
	const char	*why;
	char		*buf, *tofree;
	size_t		 i, len;

	for (i = 0; i < set->n + set->nrep; i++) {
		if (migrations_load(&set->v[i], &buf, &len, &tofree,
		    cause) != 0) {
			errlist_free(&errors);
			return (EXIT_MIGRATION);
		}
		sqlscan_init(&scan, buf, len);
		while (sqlscan_next(&scan, &st)) {
			if ((why = rqlite_refused(&st)) != NULL)
				errlist_add(&errors, "%s:%d: %s",
				    set->v[i].path, st.line, why);
		}
		free(tofree);
	}
	if (errors.n == 0)
		return (EXIT_OK);
	xasprintf(cause, "%s%s", errors.msgs[0], errors.n > 1 ?
	    " (and more)" : "");
	for (i = 1; i < errors.n; i++)
		fprintf(stderr, "schemad: %s\n", errors.msgs[i]);
	errlist_free(&errors);
	return (EXIT_INVALID);
}

/*
 * The history, the plan, and what rqlite cannot run; *rows: how many rows
 * the history has.
 */
static int
rqlite_plan(const struct config *conf, const struct migration_set *set,
    struct migrate_result *res, size_t *rows, char **cause)
{
	struct history	hist;
	int		rc;

	memset(res, 0, sizeof *res);
	res->wal_bytes = -1;
	if ((rc = rqlite_refuse(set, cause)) != EXIT_OK ||
	    (rc = rqlite_history(conf, &hist, cause)) != EXIT_OK)
		return (rc);
	*rows = hist.n;
	if (plan_make(set, &hist, NULL, 0, 0, 0, &res->plan, cause) != 0)
		rc = EXIT_USAGE;
	history_free(&hist);
	return (rc);
}

int
rqlite_look(const struct config *conf, const struct migration_set *set,
    struct migrate_result *res, char **cause)
{
	size_t	rows;

	return (rqlite_plan(conf, set, res, &rows, cause));
}

/* Where statement k of a request comes from, for its error. */
struct origin {
	const struct migration	*m;
	int			 line;	/* 0: a history row */
};

/* The one request of a run: history rows first, then the statements. */
static json_t *
rqlite_request(const struct plan *plan, size_t rows, struct origin **origin,
    size_t *n, char **cause)
{
	const char	*by = history_by();
	const struct migration *m;
	struct sqlscan	 scan;
	struct sqlstmt	 st;
	json_t		*req = json_array();
	char		 now[32], *buf, *tofree;
	size_t		 i, len;
	time_t		 t = time(NULL);
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
	*origin = xcalloc(1, sizeof **origin);
	*n = 0;
	json_array_append_new(req, json_string(history_sql));
	(*origin)[(*n)++].m = NULL;
	for (i = 0; i < plan->nsteps; i++) {
		m = plan->steps[i].m;
		rows += !plan->steps[i].retry;
		json_array_append_new(req, json_pack("[s I s s s s i s s? s?]",
		    plan->steps[i].retry ? "INSERT OR REPLACE INTO " HISTORY_TABLE
		    " (version, name, checksum, status, applied_at, duration_us, "
		    "applied_by, detail, label) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)" :
		    "INSERT INTO " HISTORY_TABLE " (version, name, checksum, "
		    "status, applied_at, duration_us, applied_by, detail, label) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (json_int_t)m->version,
		    m->name, m->checksum, plan->steps[i].action == PLAN_APPLY ?
		    "applied" : plan->steps[i].action == PLAN_SKIP ? "skipped" :
		    "baseline", now, 0, by, NULL, m->label));
		*origin = xreallocarray(*origin, *n + 1, sizeof **origin);
		(*origin)[*n].m = m;
		(*origin)[(*n)++].line = 0;
	}
	for (i = 0; i < plan->nsteps; i++) {
		if (plan->steps[i].action != PLAN_APPLY)
			continue;
		m = plan->steps[i].m;
		if (migrations_load(m, &buf, &len, &tofree, cause) != 0) {
			json_decref(req);
			free(*origin);
			return (NULL);
		}
		sqlscan_init(&scan, buf, len);
		while (sqlscan_next(&scan, &st)) {
			json_array_append_new(req, json_stringn(st.text,
			    st.len));
			*origin = xreallocarray(*origin, *n + 1,
			    sizeof **origin);
			(*origin)[*n].m = m;
			(*origin)[(*n)++].line = st.line;
		}
		free(tofree);
	}
	snprintf(now, sizeof now, "PRAGMA user_version = %d",
	    plan_user_version(plan->target, rows));
	json_array_append_new(req, json_string(now));
	*origin = xreallocarray(*origin, *n + 1, sizeof **origin);
	(*origin)[(*n)++].m = NULL;
	return (req);
}

/*
 * Apply the plan in one request. *raced: another deployer recorded one
 * of these versions first (the request rolled back).
 */
static int
rqlite_apply(const struct config *conf, struct plan *plan, size_t rows,
    int *raced, char **cause)
{
	struct origin	*origin;
	json_t		*req, *results, *r, *err;
	const char	*msg;
	size_t		 n, i;
	int		 rc;

	*raced = 0;
	if ((req = rqlite_request(plan, rows, &origin, &n, cause)) == NULL)
		return (EXIT_MIGRATION);
	rc = rqlite_post(conf, "/db/execute?transaction", req, &results,
	    cause);
	json_decref(req);
	if (rc != EXIT_OK) {
		free(origin);
		return (rc);
	}
	json_array_foreach(results, i, r) {
		if ((err = json_object_get(r, "error")) == NULL)
			continue;
		msg = json_string_value(err);
		if (i >= n || origin[i].m == NULL)
			xasprintf(cause, "rqlite: %s", msg);
		else if (origin[i].line == 0 && msg != NULL &&
		    strstr(msg, "UNIQUE") != NULL)
			*raced = 1;
		else if (origin[i].line == 0)
			xasprintf(cause, "rqlite: recording %s: %s",
			    origin[i].m->file, msg);
		else
			xasprintf(cause, "%s:%d: %s", origin[i].m->path,
			    origin[i].line, msg);
		rc = *raced ? EXIT_OK : EXIT_MIGRATION;
		break;
	}
	json_decref(results);
	free(origin);
	return (rc);
}

/*
 * A run: look, and if anything is pending, apply it in one request; when
 * another deployer was first, look again (nothing is left to do then, or
 * what is left is applied).
 */
int
rqlite_run(const struct config *conf, const struct migration_set *set,
    struct migrate_result *res, char **cause)
{
	struct timespec	t0, t1;
	size_t		rows;
	int		rc, raced, tries;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (tries = 0; tries < 3; tries++) {
		if ((rc = rqlite_plan(conf, set, res, &rows, cause)) != EXIT_OK)
			return (rc);
		if (res->plan.ndrift > 0) {
			xasprintf(cause, "history and migration files "
			    "disagree");
			return (EXIT_DRIFT);
		}
		if (res->plan.nsteps == 0)
			return (EXIT_OK);
		rc = rqlite_apply(conf, &res->plan, rows, &raced, cause);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		res->duration_us = (t1.tv_sec - t0.tv_sec) * 1000000 +
		    (t1.tv_nsec - t0.tv_nsec) / 1000;
		if (rc != EXIT_OK || !raced)
			return (rc);
		res->raced = 1;
		plan_free(&res->plan);
	}
	xasprintf(cause, "rqlite: other deployers kept recording first");
	return (EXIT_TEMPFAIL);
}
