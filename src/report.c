/* SPDX-License-Identifier: MIT */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "errlist.h"
#include "exitcode.h"
#include "json.h"
#include "migrate.h"
#include "migrations.h"
#include "report.h"
#include "role.h"

/*
 * Output of `schemad plan` and `schemad migrate`: the result on stdout, as
 * text or as one JSON object (--json); errors go to the log as well. The
 * "status" word of the JSON output matches the exit code.
 */

static void	json_head(const struct report *, int, int *);
static void	json_steps(FILE *, const char *, const struct plan_step *,
		    size_t, int *, int);
static void	json_drift(FILE *, const struct plan *, int *);
static void	text_step(FILE *, const char *, const struct plan_step *);
static void	text_drift(FILE *, const struct plan *);
static void	text_head(const struct report *, const struct migrate_result *);

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

static void
json_head(const struct report *rp, int rc, int *first)
{
	fputc('{', rp->fp);
	jout_key(rp->fp, first, "command");
	jout_string(rp->fp, rp->command);
	jout_key(rp->fp, first, "status");
	jout_string(rp->fp, report_status(rc));
	jout_key(rp->fp, first, "exit");
	fprintf(rp->fp, "%d", rc);
	jout_key(rp->fp, first, "database");
	jout_string(rp->fp, rp->database);
	jout_key(rp->fp, first, "migrations");
	jout_string(rp->fp, rp->migrations);
}

static void
json_steps(FILE *fp, const char *key, const struct plan_step *steps,
    size_t n, int *first, int timed)
{
	char	buf[128];
	size_t	i;
	int	f;

	jout_key(fp, first, key);
	fputc('[', fp);
	for (i = 0; i < n; i++) {
		f = 1;
		fputs(i == 0 ? "{" : ",{", fp);
		jout_key(fp, &f, "version");
		fprintf(fp, "%" PRId64, steps[i].m->version);
		if (steps[i].m->label != NULL) {
			jout_key(fp, &f, "label");
			jout_string(fp, steps[i].m->label);
		}
		jout_key(fp, &f, "file");
		jout_string(fp, steps[i].m->file);
		if (steps[i].m->kind == NAME_REPEAT) {
			jout_key(fp, &f, "repeatable");
			fputs("true", fp);
		}
		jout_key(fp, &f, "action");
		jout_string(fp, plan_action_name(steps[i].action));
		if (steps[i].missing != 0) {
			caps_format(steps[i].missing, buf, sizeof buf);
			jout_key(fp, &f, "missing");
			jout_string(fp, buf);
		}
		if (timed) {
			jout_key(fp, &f, "duration_ms");
			if (steps[i].duration_us < 0)
				fputs("null", fp);
			else
				fprintf(fp, "%.3f", steps[i].duration_us /
				    1000.0);
		}
		fputc('}', fp);
	}
	fputc(']', fp);
}

static void
json_drift(FILE *fp, const struct plan *plan, int *first)
{
	size_t	i;
	int	f;

	jout_key(fp, first, "drift");
	fputc('[', fp);
	for (i = 0; i < plan->ndrift; i++) {
		f = 1;
		fputs(i == 0 ? "{" : ",{", fp);
		jout_key(fp, &f, "version");
		fprintf(fp, "%" PRId64, plan->drift[i].version);
		jout_key(fp, &f, "kind");
		jout_string(fp, plan_drift_name(plan->drift[i].kind));
		jout_key(fp, &f, "detail");
		jout_string(fp, plan->drift[i].detail);
		fputc('}', fp);
	}
	fputc(']', fp);
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
json_role(FILE *fp, const struct migrate_result *res, int *first)
{
	jout_key(fp, first, "role");
	jout_string(fp, res->role.role == ROLE_FOLLOWER ? "follower" :
	    "primary");
	jout_key(fp, first, "ahead");
	fprintf(fp, "%zu", res->plan.ahead);
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

/* The result of `schemad plan`. */
void
report_plan(const struct report *rp, const struct migration_set *set,
    const struct migrate_result *res, int rc)
{
	const struct plan	*plan = &res->plan;
	const char		*layout;
	char			 buf[256];
	size_t			 i;
	int			 first = 1;

	layout = migrations_layout(set, buf, sizeof buf);
	if (rp->json) {
		json_head(rp, rc, &first);
		jout_key(rp->fp, &first, "exists");
		fputs(res->absent ? "false" : "true", rp->fp);
		jout_key(rp->fp, &first, "version");
		fprintf(rp->fp, "%" PRId64, plan->current);
		jout_key(rp->fp, &first, "target");
		fprintf(rp->fp, "%" PRId64, plan->target);
		jout_key(rp->fp, &first, "layout");
		jout_string(rp->fp, layout_name(set->layout));
		jout_key(rp->fp, &first, "down_ignored");
		fprintf(rp->fp, "%zu", set->ndown);
		json_steps(rp->fp, "pending", plan->steps, plan->nsteps,
		    &first, 0);
		json_steps(rp->fp, "skipped", plan->waiting, plan->nwaiting,
		    &first, 0);
		json_drift(rp->fp, plan, &first);
		json_role(rp->fp, res, &first);
		fputs("}\n", rp->fp);
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
	if (plan->untracked > 0 && plan->nsteps > 0 && plan->ndrift == 0)
		fprintf(rp->fp, "  %-9s %s\n", "hint", report_untracked(plan,
		    buf, sizeof buf));
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
	size_t			 i;
	int			 first = 1, done = rc == EXIT_OK;

	if (rp->json) {
		json_head(rp, rc, &first);
		jout_key(rp->fp, &first, "from");
		fprintf(rp->fp, "%" PRId64, plan->current);
		jout_key(rp->fp, &first, "to");
		fprintf(rp->fp, "%" PRId64, done && plan->nsteps > 0 ?
		    plan->target : plan->current);
		jout_key(rp->fp, &first, "raced");
		fputs(res->raced ? "true" : "false", rp->fp);
		jout_key(rp->fp, &first, "duration_ms");
		fprintf(rp->fp, "%.3f", res->duration_us / 1000.0);
		json_steps(rp->fp, done ? "done" : "planned", plan->steps,
		    plan->nsteps, &first, done);
		json_drift(rp->fp, plan, &first);
		jout_key(rp->fp, &first, "backup");
		jout_string(rp->fp, res->backup);
		json_role(rp->fp, res, &first);
		jout_key(rp->fp, &first, "wal_bytes");
		if (res->wal_bytes >= 0)
			fprintf(rp->fp, "%" PRId64, res->wal_bytes);
		else
			fputs("null", rp->fp);
		jout_key(rp->fp, &first, "error");
		jout_string(rp->fp, error);
		fputs("}\n", rp->fp);
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
	if (res->wal_bytes > 0)
		fprintf(rp->fp, "  %-9s %.1f MB, which a replicator (Litestream, "
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
	size_t	i;
	int	first = 1;

	if (!rp->json)
		return;
	json_head(rp, rc, &first);
	jout_key(rp->fp, &first, "errors");
	fputc('[', rp->fp);
	for (i = 0; i < errors->n; i++) {
		if (i > 0)
			fputc(',', rp->fp);
		jout_string(rp->fp, errors->msgs[i]);
	}
	fputs("]}\n", rp->fp);
}
