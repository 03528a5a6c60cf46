/* SPDX-License-Identifier: MIT */
#ifndef PLAN_H
#define PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "history.h"

struct adopted;
struct migration;
struct migration_set;

enum plan_action {
	PLAN_APPLY,		/* run the migration */
	PLAN_SKIP,		/* record it as skipped: a capability is missing */
	PLAN_BASELINE,		/* record it as applied, not running it */
	PLAN_ADOPT		/* the same: another tool applied it */
};

/* One thing a run will do, in version order. */
struct plan_step {
	const struct migration	*m;
	enum plan_action	 action;
	unsigned		 missing;	/* capabilities this SQLite lacks */
	int			 retry;		/* skipped before, runs now */
	int64_t			 duration_us;	/* set by the run; -1: not
						   timed apart (rqlite) */
};

enum drift_kind {
	DRIFT_CHANGED,		/* an applied file's content changed */
	DRIFT_RENAMED,		/* an applied version's file has a new name */
	DRIFT_MISSING,		/* an applied version has no file */
	DRIFT_OUT_OF_ORDER,	/* a new file below the newest applied version */
	DRIFT_UNTRACKED,	/* user_version set, but no history */
	DRIFT_VERSION		/* user_version disagrees with the history */
};

/* Where the files and the database disagree; a run refuses to start. */
struct drift {
	enum drift_kind	 kind;
	int64_t		 version;
	char		*detail;
};

/* What a run would do to the database, worked out from files and history. */
struct plan {
	int64_t			 current;	/* the version now */
	int64_t			 target;	/* after the run */
	struct plan_step	*steps;		/* the pending work */
	size_t			 nsteps;
	struct plan_step	*waiting;	/* skipped, capability still missing */
	size_t			 nwaiting;
	struct drift		*drift;
	size_t			 ndrift;
	const char		*adopt_tool;	/* PLAN_ADOPT: whose */
	const char		*adopt_table;
	int			 untracked;	/* tables, no history */
	size_t			 ahead;		/* history rows past the files */
	const struct history_row **row;		/* each file's row in hist, by
						   its place in the set, or
						   NULL */
	struct history		 hist;		/* what it was made from, when
						   its maker hands it over
						   (plan_keep); else empty */
};

int	plan_make(const struct migration_set *set, const struct history *hist,
	    const struct adopted *adopted, int adopt, unsigned caps,
	    int64_t baseline, struct plan *plan, char **cause);
void	plan_keep(struct plan *plan, struct history *hist);
void	plan_ahead(struct plan *plan, const struct migration_set *set);
int	plan_user_version(int64_t version, size_t rows);
void	plan_free(struct plan *plan);
const char *plan_action_name(enum plan_action action);
const char *plan_drift_name(enum drift_kind kind);

#endif
