/* SPDX-License-Identifier: MIT */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adopt.h"
#include "tools/flyway.h"
#include "history.h"
#include "migrations.h"
#include "plan.h"
#include "xmalloc.h"

/*
 * The plan: the migration files and the database's history, walked side by
 * side in version order, give the work still to do, in the order the files
 * run (their layout's), and every disagreement (drift). Pure: no database, no files, no output; the same function plans
 * before the lock and again inside it.
 *
 *	file only	pending (APPLY, or SKIP when a capability is missing),
 *			BASELINE at or below --baseline, or OUT_OF_ORDER when
 *			it runs before a file that was applied
 *	both		CHANGED or RENAMED when they differ; a version recorded
 *			as skipped is pending again once its capabilities are
 *			there
 *	history only	MISSING
 *
 * A version is any whole number from 0 to 2^63 - 1 (a sequence, or a
 * timestamp such as 20240105123000). PRAGMA user_version has 31 bits: it
 * holds the newest version when that fits, and otherwise the number of
 * rows in the history (plan_user_version), so that it still changes with
 * every run that records something. The version schemad shows is the
 * history's newest.
 *
 * In a Flyway directory, files and history rows are matched by Flyway's
 * version (the label), and version is the migration's place in that
 * order: a new file whose version is below the newest applied one is out
 * of order, whatever its place.
 *
 * Repeatable migrations come last, by name: pending when the history of
 * repeatables has no row of that name, or another checksum.
 */

static void	plan_add_step(struct plan_step **, size_t *,
		    const struct migration *, enum plan_action, unsigned);
static void	plan_add_drift(struct plan *, enum drift_kind, int64_t,
		    const char *, ...) __attribute__((__format__ (printf, 4, 5)));
static int	plan_cmp(const struct migration *,
		    const struct history_row *);
static int	key_cmp(const void *, const void *);
static void	plan_file(struct plan *, const struct migration_set *,
		    const struct migration *, const struct migration *,
		    int64_t, const struct adopted *, unsigned);
static void	plan_repeat(struct plan *, const struct migration_set *,
		    const struct history *, const struct adopted *, unsigned);
static void	plan_adopt(struct plan *, const struct migration **, size_t,
		    const struct adopted *, int);
static void	plan_both(struct plan *, const struct migration *,
		    const struct history_row *, unsigned);

const char *
plan_action_name(enum plan_action action)
{
	static const char *const names[] = { "apply", "skip", "baseline",
	    "adopt" };

	return (names[action]);
}

const char *
plan_drift_name(enum drift_kind kind)
{
	static const char *const names[] = { "changed", "renamed", "missing",
	    "out-of-order", "untracked", "version" };

	return (names[kind]);
}

static void
plan_add_step(struct plan_step **v, size_t *n, const struct migration *m,
    enum plan_action action, unsigned missing)
{
	struct plan_step	*step;

	*v = xreallocarray(*v, *n + 1, sizeof **v);
	step = &(*v)[(*n)++];
	memset(step, 0, sizeof *step);
	step->m = m;
	step->action = action;
	step->missing = missing;
}

static void
plan_add_drift(struct plan *plan, enum drift_kind kind, int64_t version,
    const char *fmt, ...)
{
	struct drift	*d;
	va_list		 ap;

	plan->drift = xreallocarray(plan->drift, plan->ndrift + 1,
	    sizeof *plan->drift);
	d = &plan->drift[plan->ndrift++];
	d->kind = kind;
	d->version = version;
	va_start(ap, fmt);
	if (vasprintf(&d->detail, fmt, ap) == -1)
		d->detail = xstrdup(plan_drift_name(kind));
	va_end(ap);
}

/* The order of history rows, for files (qsort's, of pointers). */
static int
key_cmp(const void *a, const void *b)
{
	return (migrations_version_cmp(*(const struct migration *const *)a,
	    *(const struct migration *const *)b));
}

/* Which of a file and a history row comes first: <0, 0 (the same), >0. */
static int
plan_cmp(const struct migration *m, const struct history_row *h)
{
	if (m->label != NULL && h->label != NULL)
		return (flyway_version_cmp(m->label, h->label));
	return (m->version < h->version ? -1 : m->version > h->version);
}

/*
 * A file with no history row; last is the applied file that runs last (in
 * the set's order), or NULL: a new file before it is out of order.
 */
static void
plan_file(struct plan *plan, const struct migration_set *set,
    const struct migration *m, const struct migration *last,
    int64_t baseline, const struct adopted *adopted, unsigned caps)
{
	unsigned	missing = m->requires & ~caps;

	if (baseline > 0 && m->version <= baseline)
		plan_add_step(&plan->steps, &plan->nsteps, m, PLAN_BASELINE, 0);
	else if (adopted != NULL && adopt_has(adopted, m->version))
		plan_add_step(&plan->steps, &plan->nsteps, m, PLAN_ADOPT, 0);
	else if (last != NULL && m < last) {
		if (m->label != NULL && last->label != NULL)
			plan_add_drift(plan, DRIFT_OUT_OF_ORDER, m->version,
			    "%s is new but its version, %s, is below %s, the "
			    "newest applied", m->file, m->label, last->label);
		else if (set->layout == NULL || set->layout->order == NULL)
			plan_add_drift(plan, DRIFT_OUT_OF_ORDER, m->version,
			    "%s is new but numbered below %" PRId64 ", the "
			    "newest applied version", m->file, last->version);
		else
			plan_add_drift(plan, DRIFT_OUT_OF_ORDER, m->version,
			    "%s is new but %s runs it before %s, which is "
			    "applied", m->file, set->layout->title,
			    last->file);
	} else if (missing != 0)
		plan_add_step(&plan->steps, &plan->nsteps, m, PLAN_SKIP,
		    missing);
	else
		plan_add_step(&plan->steps, &plan->nsteps, m, PLAN_APPLY, 0);
}

/* A file and its history row. */
static void
plan_both(struct plan *plan, const struct migration *m,
    const struct history_row *h, unsigned caps)
{
	unsigned	missing = m->requires & ~caps;

	if (h->checksum != NULL && strcmp(h->checksum, m->checksum) != 0) {
		plan_add_drift(plan, DRIFT_CHANGED, m->version,
		    "%s changed after it was %s at %s (if that was meant: "
		    "schemad accept %s)", m->file,
		    history_status_name(h->status), h->applied_at, m->file);
	} else if (strcmp(h->name, m->name) != 0 && h->label != NULL) {
		plan_add_drift(plan, DRIFT_RENAMED, m->version,
		    "%s was %s as V%s__%s (if that was meant: schemad accept "
		    "%s)", m->file, history_status_name(h->status), h->label,
		    h->name, m->file);
	} else if (strcmp(h->name, m->name) != 0) {
		plan_add_drift(plan, DRIFT_RENAMED, m->version,
		    "%s was %s as %" PRId64 "_%s (if that was meant: schemad "
		    "accept %s)", m->file, history_status_name(h->status),
		    h->version, h->name, m->file);
	} else if (h->status == HISTORY_SKIPPED) {
		if (missing != 0)
			plan_add_step(&plan->waiting, &plan->nwaiting, m,
			    PLAN_SKIP, missing);
		else {
			plan_add_step(&plan->steps, &plan->nsteps, m,
			    PLAN_APPLY, 0);
			plan->steps[plan->nsteps - 1].retry = 1;
		}
	}
}

/*
 * Another tool's history, on a database with none of schemad's: adopted
 * only when asked to (adopt), and only when the tool's last run ended
 * well; what the tool applied and has no file, or whose file it kept
 * another checksum of, is drift.
 */
static void
plan_adopt(struct plan *plan, const struct migration **by_key, size_t n,
    const struct adopted *a, int adopt)
{
	size_t	i, j = 0;

	plan->adopt_tool = a->tool;
	plan->adopt_table = a->table;
	if (!adopt) {
		plan_add_drift(plan, DRIFT_UNTRACKED, 0, "the database has "
		    "%s's history (%s: %zu applied) and none of schemad's; "
		    "adopt it with --adopt yes", a->tool, a->table, a->n);
		return;
	}
	if (a->refusal != NULL) {
		plan_add_drift(plan, DRIFT_UNTRACKED, 0, "%s", a->refusal);
		return;
	}
	for (i = 0; i < a->nchanged; i++)
		plan_add_drift(plan, DRIFT_CHANGED, 0, "%s", a->changed[i]);
	for (i = 0; i < a->n; i++) {
		while (j < n && by_key[j]->version < a->v[i])
			j++;
		if (j == n || by_key[j]->version != a->v[i])
			plan_add_drift(plan, DRIFT_MISSING, a->v[i], "version %"
			    PRId64 " was applied by %s (%s) but has no file",
			    a->v[i], a->tool, a->table);
	}
}

/*
 * The repeatable migrations whose text is new or changed; adopted where
 * the other tool ran this very text last.
 */
static void
plan_repeat(struct plan *plan, const struct migration_set *set,
    const struct history *hist, const struct adopted *adopted, unsigned caps)
{
	const struct migration	*m;
	size_t			 i, j = 0;
	int			 c;

	for (i = 0; i < set->nrep; i++) {
		m = &set->rep[i];
		c = 1;
		while (j < hist->nrep &&
		    (c = strcmp(hist->rep[j].name, m->name)) < 0)
			j++;
		if (j < hist->nrep && c == 0 &&
		    strcmp(hist->rep[j].checksum, m->checksum) == 0)
			continue;
		if ((m->requires & ~caps) != 0)
			plan_add_step(&plan->waiting, &plan->nwaiting, m,
			    PLAN_SKIP, m->requires & ~caps);
		else if (hist->nrep == 0 && adopted != NULL &&
		    adopt_repeatable(adopted, m))
			plan_add_step(&plan->steps, &plan->nsteps, m,
			    PLAN_ADOPT, 0);
		else
			plan_add_step(&plan->steps, &plan->nsteps, m,
			    PLAN_APPLY, 0);
	}
}

/*
 * Work out what a run would do. Returns -1 with a cause only for a
 * --baseline that cannot be used; drift is part of the plan.
 */
int
plan_make(const struct migration_set *set, const struct history *hist,
    const struct adopted *adopted, int adopt, unsigned caps,
    int64_t baseline, struct plan *plan, char **cause)
{
	const struct migration		*m, **by_key, *last = NULL;
	const struct history_row	*h, **row;
	const struct adopted		*adopting;
	size_t				 i = 0, j = 0, k;
	int64_t				 newest;

	memset(plan, 0, sizeof *plan);
	newest = hist->n > 0 ? hist->v[hist->n - 1].version : 0;
	adopting = adopt && adopted != NULL && adopted->tool != NULL &&
	    adopted->refusal == NULL ? adopted : NULL;
	if (baseline > 0 && hist->n > 0) {
		xasprintf(cause, "--baseline: the database already has a "
		    "schemad history (newest version %" PRId64 ")", newest);
		return (-1);
	}

	/*
	 * The files in the history's order find their rows; then, in the
	 * order they run (a tool's own may differ), each is planned.
	 */
	by_key = xreallocarray(NULL, set->n + 1, sizeof *by_key);
	row = xcalloc(set->n + 1, sizeof *row);
	for (i = 0; i < set->n; i++)
		by_key[i] = &set->v[i];
	qsort(by_key, set->n, sizeof *by_key, key_cmp);
	i = 0;
	while (i < set->n || j < hist->n) {
		m = i < set->n ? by_key[i] : NULL;
		h = j < hist->n ? &hist->v[j] : NULL;
		if (h == NULL || (m != NULL && plan_cmp(m, h) < 0))
			i++;
		else if (m == NULL || plan_cmp(m, h) > 0) {
			if (h->label != NULL)
				plan_add_drift(plan, DRIFT_MISSING, h->version,
				    "V%s__%s.sql was %s at %s but its file is "
				    "gone (if that was meant: schemad accept "
				    "--forget %s)", h->label, h->name,
				    history_status_name(h->status),
				    h->applied_at, h->label);
			else
				plan_add_drift(plan, DRIFT_MISSING, h->version,
				    "%" PRId64 "_%s.sql was %s at %s but its "
				    "file is gone (if that was meant: schemad "
				    "accept --forget %" PRId64 ")", h->version,
				    h->name, history_status_name(h->status),
				    h->applied_at, h->version);
			j++;
		} else {
			row[m - set->v] = h;
			last = last == NULL || m > last ? m : last;
			i++;
			j++;
		}
	}
	for (i = 0; i < set->n; i++) {
		if (row[i] != NULL)
			plan_both(plan, &set->v[i], row[i], caps);
		else
			plan_file(plan, set, &set->v[i], last, baseline,
			    adopting, caps);
	}
	plan->row = row;
	if (baseline > 0 && (plan->nsteps == 0 ||
	    plan->steps[0].action != PLAN_BASELINE)) {
		free(by_key);
		plan_free(plan);
		xasprintf(cause, "--baseline: no migration file is numbered "
		    "%" PRId64 " or below", baseline);
		return (-1);
	}
	if (hist->n == 0 && adopted != NULL && adopted->tool != NULL &&
	    baseline == 0)
		plan_adopt(plan, by_key, set->n, adopted, adopt);
	free(by_key);
	plan_repeat(plan, set, hist, adopting, caps);
	if (hist->n == 0 && hist->user_version > 0 && baseline == 0) {
		plan_add_drift(plan, DRIFT_UNTRACKED, hist->user_version,
		    "the database is at user_version %d but has no schemad "
		    "history; adopt it with --baseline", hist->user_version);
	}
	if (hist->n > 0 && hist->user_version !=
	    plan_user_version(newest, hist->n)) {
		if (newest <= INT32_MAX)
			plan_add_drift(plan, DRIFT_VERSION, hist->user_version,
			    "user_version is %d but the newest version in the "
			    "history is %" PRId64, hist->user_version, newest);
		else
			plan_add_drift(plan, DRIFT_VERSION, hist->user_version,
			    "user_version is %d but the history has %zu rows "
			    "(its newest version, %" PRId64 ", is beyond "
			    "user_version's 31 bits)", hist->user_version,
			    hist->n, newest);
	}
	plan->current = hist->n > 0 ? newest : hist->user_version;
	plan->target = newest;
	for (k = 0; k < plan->nsteps; k++) {
		if (plan->steps[k].m->version > plan->target)
			plan->target = plan->steps[k].m->version;
	}
	return (0);
}

/*
 * On a follower, history rows past the newest file are a newer deploy's,
 * which the primary ran (a rolling deploy: new schema, old files here):
 * not drift, but how far the database is ahead of these files. What the
 * walk found missing at or below the newest file stays drift.
 */
void
plan_ahead(struct plan *plan, const struct migration_set *set)
{
	int64_t	newest = set->n > 0 ? migrations_newest(set)->version : -1;
	size_t	i, j = 0;

	for (i = 0; i < plan->ndrift; i++) {
		if (plan->drift[i].kind == DRIFT_MISSING &&
		    plan->drift[i].version > newest) {
			plan->ahead++;
			free(plan->drift[i].detail);
		} else
			plan->drift[j++] = plan->drift[i];
	}
	plan->ndrift = j;
}

/*
 * What PRAGMA user_version holds when the history's newest version is
 * version and it has rows rows: the version when it fits in 31 bits, else
 * the number of rows.
 */
int
plan_user_version(int64_t version, size_t rows)
{
	if (version <= INT32_MAX)
		return ((int)version);
	return (rows > INT32_MAX ? INT32_MAX : (int)rows);
}

/*
 * The plan keeps hist, the history it was made from (its rows are what
 * plan->row points to), and frees it with itself: `schemad history`
 * shows them. hist is left empty.
 */
void
plan_keep(struct plan *plan, struct history *hist)
{
	history_free(&plan->hist);
	plan->hist = *hist;
	memset(hist, 0, sizeof *hist);
}

void
plan_free(struct plan *plan)
{
	size_t	i;

	for (i = 0; i < plan->ndrift; i++)
		free(plan->drift[i].detail);
	free(plan->drift);
	free(plan->row);
	history_free(&plan->hist);
	free(plan->steps);
	free(plan->waiting);
	memset(plan, 0, sizeof *plan);
}
