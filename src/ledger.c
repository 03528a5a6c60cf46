/* SPDX-License-Identifier: MIT */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "history.h"
#include "ledger.h"
#include "migrations.h"
#include "plan.h"
#include "xmalloc.h"

/*
 * What `schemad history` shows: every migration, its file and its history
 * row side by side, each in one state. It is read off a plan (plan.c),
 * which matched each file to its row, worked out what is pending and found
 * the drift, and kept the history it was made from; so history and plan
 * never disagree. Pure: no database, no output.
 *
 * The versions come in the order they run, a row whose file is gone
 * among them by its version, and one that `schemad accept --forget` took
 * out, from the accepted table; then the repeatable migrations, by name.
 * What accept recorded of an entry is said in its note.
 */

static const char *const state_names[LEDGER_NSTATES] = {
	"applied", "pending", "adopted", "baselined", "skipped", "repeatable",
	"changed", "renamed", "missing", "out-of-order", "forgotten"
};

static struct ledger_entry *ledger_add(struct ledger *,
		    const struct migration *, const struct history_row *,
		    enum ledger_state);
static char	*drift_note(const struct plan *, enum drift_kind, int64_t);
static void	row_state(struct ledger_entry *, const struct plan *,
		    const struct plan_step *);
static void	file_state(struct ledger_entry *, const struct plan *,
		    const struct plan_step *);
static void	repeat_entries(struct ledger *, const struct migration_set *,
		    const struct plan *, const struct plan_step **);

const char *
ledger_state_name(enum ledger_state state)
{
	return (state_names[state]);
}

static struct ledger_entry *
ledger_add(struct ledger *ledger, const struct migration *m,
    const struct history_row *h, enum ledger_state state)
{
	struct ledger_entry	*e;

	ledger->v = xreallocarray(ledger->v, ledger->n + 1, sizeof *ledger->v);
	e = &ledger->v[ledger->n++];
	memset(e, 0, sizeof *e);
	e->m = m;
	e->h = h;
	e->state = state;
	return (e);
}

/* The plan's sentence for the drift of this kind at version, or NULL. */
static char *
drift_note(const struct plan *plan, enum drift_kind kind, int64_t version)
{
	size_t	i;

	for (i = 0; i < plan->ndrift; i++) {
		if (plan->drift[i].kind == kind &&
		    plan->drift[i].version == version)
			return (xstrdup(plan->drift[i].detail));
	}
	return (NULL);
}

/* A file with its row; step is its step in the plan, or NULL. */
static void
row_state(struct ledger_entry *e, const struct plan *plan,
    const struct plan_step *step)
{
	const struct history_row	*h = e->h;
	const struct migration		*m = e->m;

	if (h->checksum != NULL && strcmp(h->checksum, m->checksum) != 0) {
		e->state = LEDGER_CHANGED;
		e->note = drift_note(plan, DRIFT_CHANGED, m->version);
	} else if (strcmp(h->name, m->name) != 0) {
		e->state = LEDGER_RENAMED;
		e->note = drift_note(plan, DRIFT_RENAMED, m->version);
	} else if (h->status == HISTORY_SKIPPED) {
		e->state = LEDGER_SKIPPED;
		if (step != NULL && step->action == PLAN_APPLY)
			xasprintf(&e->note, "%s; its requirements are met "
			    "now: the next run applies it", h->detail != NULL ?
			    h->detail : "skipped");
		else if (h->detail != NULL)
			e->note = xstrdup(h->detail);
	} else if (h->status == HISTORY_BASELINE) {
		e->state = h->detail != NULL && strncmp(h->detail,
		    "adopted ", 8) == 0 ? LEDGER_ADOPTED : LEDGER_BASELINED;
		if (e->state == LEDGER_BASELINED)
			xasprintf(&e->note, "recorded as applied, not run "
			    "(%s)", h->detail != NULL ? h->detail :
			    "--baseline");
		else
			e->note = xstrdup(h->detail);
	}
}

/* A file with no row: pending, or new but out of order (drift). */
static void
file_state(struct ledger_entry *e, const struct plan *plan,
    const struct plan_step *step)
{
	char	buf[128];

	e->state = LEDGER_PENDING;
	if (step == NULL) {
		e->state = LEDGER_OUT_OF_ORDER;
		e->note = drift_note(plan, DRIFT_OUT_OF_ORDER, e->m->version);
		return;
	}
	switch (step->action) {
	case PLAN_APPLY:
		break;
	case PLAN_SKIP:
		caps_format(step->missing, buf, sizeof buf);
		xasprintf(&e->note, "requires %s, missing here: the next run "
		    "records it as skipped", buf);
		break;
	case PLAN_BASELINE:
		e->note = xstrdup("at or below --baseline: the next run "
		    "records it as applied without running it");
		break;
	case PLAN_ADOPT:
		xasprintf(&e->note, "%s applied it (%s): the next run records "
		    "it as adopted", plan->adopt_tool, plan->adopt_table);
		break;
	}
}

/* The repeatable migrations, merged by name with their rows. */
static void
repeat_entries(struct ledger *ledger, const struct migration_set *set,
    const struct plan *plan, const struct plan_step **step_of)
{
	const struct history		*hist = &plan->hist;
	const struct history_row	*h;
	const struct migration		*m;
	const struct plan_step		*step;
	struct ledger_entry		*e;
	size_t				 i = 0, j = 0;
	char				 buf[128];
	int				 c;

	while (i < set->nrep || j < hist->nrep) {
		m = i < set->nrep ? &set->rep[i] : NULL;
		h = j < hist->nrep ? &hist->rep[j] : NULL;
		c = m == NULL ? 1 : h == NULL ? -1 : strcmp(m->name, h->name);
		if (c > 0) {
			e = ledger_add(ledger, NULL, h, LEDGER_MISSING);
			e->note = xstrdup("its file is gone (a repeatable "
			    "migration: not drift)");
			e->repeatable = 1;
			j++;
			continue;
		}
		e = ledger_add(ledger, m, c == 0 ? h : NULL,
		    LEDGER_REPEATABLE);
		e->repeatable = 1;
		step = step_of[m - set->v];
		if (step != NULL && step->action == PLAN_SKIP) {
			e->state = LEDGER_PENDING;
			caps_format(step->missing, buf, sizeof buf);
			xasprintf(&e->note, "requires %s, missing here: not "
			    "run until it is there", buf);
		} else if (step != NULL) {
			e->state = LEDGER_PENDING;
			if (e->h != NULL)
				xasprintf(&e->note, "its text changed since "
				    "it ran at %s: the next run runs it again",
				    h->applied_at);
		}
		i++;
		j += c == 0;
	}
}

/* The last accept of version that left it a row, or NULL. */
static const struct history_accept *
accepted(const struct history *hist, int64_t version)
{
	const struct history_accept	*a = NULL;
	size_t				 i;

	for (i = 0; i < hist->nacc; i++) {
		if (hist->acc[i].version == version &&
		    strcmp(hist->acc[i].what, "forgotten") != 0)
			a = &hist->acc[i];
	}
	return (a);
}

/* What accept recorded, after the note the entry has. */
static void
accept_note(struct ledger_entry *e)
{
	const struct history_accept	*a = e->acc;
	char				*note, who[128];

	if (a->user != NULL)
		snprintf(who, sizeof who, "%s (uid %lld)", a->user,
		    (long long)a->uid);
	else
		snprintf(who, sizeof who, "uid %lld", (long long)a->uid);
	xasprintf(&note, "%s%saccepted as %s at %s by %s%s%s%s", e->note !=
	    NULL ? e->note : "", e->note != NULL ? "; " : "", a->what,
	    a->accepted_at != NULL ? a->accepted_at : "?", who,
	    a->forced ? ", with --force" : "", a->reason != NULL ? ": " : "",
	    a->reason != NULL ? a->reason : "");
	free(e->note);
	e->note = note;
}

/* A row that accept --forget took out. */
static void
forgotten_entry(struct ledger *ledger, const struct history_accept *a)
{
	struct ledger_entry	*e;

	e = ledger_add(ledger, NULL, NULL, LEDGER_FORGOTTEN);
	e->acc = a;
	accept_note(e);
}

void
ledger_make(const struct migration_set *set, const struct plan *plan,
    struct ledger *ledger)
{
	const struct history		*hist = &plan->hist;
	const struct history_row	*h;
	const struct plan_step		**step_of;
	const struct migration		*m;
	struct ledger_entry		*e;
	char				*used;
	size_t				 i, j = 0, k, a = 0;

	memset(ledger, 0, sizeof *ledger);
	step_of = xcalloc(set->n + set->nrep + 1, sizeof *step_of);
	for (k = 0; k < plan->nsteps; k++)
		step_of[plan->steps[k].m - set->v] = &plan->steps[k];
	for (k = 0; k < plan->nwaiting; k++)
		step_of[plan->waiting[k].m - set->v] = &plan->waiting[k];
	used = xcalloc(hist->n + 1, 1);
	for (i = 0; plan->row != NULL && i < set->n; i++) {
		if (plan->row[i] != NULL)
			used[plan->row[i] - hist->v] = 1;
	}

	for (i = 0; i <= set->n; i++) {
		m = i < set->n ? &set->v[i] : NULL;
		/* The rows taken out, below this file's version. */
		for (; a < hist->nacc && (m == NULL ||
		    hist->acc[a].version < m->version); a++) {
			if (strcmp(hist->acc[a].what, "forgotten") == 0)
				forgotten_entry(ledger, &hist->acc[a]);
		}
		/* The rows with no file, below this file's version. */
		for (; j < hist->n && (m == NULL ||
		    hist->v[j].version < m->version); j++) {
			if (used[j])
				continue;
			h = &hist->v[j];
			e = ledger_add(ledger, NULL, h, LEDGER_MISSING);
			e->note = drift_note(plan, DRIFT_MISSING, h->version);
			if (e->note == NULL) {
				/* plan_ahead: a newer deploy's, not drift */
				e->state = LEDGER_APPLIED;
				e->note = xstrdup("a newer deploy's: no file "
				    "here");
			}
		}
		if (m == NULL)
			break;
		h = plan->row != NULL ? plan->row[i] : NULL;
		e = ledger_add(ledger, m, h, LEDGER_APPLIED);
		if (h != NULL)
			row_state(e, plan, step_of[i]);
		else
			file_state(e, plan, step_of[i]);
	}
	repeat_entries(ledger, set, plan, step_of);
	for (i = 0; i < ledger->n; i++) {
		e = &ledger->v[i];
		if (e->h != NULL && !e->repeatable &&
		    (e->acc = accepted(hist, e->h->version)) != NULL)
			accept_note(e);
		ledger->count[e->state]++;
	}
	free(used);
	free(step_of);
}

/* The entry's version: its file's, its row's, or its accept's. */
int64_t
ledger_version(const struct ledger_entry *e)
{
	return (e->m != NULL ? e->m->version : e->h != NULL ? e->h->version :
	    e->acc->version);
}

/* Its Flyway version, or NULL. */
const char *
ledger_label(const struct ledger_entry *e)
{
	return (e->m != NULL ? e->m->label : e->h != NULL ? e->h->label :
	    NULL);
}

/* Its name, as its file has it or it was recorded. */
const char *
ledger_name(const struct ledger_entry *e)
{
	return (e->m != NULL ? e->m->name : e->h != NULL ? e->h->name :
	    e->acc->name);
}

/* The entry's file, or for a row with none, the name it was recorded as. */
char *
ledger_file(const struct ledger_entry *e, char *buf, size_t size)
{
	if (e->m != NULL)
		snprintf(buf, size, "%s", e->m->file);
	else if (e->repeatable)
		snprintf(buf, size, "R__%s.sql", ledger_name(e));
	else if (ledger_label(e) != NULL)
		snprintf(buf, size, "V%s__%s.sql", ledger_label(e),
		    ledger_name(e));
	else
		snprintf(buf, size, "%" PRId64 "_%s.sql", ledger_version(e),
		    ledger_name(e));
	return (buf);
}

void
ledger_free(struct ledger *ledger)
{
	size_t	i;

	for (i = 0; i < ledger->n; i++)
		free(ledger->v[i].note);
	free(ledger->v);
	memset(ledger, 0, sizeof *ledger);
}
