/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "backend.h"
#include "conf.h"
#include "db.h"
#include "errlist.h"
#include "exitcode.h"
#include "history.h"
#include "httpc.h"
#include "log.h"
#include "migrate.h"
#include "migrations.h"
#include "plan.h"
#include "sqlscan.h"
#include "xmalloc.h"

/*
 * The backend of a database on rqlite (--database rqlite://HOST:PORT,
 * backend.h), which replicates
 * SQLite through Raft and speaks HTTP. Its one transaction is one request:
 * POST /db/execute?transaction, a JSON array of statements, one Raft log
 * entry applied all or nothing on every node. So a run is:
 *
 *	look	the history, read with level=strong (through the leader)
 *	plan	as for a file; what cannot run on rqlite is refused before
 *		anything is sent (rqlite_refuse)
 *	run	one request: CREATE TABLE IF NOT EXISTS for the history,
 *		then every history row (the version is the table's key; a
 *		repeatable migration's name is its table's), then every
 *		pending migration's statements, split as the scan splits
 *		them, then PRAGMA user_version
 *	wait	until the node asked answers /readyz and its own copy
 *		(level=none) has it too: only then is the run over, and
 *		the daemon READY (rqlite_caught_up)
 *
 * Exactly once without a lock: a second deployer that planned the same
 * versions fails on its first history row, so its whole request rolls
 * back; it looks again and finds nothing to do. An HTTP failure
 * (unreachable, no leader, 503, a follower that could not forward the
 * request) is temporary (75); a statement that fails is permanent, named
 * by file and line, with rqlite's message. History timestamps are sent as
 * values. There is no savepoint per migration.
 */

#define RQLITE_PREFIX	"rqlite://"
#define RQLITE_TIMEOUT	60	/* s for a request: a big run is one */

/* POST statements (a JSON array) to path; *results is rqlite's array. */
static int
rqlite_post(const struct config *conf, const char *path, json_t *stmts,
    json_t **results, char **cause)
{
	json_t		*root, *res, *err;
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
	if ((err = json_object_get(root, "error")) != NULL) {
		/* The whole request, not a statement: a forward that failed. */
		xasprintf(cause, "rqlite at %s: %s", conf->database +
		    strlen(RQLITE_PREFIX), json_string_value(err));
		json_decref(root);
		return (EXIT_TEMPFAIL);
	}
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

/*
 * The rows of statement i's result (history_select's, repeat_select's),
 * each column read by its name; *lacks, unless NULL, the columns the
 * table lacks. Returns -1 with a cause when rqlite says it failed.
 */
static int
history_rows(json_t *results, size_t i, struct history_row **v, size_t *n,
    unsigned *lacks, char **cause)
{
	json_t		*r = json_array_get(results, i), *err, *rows, *row;
	json_t		*columns = json_object_get(r, "columns");
	const char	*names[32];
	size_t		 j, col, ncol = json_array_size(columns);

	if ((err = json_object_get(r, "error")) != NULL) {
		xasprintf(cause, "rqlite: reading the history: %s",
		    json_string_value(err));
		return (-1);
	}
	ncol = ncol > 32 ? 32 : ncol;
	for (col = 0; col < ncol; col++)
		names[col] = json_string_value(json_array_get(columns, col));
	if (lacks != NULL)
		*lacks = history_lacks(names, ncol);
	rows = json_object_get(r, "values");	/* no rows: no "values" */
	*v = xcalloc(json_array_size(rows) + 1, sizeof **v);
	json_array_foreach(rows, j, row) {
		for (col = 0; col < ncol; col++)
			history_row_field(&(*v)[*n], names[col] != NULL ?
			    names[col] : "", json_string_value(
			    json_array_get(row, col)), json_integer_value(
			    json_array_get(row, col)));
		if ((*v)[*n].name == NULL)
			(*v)[*n].name = xstrdup("");
		(*n)++;
	}
	return (0);
}

/*
 * The history: user_version, which of the two tables are there, and their
 * rows, read in one request (so from one state); and how many tables the
 * database has, for *untracked when there is no history. Reading a table
 * that is not there fails; that is no rows. With strong, as the leader
 * has it; otherwise as the node asked has it.
 */
static int
rqlite_history(const struct config *conf, int strong, struct history *hist,
    int *untracked, char **cause)
{
	json_t	*stmts, *results;
	int	 rc, tables;

	memset(hist, 0, sizeof *hist);
	stmts = json_pack("[s s s s s]", "PRAGMA user_version", history_tables,
	    history_select, repeat_select, history_user_tables);
	rc = rqlite_post(conf, strong ? "/db/query?level=strong" :
	    "/db/query?level=none", stmts, &results, cause);
	json_decref(stmts);
	if (rc != EXIT_OK)
		return (rc);
	hist->user_version = (int)json_integer_value(json_array_get(
	    json_array_get(json_object_get(json_array_get(results, 0),
	    "values"), 0), 0));
	tables = (int)json_integer_value(json_array_get(json_array_get(
	    json_object_get(json_array_get(results, 1), "values"), 0), 0));
	hist->exists = tables & 1;
	*untracked = hist->exists ? 0 : (int)json_integer_value(
	    json_array_get(json_array_get(json_object_get(json_array_get(
	    results, 4), "values"), 0), 0));
	if (((tables & 1) && history_rows(results, 2, &hist->v, &hist->n,
	    &hist->lacks, cause) != 0) || ((tables & 2) && history_rows(
	    results, 3, &hist->rep, &hist->nrep, NULL, cause) != 0)) {
		json_decref(results);
		history_free(hist);
		return (EXIT_DATABASE);
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
 * The plan from the history, read as rqlite_history reads it; *rows: how
 * many rows the history has.
 */
static int
rqlite_plan(const struct config *conf, const struct migration_set *set,
    int strong, int64_t baseline, struct plan *plan, size_t *rows,
    char **cause)
{
	struct history	hist;
	int		rc, untracked;

	if ((rc = rqlite_history(conf, strong, &hist, &untracked, cause)) !=
	    EXIT_OK)
		return (rc);
	*rows = hist.n;
	if (plan_make(set, &hist, NULL, 0, 0, baseline, plan, cause) != 0)
		rc = EXIT_USAGE;
	else
		plan_keep(plan, &hist);
	plan->untracked = untracked;
	history_free(&hist);
	return (rc);
}

/* The plan, as the leader has the history; what rqlite cannot run. */
static int
rqlite_look_rows(const struct config *conf, const struct migration_set *set,
    int64_t baseline, struct migrate_result *res, size_t *rows,
    char **cause)
{
	int	rc;

	memset(res, 0, sizeof *res);
	res->wal_bytes = -1;
	if ((rc = rqlite_refuse(set, cause)) != EXIT_OK)
		return (rc);
	return (rqlite_plan(conf, set, 1, baseline, &res->plan, rows, cause));
}

static int
rqlite_look(const struct config *conf, const struct migration_set *set,
    int64_t baseline, const struct migrate_hooks *hooks,
    struct migrate_result *res, char **cause)
{
	size_t	rows;

	(void)hooks;
	return (rqlite_look_rows(conf, set, baseline, res, &rows, cause));
}

/* Where statement k of a request comes from, for its error. */
struct origin {
	const struct migration	*m;
	int			 line;	/* 0: a history row */
};

/* Add statement st (a JSON string or array) to the request, from m:line. */
static void
request_add(json_t *req, json_t *st, struct origin **origin, size_t *n,
    const struct migration *m, int line)
{
	json_array_append_new(req, st);
	*origin = xreallocarray(*origin, *n + 1, sizeof **origin);
	(*origin)[*n].m = m;
	(*origin)[(*n)++].line = line;
}

/*
 * The rows that record a step (history.c's statements), whose version (or
 * name) is the key, so that a deployer that planned the same work fails
 * here.
 */
static int
request_record(json_t *req, const struct plan *plan,
    const struct plan_step *step, int64_t baseline, struct origin **origin,
    size_t *n, char **cause)
{
	struct history_entry	e;
	struct history_stmt	st[2];
	json_t			*a;
	size_t			 i, j, nst;

	history_entry_step(&e, plan, step, baseline, 0);
	if (step->m->kind != NAME_REPEAT && migrations_sql_checksum_of(step->m,
	    e.sql_checksum, cause) != 0)
		return (-1);
	nst = history_statements(&e, st);
	for (i = 0; i < nst; i++) {
		a = json_pack("[s]", st[i].text);
		for (j = 0; j < st[i].n; j++)
			json_array_append_new(a, st[i].v[j].number ?
			    json_integer((json_int_t)st[i].v[j].i) :
			    st[i].v[j].s != NULL ? json_string(st[i].v[j].s) :
			    json_null());
		request_add(req, a, origin, n, step->m, 0);
	}
	return (0);
}

/*
 * The one request of a run: the tables, the history rows, the
 * statements, and user_version.
 */
static json_t *
rqlite_request(const struct plan *plan, int repeatables, int64_t baseline,
    size_t rows, struct origin **origin, size_t *n, char **cause)
{
	const struct migration *m;
	struct sqlscan	 scan;
	struct sqlstmt	 st;
	json_t		*req = json_array();
	char		 uv[64], *buf, *tofree;
	size_t		 i, len;
	unsigned	 lacks;

	*origin = NULL;
	*n = 0;
	request_add(req, json_string(history_ddl), origin, n, NULL, 0);
	for (lacks = plan->hist.lacks; history_add_column(lacks) != NULL;
	    lacks &= lacks - 1)
		request_add(req, json_string(history_add_column(lacks)), origin,
		    n, NULL, 0);
	if (repeatables)
		request_add(req, json_string(repeat_ddl), origin, n, NULL, 0);
	for (i = 0; i < plan->nsteps; i++) {
		if (request_record(req, plan, &plan->steps[i], baseline,
		    origin, n, cause) != 0) {
			json_decref(req);
			free(*origin);
			return (NULL);
		}
		rows += plan->steps[i].m->kind != NAME_REPEAT &&
		    !plan->steps[i].retry;
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
		while (sqlscan_next(&scan, &st))
			request_add(req, json_stringn(st.text, st.len), origin,
			    n, m, st.line);
		free(tofree);
	}
	snprintf(uv, sizeof uv, "PRAGMA user_version = %d",
	    plan_user_version(plan->target, rows));
	request_add(req, json_string(uv), origin, n, NULL, 0);
	return (req);
}

/*
 * Apply the plan in one request. *raced: another deployer recorded one
 * of these versions first (the request rolled back).
 */
static int
rqlite_apply(const struct config *conf, struct plan *plan, int repeatables,
    int64_t baseline, size_t rows, int *raced, char **cause)
{
	struct origin	*origin;
	json_t		*req, *results, *r, *err;
	const char	*msg;
	size_t		 n, i;
	int		 rc;

	*raced = 0;
	if ((req = rqlite_request(plan, repeatables, baseline, rows, &origin,
	    &n, cause)) == NULL)
		return (EXIT_MIGRATION);
	log_info("%s: %zu statements of %zu migration%s, in one request",
	    conf->database, n, plan->nsteps, plan->nsteps == 1 ? "" : "s");
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
 * Until the node asked has, in its own copy (read with level=none), what
 * the leader had: nothing pending, as the files see it. (Drift is not
 * this wait's: a newer deployer's rows may arrive meanwhile.) A write is
 * committed once most nodes have it; the one asked may apply it a little
 * later, and an application that reads from it must not start before.
 * The cluster must answer /readyz meanwhile: no leader is temporary.
 */
static int
rqlite_caught_up(const struct config *conf, const struct migration_set *set,
    const struct migrate_hooks *hooks, char **cause)
{
	struct plan	 plan;
	char		*url, *body = NULL, *why = NULL;
	size_t		 rows;
	int		 rc, status, count;

	xasprintf(&url, "http://%s/readyz", conf->database +
	    strlen(RQLITE_PREFIX));
	for (count = 0;; count++) {
		memset(&plan, 0, sizeof plan);
		if ((status = httpc_get(url, RQLITE_TIMEOUT, &body, &why)) !=
		    200) {
			if (status == -1)
				xasprintf(cause, "rqlite: %s", why);
			else
				xasprintf(cause, "rqlite at %s: HTTP %d (no "
				    "leader?): %.200s", url, status, body);
			rc = EXIT_TEMPFAIL;
		} else
			rc = rqlite_plan(conf, set, 0, 0, &plan, &rows,
			    cause);
		free(body);
		free(why);
		body = why = NULL;
		if (rc != EXIT_OK || plan.nsteps == 0)
			break;
		if (count == 0)
			log_info("%s: this node's copy is at version %" PRId64
			    " with %zu pending: waiting for it to catch up",
			    conf->database, plan.current, plan.nsteps);
		if (hooks != NULL && hooks->behind != NULL)
			hooks->behind(&plan, hooks->arg);
		plan_free(&plan);
		if (!db_pause(conf->poll_interval)) {
			xasprintf(cause, "stopped by a signal while waiting "
			    "for %s to catch up", conf->database);
			rc = EXIT_INTERRUPTED;
			break;
		}
	}
	plan_free(&plan);
	free(url);
	return (rc);
}

/*
 * A run: look, and if anything is pending, apply it in one request; when
 * another deployer was first, look again (nothing is left to do then, or
 * what is left is applied). Done when the node asked has it too.
 */
static int
rqlite_run(const struct config *conf, const struct migration_set *set,
    int64_t baseline, const struct migrate_hooks *hooks,
    struct migrate_result *res, char **cause)
{
	struct timespec	t0, t1;
	size_t		rows, i;
	int		rc, raced, tries;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (tries = 0; tries < 3; tries++) {
		if ((rc = rqlite_look_rows(conf, set, baseline, res, &rows,
		    cause)) != EXIT_OK)
			return (rc);
		res->raced = tries > 0;
		if (hooks != NULL && hooks->looked != NULL)
			hooks->looked(&res->plan, hooks->arg);
		if (res->plan.ndrift > 0) {
			xasprintf(cause, "history and migration files "
			    "disagree");
			return (EXIT_DRIFT);
		}
		if (res->plan.nsteps == 0)
			break;
		if ((rc = rqlite_apply(conf, &res->plan, set->nrep > 0,
		    baseline, rows, &raced, cause)) != EXIT_OK)
			return (rc);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		res->duration_us = (t1.tv_sec - t0.tv_sec) * 1000000 +
		    (t1.tv_nsec - t0.tv_nsec) / 1000;
		if (!raced) {
			for (i = 0; i < res->plan.nsteps; i++)
				res->plan.steps[i].duration_us = -1;
			break;
		}
		plan_free(&res->plan);
	}
	if (tries == 3) {
		xasprintf(cause, "rqlite: other deployers kept recording "
		    "first");
		return (EXIT_TEMPFAIL);
	}
	return (rqlite_caught_up(conf, set, hooks, cause));
}

const struct backend backend_rqlite = {
	.name = "rqlite",
	.prefix = RQLITE_PREFIX,
	.caps = 0,
	.backup_hint = "where the database is the cluster's (back it up with "
	    "rqlite's own GET /db/backup)",
	.look = rqlite_look,
	.run = rqlite_run
};
