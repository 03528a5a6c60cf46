/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "history.h"
#include "migrations.h"
#include "plan.h"
#include "tap.h"

/* Migrations 1..n; file k has checksum "ck" and name "mk". */
static struct migration		files[8];
static struct migration_set	set;
static struct history_row	rows[8];
static struct history		hist;
static char			names[8][16];
static char			applied_at[] = "2026-01-01T00:00:00.000Z";
static char			other[] = "other", old[] = "old";

static void
setup(int nfiles, int nrows, int user_version)
{
	int	i;

	memset(files, 0, sizeof files);
	memset(rows, 0, sizeof rows);
	for (i = 0; i < 8; i++) {
		snprintf(names[i], sizeof names[i], "m%d", i + 1);
		files[i].version = i + 1;
		files[i].name = names[i];
		files[i].file = names[i];
		snprintf(files[i].checksum, sizeof files[i].checksum, "c%d",
		    i + 1);
		rows[i].version = i + 1;
		rows[i].name = names[i];
		rows[i].checksum = files[i].checksum;
		rows[i].status = HISTORY_APPLIED;
		rows[i].applied_at = applied_at;
	}
	set.v = files;
	set.n = nfiles;
	hist.v = rows;
	hist.n = nrows;
	hist.exists = nrows > 0;
	hist.user_version = user_version;
}

static int
make(int baseline, unsigned caps, struct plan *plan)
{
	char	*cause = NULL;
	int	 rc;

	rc = plan_make(&set, &hist, NULL, 0, caps, baseline, plan, &cause);
	if (rc != 0)
		tap_diag("cause: %s", cause);
	free(cause);
	return (rc);
}

static void
test_pending(void)
{
	struct plan	p;

	setup(3, 0, 0);
	make(0, 0, &p);
	is_int(p.nsteps, 3, "empty database: all three pending");
	is_int(p.target, 3, "target is the newest version");
	is_int(p.ndrift, 0, "no drift");
	plan_free(&p);

	setup(5, 3, 3);
	make(0, 0, &p);
	tap_ok(p.nsteps == 2 && p.steps[0].m->version == 4 &&
	    p.steps[1].m->version == 5, "3 applied: 4 and 5 pending");
	is_int(p.current, 3, "current version 3");
	plan_free(&p);

	setup(3, 3, 3);
	make(0, 0, &p);
	tap_ok(p.nsteps == 0 && p.ndrift == 0 && p.target == 3,
	    "all applied: nothing to do");
	plan_free(&p);
}

static void
test_drift(void)
{
	struct plan	p;

	setup(3, 3, 3);
	rows[1].checksum = other;
	make(0, 0, &p);
	tap_ok(p.ndrift == 1 && p.drift[0].kind == DRIFT_CHANGED &&
	    p.drift[0].version == 2, "changed file is drift");
	plan_free(&p);

	setup(3, 3, 3);
	rows[2].name = old;
	make(0, 0, &p);
	tap_ok(p.ndrift == 1 && p.drift[0].kind == DRIFT_RENAMED,
	    "renamed file is drift");
	plan_free(&p);

	setup(2, 3, 3);
	make(0, 0, &p);
	tap_ok(p.ndrift == 1 && p.drift[0].kind == DRIFT_MISSING &&
	    p.drift[0].version == 3, "applied file gone is drift");
	plan_free(&p);

	/* A follower: rows past the newest file are ahead, not drift. */
	setup(2, 4, 4);
	make(0, 0, &p);
	plan_ahead(&p, &set);
	tap_ok(p.ndrift == 0 && p.ahead == 2 && p.nsteps == 0,
	    "a follower: two rows past the files are ahead");
	plan_free(&p);
	setup(3, 4, 4);
	rows[1] = rows[3];		/* history 1, 4, 3, ...: 2 missing */
	rows[1].version = 2;
	rows[1].name = old;
	hist.v = rows;
	files[1].name = other;
	make(0, 0, &p);
	plan_ahead(&p, &set);
	tap_ok(p.ahead == 1 && p.ndrift == 1, "a follower: drift at or below "
	    "the newest file stays drift (%zu ahead, %zu drift)", p.ahead,
	    p.ndrift);
	plan_free(&p);

	/* files 1..4, history 1, 2, 4: 3 is new but below 4 */
	setup(4, 3, 4);
	rows[2] = rows[3];
	rows[2].version = 4;
	make(0, 0, &p);
	tap_ok(p.ndrift == 1 && p.drift[0].kind == DRIFT_OUT_OF_ORDER &&
	    p.drift[0].version == 3, "new file below the newest is drift");
	is_int(p.nsteps, 0, "out-of-order file is not pending");
	plan_free(&p);

	setup(3, 0, 7);
	make(0, 0, &p);
	tap_ok(p.ndrift == 1 && p.drift[0].kind == DRIFT_UNTRACKED,
	    "user_version without history is drift");
	plan_free(&p);

	setup(3, 2, 5);
	make(0, 0, &p);
	tap_ok(p.ndrift == 1 && p.drift[0].kind == DRIFT_VERSION,
	    "user_version that disagrees with history is drift");
	plan_free(&p);
}

static void
test_baseline(void)
{
	struct plan	 p;

	setup(4, 0, 2);
	is_int(make(2, 0, &p), 0, "baseline 2 on an untracked database");
	tap_ok(p.nsteps == 4 && p.steps[0].action == PLAN_BASELINE &&
	    p.steps[1].action == PLAN_BASELINE &&
	    p.steps[2].action == PLAN_APPLY, "1, 2 baseline; 3, 4 apply");
	is_int(p.ndrift, 0, "baseline: no drift");
	plan_free(&p);

	setup(4, 2, 2);
	is_int(make(2, 0, &p), -1, "baseline refused with a history");

	setup(4, 0, 0);
	files[0].version = 5;
	files[1].version = 6;
	set.n = 2;
	is_int(make(3, 0, &p), -1, "baseline refused with no file below it");
}

static void
test_caps(void)
{
	struct plan	p;
	unsigned	fts5 = caps_parse("fts5");

	setup(3, 1, 1);
	files[1].requires = fts5;
	make(0, 0, &p);
	tap_ok(p.nsteps == 2 && p.steps[0].action == PLAN_SKIP &&
	    p.steps[0].missing == fts5 && p.steps[1].action == PLAN_APPLY,
	    "missing capability: skip, and the next applies");
	is_int(p.target, 3, "target counts the skipped version");
	plan_free(&p);

	setup(3, 3, 3);
	files[1].requires = fts5;
	rows[1].status = HISTORY_SKIPPED;
	make(0, 0, &p);
	tap_ok(p.nsteps == 0 && p.nwaiting == 1 && p.ndrift == 0,
	    "still missing: waiting, not pending, not drift");
	plan_free(&p);

	make(0, fts5, &p);
	tap_ok(p.nsteps == 1 && p.steps[0].retry &&
	    p.steps[0].m->version == 2 && p.ndrift == 0,
	    "capability now there: the skipped migration is pending");
	plan_free(&p);
}

/* What PRAGMA user_version holds: the version when it fits, else rows. */
static void
test_user_version(void)
{
	is_int(plan_user_version(0, 1), 0, "version 0: user_version 0");
	is_int(plan_user_version(5, 5), 5, "version 5: user_version 5");
	is_int(plan_user_version(2147483647, 1), 2147483647,
	    "2147483647 fits: user_version 2147483647");
	is_int(plan_user_version(2147483648LL, 7), 7,
	    "2147483648 does not: user_version is the 7 history rows");
	is_int(plan_user_version(20240105123000LL, 3), 3,
	    "a timestamp: the 3 history rows");
}

/* History row r, the record of file f. */
static void
row_of(int r, int f)
{
	rows[r].version = files[f].version;
	rows[r].checksum = files[f].checksum;
	rows[r].name = files[f].name;
}

/*
 * A layout that runs its files in its own order (dbmate's, by name): the
 * files come in that order, and only a file that runs before an applied
 * one is out of order, whatever the numbers.
 */
static void
test_tool_order(void)
{
	struct plan	p;

	/* dbmate's order: 20250220120000_b, 20250221_a, 20250301000000_c */
	setup(3, 0, 0);
	set.layout = layout_parse("dbmate");
	files[0].version = 20250220120000LL;
	files[1].version = 20250221;
	files[2].version = 20250301000000LL;
	row_of(0, 1);
	row_of(1, 0);
	hist.n = 2;
	hist.user_version = plan_user_version(files[0].version, 2);
	make(0, 0, &p);
	tap_ok(p.ndrift == 0 && p.nsteps == 1 && p.steps[0].m == &files[2],
	    "the first two applied, in its order: the third is pending "
	    "(%zu drift)", p.ndrift);
	plan_free(&p);

	/* the first and third applied: the second is new, before the third */
	row_of(0, 0);
	row_of(1, 2);
	hist.user_version = plan_user_version(files[2].version, 2);
	make(0, 0, &p);
	tap_ok(p.ndrift == 1 && p.drift[0].kind == DRIFT_OUT_OF_ORDER &&
	    strstr(p.drift[0].detail, "m2 is new but dbmate runs it before "
	    "m3, which is applied") != NULL, "a new file before an applied "
	    "one: out of order, though its number is the smallest: %s",
	    p.ndrift > 0 ? p.drift[0].detail : "");
	is_int(p.nsteps, 0, "... and not pending");
	plan_free(&p);

	/* an empty database: all three, in its order */
	hist.n = 0;
	hist.user_version = 0;
	make(0, 0, &p);
	tap_ok(p.nsteps == 3 && p.steps[0].m == &files[0] &&
	    p.steps[1].m == &files[1] && p.steps[2].m == &files[2],
	    "an empty database: all three, in its order");
	is_int(p.target, 20250301000000LL, "the target is the highest "
	    "number");
	plan_free(&p);
	set.layout = NULL;
}

int
main(void)
{
	test_user_version();
	test_pending();
	test_drift();
	test_baseline();
	test_caps();
	test_tool_order();
	return (tap_done());
}
