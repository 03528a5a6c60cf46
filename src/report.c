/* SPDX-License-Identifier: MIT */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "errlist.h"
#include "exitcode.h"
#include "json.h"
#include "ledger.h"
#include "migrate.h"
#include "migrations.h"
#include "report.h"
#include "role.h"

/*
 * Output of `schemad plan`, `migrate` and `history`: the result on stdout, as
 * text or as one JSON object (--json); errors go to the log as well. The
 * "status" word of the JSON output matches the exit code.
 */

static json_t	*json_head(const struct report *, int);
static json_t	*json_steps(const struct plan_step *, size_t, int);
static json_t	*json_drift(const struct plan *);
static void	text_step(FILE *, const char *, const struct plan_step *);
static void	text_drift(FILE *, const struct plan *);
static void	text_head(const struct report *, const struct migrate_result *);

/* Error messages as an array of strings. */
static json_t *
json_errors(const struct errlist *errors)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < errors->n; i++)
		json_array_append_new(a, jout_text(errors->msgs[i]));
	return (a);
}

/* The status word for an exit code. */
const char *
report_status(int rc)
{
	switch (rc) {
	case EXIT_OK:
		return ("ok");
	case EXIT_MIGRATION:
		return ("failed");
	case EXIT_USAGE:
		return ("usage");
	case EXIT_PENDING:
		return ("pending");
	case EXIT_DRIFT:
		return ("drift");
	case EXIT_INVALID:
		return ("invalid");
	case EXIT_DATABASE:
		return ("database");
	case EXIT_TEMPFAIL:
		return ("temporary");
	default:
		return ("internal");
	}
}

/* The object every JSON answer starts with. */
static json_t *
json_head(const struct report *rp, int rc)
{
	return (json_pack("{s:s, s:s, s:i, s:o, s:o}", "command", rp->command,
	    "status", report_status(rc), "exit", rc, "database",
	    jout_text(rp->database), "migrations", jout_text(rp->migrations)));
}

/* Steps as an array of objects; timed: with their durations. */
static json_t *
json_steps(const struct plan_step *steps, size_t n, int timed)
{
	json_t	*a = json_array(), *o;
	char	 buf[128];
	size_t	 i;

	for (i = 0; i < n; i++) {
		o = json_pack("{s:I}", "version", (json_int_t)steps[i].m->version);
		if (steps[i].m->label != NULL)
			json_object_set_new(o, "label",
			    jout_text(steps[i].m->label));
		json_object_set_new(o, "file", jout_text(steps[i].m->file));
		if (steps[i].m->kind == NAME_REPEAT)
			json_object_set_new(o, "repeatable", json_true());
		json_object_set_new(o, "action",
		    json_string(plan_action_name(steps[i].action)));
		if (steps[i].missing != 0) {
			caps_format(steps[i].missing, buf, sizeof buf);
			json_object_set_new(o, "missing", json_string(buf));
		}
		if (timed)
			json_object_set_new(o, "duration_ms",
			    steps[i].duration_us < 0 ? json_null() :
			    jout_ms(steps[i].duration_us));
		json_array_append_new(a, o);
	}
	return (a);
}

static json_t *
json_drift(const struct plan *plan)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < plan->ndrift; i++)
		json_array_append_new(a, json_pack("{s:I, s:s, s:o}",
		    "version", (json_int_t)plan->drift[i].version, "kind",
		    plan_drift_name(plan->drift[i].kind), "detail",
		    jout_text(plan->drift[i].detail)));
	return (a);
}

static void
text_step(FILE *fp, const char *word, const struct plan_step *step)
{
	char	buf[128];

	fprintf(fp, "  %-9s %s", word, step->m->file);
	if (step->missing != 0) {
		caps_format(step->missing, buf, sizeof buf);
		fprintf(fp, " (requires %s, missing here)", buf);
	} else if (step->retry)
		fprintf(fp, " (skipped before, its requirements are met now)");
	fputc('\n', fp);
}

static void
text_drift(FILE *fp, const struct plan *plan)
{
	size_t	i;

	for (i = 0; i < plan->ndrift; i++)
		fprintf(fp, "  %-9s %s\n", "drift", plan->drift[i].detail);
}

/* The first line of text output: the database and its version. */
static void
text_head(const struct report *rp, const struct migrate_result *res)
{
	if (res->absent)
		fprintf(rp->fp, "%s: does not exist yet\n", rp->database);
	else
		fprintf(rp->fp, "%s: at version %" PRId64 "\n", rp->database,
		    res->plan.current);
}

/*
 * Tables, and no history: if these migrations made them, the database is
 * adopted with --baseline; say so.
 */
const char *
report_untracked(const struct plan *plan, char *buf, size_t size)
{
	snprintf(buf, size, "the database has %d table%s but no history: if "
	    "these migrations made them, adopt it with --baseline N (the "
	    "newest version it has)", plan->untracked,
	    plan->untracked == 1 ? "" : "s");
	return (buf);
}

/* The node's role, and how far its database is ahead of the files. */
static void
json_role(json_t *o, const struct migrate_result *res)
{
	json_object_set_new(o, "role", json_string(res->role.role ==
	    ROLE_FOLLOWER ? "follower" : "primary"));
	json_object_set_new(o, "ahead", json_integer((json_int_t)
	    res->plan.ahead));
}

/* A follower's line, and how far its database is ahead of the files. */
static void
text_role(const struct report *rp, const struct migrate_result *res)
{
	const char	*primary = res->role.primary;

	if (res->role.role == ROLE_FOLLOWER) {
		fprintf(rp->fp, "  %-9s follower%s%s%s: nothing is written here; "
		    "the primary applies what is pending\n", "role",
		    *primary != '\0' ? " (a LiteFS replica of " : "",
		    primary, *primary != '\0' ? ")" : "");
	}
	if (res->plan.ahead > 0)
		fprintf(rp->fp, "  %-9s %zu version%s newer than these files, "
		    "which the primary applied (a newer deploy's)\n", "ahead",
		    res->plan.ahead, res->plan.ahead == 1 ? "" : "s");
}

/* Tables and no history: how to adopt the database, when it may be. */
static void
text_hint(FILE *fp, const struct plan *plan)
{
	char	buf[512];

	if (plan->untracked > 0 && plan->nsteps > 0 && plan->ndrift == 0)
		fprintf(fp, "  %-9s %s\n", "hint", report_untracked(plan, buf,
		    sizeof buf));
}

/* The result of `schemad plan`. */
void
report_plan(const struct report *rp, const struct migration_set *set,
    const struct migrate_result *res, int rc)
{
	const struct plan	*plan = &res->plan;
	const char		*layout;
	char			 buf[512];
	json_t			*o;
	size_t			 i;

	layout = migrations_layout(set, buf, sizeof buf);
	if (rp->json) {
		o = json_head(rp, rc);
		json_object_set_new(o, "exists", json_boolean(!res->absent));
		json_object_set_new(o, "version", json_integer(plan->current));
		json_object_set_new(o, "target", json_integer(plan->target));
		json_object_set_new(o, "layout",
		    json_string(layout_name(set->layout)));
		json_object_set_new(o, "down_ignored",
		    json_integer((json_int_t)set->ndown));
		json_object_set_new(o, "pending", json_steps(plan->steps,
		    plan->nsteps, 0));
		json_object_set_new(o, "skipped", json_steps(plan->waiting,
		    plan->nwaiting, 0));
		json_object_set_new(o, "drift", json_drift(plan));
		json_role(o, res);
		if (set->unwritten.n > 0)
			json_object_set_new(o, "errors",
			    json_errors(&set->unwritten));
		jout_print(rp->fp, o);
		return;
	}
	text_head(rp, res);
	if (layout != NULL)
		fprintf(rp->fp, "  %-9s %s\n", "layout", layout);
	text_role(rp, res);
	for (i = 0; i < plan->nsteps; i++)
		text_step(rp->fp, plan->steps[i].action != PLAN_APPLY ?
		    plan_action_name(plan->steps[i].action) :
		    plan->steps[i].m->kind == NAME_REPEAT ? "repeat" :
		    "pending", &plan->steps[i]);
	for (i = 0; i < plan->nwaiting; i++)
		text_step(rp->fp, "skipped", &plan->waiting[i]);
	text_drift(rp->fp, plan);
	text_hint(rp->fp, plan);
	if (plan->ndrift > 0)
		fprintf(rp->fp, "%zu problem%s: migrate will refuse to run\n",
		    plan->ndrift, plan->ndrift == 1 ? "" : "s");
	else if (plan->nsteps > 0 && plan->target == plan->current)
		fprintf(rp->fp, "%zu pending: the version stays %" PRId64 "\n",
		    plan->nsteps, plan->current);
	else if (plan->nsteps > 0)
		fprintf(rp->fp, "%zu pending: version %" PRId64 " -> %"
		    PRId64 "\n",
		    plan->nsteps, plan->current, plan->target);
	else
		fprintf(rp->fp, "up to date\n");
}

/* The result of `schemad migrate`; on failure, error says why. */
void
report_migrate(const struct report *rp, const struct migrate_result *res,
    int rc, const char *error)
{
	const struct plan	*plan = &res->plan;
	static const char *const words[] = { "applied", "skipped",
	    "baseline", "adopted" };
	json_t			*o;
	size_t			 i;
	int			 done = rc == EXIT_OK;

	if (rp->json) {
		o = json_head(rp, rc);
		json_object_set_new(o, "from", json_integer(plan->current));
		json_object_set_new(o, "to", json_integer(done &&
		    plan->nsteps > 0 ? plan->target : plan->current));
		json_object_set_new(o, "raced", json_boolean(res->raced));
		json_object_set_new(o, "duration_ms",
		    jout_ms(res->duration_us));
		json_object_set_new(o, done ? "done" : "planned",
		    json_steps(plan->steps, plan->nsteps, done));
		json_object_set_new(o, "drift", json_drift(plan));
		json_object_set_new(o, "backup", jout_text(res->backup));
		json_role(o, res);
		json_object_set_new(o, "wal_bytes", res->wal_bytes >= 0 ?
		    json_integer(res->wal_bytes) : json_null());
		json_object_set_new(o, "error", jout_text(error));
		jout_print(rp->fp, o);
		return;
	}
	if (!done)
		return;
	for (i = 0; i < plan->nsteps; i++) {
		fprintf(rp->fp, "  %-9s %s", words[plan->steps[i].action],
		    plan->steps[i].m->file);
		if (plan->steps[i].duration_us >= 0)
			fprintf(rp->fp, " (%.1f ms)", plan->steps[i].duration_us /
			    1000.0);
		fputc('\n', rp->fp);
	}
	text_role(rp, res);
	if (res->backup != NULL)
		fprintf(rp->fp, "  %-9s %s\n", "backup", res->backup);
	if (migrate_wal_matters(res))
		fprintf(rp->fp, "  %-9s %.2f MB, which a replicator (Litestream, "
		    "LiteFS) ships, and which stays on disk beside the "
		    "database until a checkpoint\n", "wal",
		    res->wal_bytes / 1e6);
	if (plan->nsteps > 0 && plan->target == plan->current) {
		fprintf(rp->fp, "%s: the version stays %" PRId64 ", %zu "
		    "migration%s in "
		    "%.1f ms\n", rp->database, plan->current, plan->nsteps,
		    plan->nsteps == 1 ? "" : "s", res->duration_us / 1000.0);
	} else if (plan->nsteps > 0) {
		fprintf(rp->fp, "%s: version %" PRId64 " -> %" PRId64 ", %zu "
		    "migration%s in "
		    "%.1f ms\n", rp->database, plan->current, plan->target,
		    plan->nsteps, plan->nsteps == 1 ? "" : "s",
		    res->duration_us / 1000.0);
	} else {
		fprintf(rp->fp, "%s: up to date at version %" PRId64 "%s\n",
		    rp->database, plan->current, res->role.role == ROLE_FOLLOWER ?
		    " (migrated by the primary)" : res->raced ?
		    " (migrated by another process meanwhile)" : "");
	}
}

/* A failure before there was a plan: bad directory, bad database. */
void
report_errors(const struct report *rp, int rc, const struct errlist *errors)
{
	json_t	*o;

	if (!rp->json)
		return;
	o = json_head(rp, rc);
	json_object_set_new(o, "errors", json_errors(errors));
	jout_print(rp->fp, o);
}

/* A history row's duration, as a person reads it. */
static const char *
text_duration(int64_t us, char *buf, size_t size)
{
	if (us < 1000000)
		snprintf(buf, size, "%.1f ms", us / 1000.0);
	else
		snprintf(buf, size, "%.2f s", us / 1e6);
	return (buf);
}

/* w, or s's length if wider, up to most. */
static size_t
widest(size_t w, const char *s, size_t most)
{
	size_t	n = strlen(s);

	return (n > w ? (n < most ? n : most) : w);
}

/* A ledger entry's version: Flyway's, the number, or none (repeatable). */
static const char *
entry_version(const struct ledger_entry *e, char *buf, size_t size)
{
	if (e->repeatable)
		return ("");
	if (ledger_label(e) != NULL)
		return (ledger_label(e));
	snprintf(buf, size, "%" PRId64, ledger_version(e));
	return (buf);
}

static json_t *
json_ledger(const struct ledger *ledger)
{
	const struct ledger_entry	*e;
	json_t				*a = json_array(), *o;
	size_t				 i;

	for (i = 0; i < ledger->n; i++) {
		e = &ledger->v[i];
		o = json_object();
		json_object_set_new(o, "version", e->repeatable ? json_null() :
		    json_integer(ledger_version(e)));
		if (ledger_label(e) != NULL)
			json_object_set_new(o, "label",
			    jout_text(ledger_label(e)));
		json_object_set_new(o, "file", e->m != NULL ?
		    jout_text(e->m->file) : json_null());
		json_object_set_new(o, "name", jout_text(ledger_name(e)));
		json_object_set_new(o, "repeatable",
		    json_boolean(e->repeatable));
		json_object_set_new(o, "state",
		    json_string(ledger_state_name(e->state)));
		json_object_set_new(o, "applied_at", e->h != NULL ?
		    jout_text(e->h->applied_at) : json_null());
		json_object_set_new(o, "duration_ms", e->h != NULL ?
		    jout_ms(e->h->duration_us) : json_null());
		json_object_set_new(o, "checksum", e->h != NULL ?
		    jout_text(e->h->checksum) : json_null());
		json_object_set_new(o, "file_checksum", e->m != NULL ?
		    json_string(e->m->checksum) : json_null());
		json_object_set_new(o, "note", jout_text(e->note));
		if (e->acc != NULL)
			json_object_set_new(o, "accepted", json_pack("{s:o, "
			    "s:o, s:I, s:o, s:o, s:b}", "what",
			    jout_text(e->acc->what), "accepted_at",
			    jout_text(e->acc->accepted_at), "uid",
			    (json_int_t)e->acc->uid, "user",
			    jout_text(e->acc->user), "reason",
			    jout_text(e->acc->reason), "forced",
			    e->acc->forced));
		json_array_append_new(a, o);
	}
	return (a);
}

/* Every migration as a table, a note under the entry it is about. */
static void
text_ledger(FILE *fp, const struct ledger *ledger)
{
	const struct ledger_entry	*e;
	char				 ver[32], file[1024], took[32];
	size_t				 i, wv = 7, wf = 4, ws = 5;

	/* Columns as wide as their widest, a file name at most 48. */
	for (i = 0; i < ledger->n; i++) {
		e = &ledger->v[i];
		wv = widest(wv, entry_version(e, ver, sizeof ver), 32);
		wf = widest(wf, ledger_file(e, file, sizeof file), 48);
		ws = widest(ws, ledger_state_name(e->state), 32);
	}
	fprintf(fp, "  %-*s  %-*s  %-*s  %-24s  %s\n", (int)wv, "VERSION",
	    (int)wf, "FILE", (int)ws, "STATE", "APPLIED AT (UTC)", "DURATION");
	for (i = 0; i < ledger->n; i++) {
		e = &ledger->v[i];
		fprintf(fp, "  %-*s  %-*s  %-*s", (int)wv, entry_version(e, ver,
		    sizeof ver), (int)wf, ledger_file(e, file, sizeof file),
		    e->h != NULL ? (int)ws : 0, ledger_state_name(e->state));
		if (e->h != NULL)
			fprintf(fp, "  %-24s  %s", e->h->applied_at,
			    text_duration(e->h->duration_us, took,
			    sizeof took));
		fputc('\n', fp);
		if (e->note != NULL)
			fprintf(fp, "  %*s  %s\n", (int)wv, "", e->note);
	}
}

/* The result of `schemad history`: every migration and its state. */
void
report_history(const struct report *rp, const struct migration_set *set,
    const struct migrate_result *res, int rc)
{
	const struct plan	*plan = &res->plan;
	struct ledger		 ledger;
	const char		*layout, *sep = "";
	char			 buf[512];
	json_t			*o;
	size_t			 i;

	ledger_make(set, plan, &ledger);
	layout = migrations_layout(set, buf, sizeof buf);
	if (rp->json) {
		o = json_head(rp, rc);
		json_object_set_new(o, "exists", json_boolean(!res->absent));
		json_object_set_new(o, "version", json_integer(plan->current));
		json_object_set_new(o, "layout",
		    json_string(layout_name(set->layout)));
		json_object_set_new(o, "history", json_ledger(&ledger));
		json_object_set_new(o, "drift", json_drift(plan));
		json_role(o, res);
		if (set->unwritten.n > 0)
			json_object_set_new(o, "errors",
			    json_errors(&set->unwritten));
		jout_print(rp->fp, o);
		ledger_free(&ledger);
		return;
	}
	text_head(rp, res);
	if (layout != NULL)
		fprintf(rp->fp, "  %-9s %s\n", "layout", layout);
	text_role(rp, res);
	for (i = 0; i < plan->ndrift; i++) {
		if (plan->drift[i].kind == DRIFT_UNTRACKED ||
		    plan->drift[i].kind == DRIFT_VERSION)
			fprintf(rp->fp, "  %-9s %s\n", "drift",
			    plan->drift[i].detail);
	}
	text_hint(rp->fp, plan);
	if (ledger.n > 0)
		text_ledger(rp->fp, &ledger);
	else
		fprintf(rp->fp, "  no migrations\n");
	for (i = 0; i < LEDGER_NSTATES; i++) {
		if (ledger.count[i] == 0)
			continue;
		fprintf(rp->fp, "%s%zu %s", sep, ledger.count[i],
		    ledger_state_name(i));
		sep = ", ";
	}
	if (plan->ndrift > 0)
		fprintf(rp->fp, "%s%zu problem%s: migrate will refuse to run",
		    sep, plan->ndrift, plan->ndrift == 1 ? "" : "s");
	if (*sep != '\0' || plan->ndrift > 0)
		fputc('\n', rp->fp);
	ledger_free(&ledger);
}
