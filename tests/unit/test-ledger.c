/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "history.h"
#include "ledger.h"
#include "migrations.h"
#include "plan.h"
#include "tap.h"

/*
 * Files 1..n (file k: name "mk", checksum "ck") and history rows 1..n of
 * the same, then repeatable files and rows; planned, and the plan read
 * as `schemad history` reads it.
 */
static struct migration		files[10];
static struct migration_set	set;
static struct history_row	rows[10], reps[4];
static struct history		hist;
static char			names[10][16];
static char			applied_at[] = "2026-01-01T00:00:00.000Z";
static char			other[] = "other", old[] = "old";
static struct plan		p;
static struct ledger		l;

static void
setup(int nfiles, int nrows)
{
	int	i;

	memset(files, 0, sizeof files);
	memset(rows, 0, sizeof rows);
	memset(reps, 0, sizeof reps);
	memset(&set, 0, sizeof set);
	memset(&hist, 0, sizeof hist);
	for (i = 0; i < 10; i++) {
		snprintf(names[i], sizeof names[i], "m%d", i + 1);
		files[i].version = i + 1;
		files[i].name = names[i];
		files[i].file = names[i];
		files[i].kind = NAME_PLAIN;
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
	set.rep = files + nfiles;
	hist.v = rows;
	hist.n = nrows;
	hist.exists = nrows > 0;
	hist.user_version = nrows;
}

/* A repeatable file of name, and with checksum, its row. */
static void
repeatable(char *name, char *checksum)
{
	struct migration	*m = &files[set.n + set.nrep++];

	m->kind = NAME_REPEAT;
	m->name = m->file = name;
	m->version = 0;
	if (checksum != NULL) {
		reps[hist.nrep].name = m->name;
		reps[hist.nrep].checksum = checksum;
		reps[hist.nrep].applied_at = applied_at;
		hist.rep = reps;
		hist.nrep++;
	}
}

/* Plan, and make the ledger; "applied applied pending", the states. */
static const char *
states(unsigned caps)
{
	static char	buf[256];
	char		*cause = NULL;
	size_t		 i;

	if (plan_make(&set, &hist, NULL, 0, caps, 0, &p, &cause) != 0) {
		tap_diag("plan_make: %s", cause);
		free(cause);
		return ("");
	}
	p.hist = hist;		/* lent, not kept: done() takes it back */
	ledger_make(&set, &p, &l);
	*buf = '\0';
	for (i = 0; i < l.n; i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s",
		    i > 0 ? " " : "", ledger_state_name(l.v[i].state));
	return (buf);
}

static const char *
note(size_t i)
{
	return (i < l.n && l.v[i].note != NULL ? l.v[i].note : "(none)");
}

static void
done(void)
{
	ledger_free(&l);
	memset(&p.hist, 0, sizeof p.hist);
	plan_free(&p);
}

static void
test_applied_pending(void)
{
	setup(3, 2);
	is_str(states(0), "applied applied pending", "two applied, one new");
	tap_ok(l.v[0].m == &files[0] && l.v[0].h == &rows[0] &&
	    l.v[2].h == NULL, "each entry has its file and its row");
	is_int(l.count[LEDGER_APPLIED], 2, "counted: 2 applied");
	is_int(l.count[LEDGER_PENDING], 1, "counted: 1 pending");
	is_str(note(2), "(none)", "a plain pending one has no note");
	done();

	setup(0, 0);
	is_str(states(0), "", "no files, no history: nothing");
	done();
}

static void
test_drift(void)
{
	setup(3, 3);
	rows[1].checksum = other;
	is_str(states(0), "applied changed applied", "an edited file");
	is_str(note(1), "m2 changed after it was applied at "
	    "2026-01-01T00:00:00.000Z (if that was meant: schemad accept m2)",
	    "the plan's sentence, as note");
	done();

	setup(3, 3);
	rows[2].name = old;
	is_str(states(0), "applied applied renamed", "a renamed file");
	done();

	/* files 1 and 3, rows 1..3: 2 is gone, in its place */
	setup(2, 3);
	files[1] = files[2];
	is_str(states(0), "applied missing applied",
	    "a row with no file, between the files around it");
	tap_ok(l.v[1].m == NULL && l.v[1].h == &rows[1], "it has its row");
	is_str(note(1), "2_m2.sql was applied at 2026-01-01T00:00:00.000Z "
	    "but its file is gone (if that was meant: schemad accept --forget "
	    "2)", "and the plan's sentence");
	done();

	setup(2, 4);
	is_str(states(0), "applied applied missing missing",
	    "rows past the last file: missing, at the end");
	done();

	/* files 1..4, rows 1, 2, 4: 3 is new, but below 4 */
	setup(4, 3);
	rows[2] = rows[3];
	is_str(states(0), "applied applied out-of-order applied",
	    "a new file below an applied one");
	done();
}

static void
test_recorded(void)
{
	char	baseline[] = "--baseline 2";
	char	adopted[] = "adopted from goose (goose_db_version)";
	char	skipped[] = "requires fts5";
	unsigned fts5 = caps_parse("fts5");

	setup(3, 3);
	rows[0].status = rows[1].status = HISTORY_BASELINE;
	rows[0].detail = rows[1].detail = baseline;
	is_str(states(0), "baselined baselined applied", "baselined rows");
	is_str(note(0), "recorded as applied, not run (--baseline 2)",
	    "and how");
	done();

	setup(2, 2);
	rows[0].status = HISTORY_BASELINE;
	rows[0].detail = adopted;
	is_str(states(0), "adopted applied", "an adopted row");
	is_str(note(0), adopted, "from whom");
	done();

	setup(2, 2);
	files[1].requires = fts5;
	rows[1].status = HISTORY_SKIPPED;
	rows[1].detail = skipped;
	is_str(states(0), "applied skipped", "skipped, fts5 still missing");
	is_str(note(1), "requires fts5", "and why");
	done();
	is_str(states(fts5), "applied skipped", "skipped, fts5 there now");
	is_str(note(1), "requires fts5; its requirements are met now: the "
	    "next run applies it", "and that the next run applies it");
	done();

	setup(2, 1);
	files[1].requires = fts5;
	is_str(states(0), "applied pending", "a new file that needs fts5");
	is_str(note(1), "requires fts5, missing here: the next run records "
	    "it as skipped", "pending, to be skipped");
	done();
}

static void
test_repeatable(void)
{
	static char	a[] = "a", b[] = "b", c[] = "c", d[] = "d",
			c1[] = "c1";

	setup(1, 1);
	repeatable(a, c1);		/* ran, this very text */
	repeatable(b, old);		/* ran, another text */
	repeatable(c, NULL);		/* never ran */
	reps[2].name = d;		/* ran; its file is gone */
	reps[2].checksum = old;
	reps[2].applied_at = applied_at;
	hist.nrep = 3;
	strcpy(files[1].checksum, "c1");
	strcpy(files[2].checksum, "c2");
	strcpy(files[3].checksum, "c3");
	is_str(states(0), "applied repeatable pending pending missing",
	    "repeatables: ran, changed, new, gone");
	tap_ok(l.v[1].repeatable && l.v[4].repeatable && !l.v[0].repeatable,
	    "marked as repeatable");
	is_str(note(2), "its text changed since it ran at "
	    "2026-01-01T00:00:00.000Z: the next run runs it again",
	    "changed: when it last ran");
	is_str(note(3), "(none)", "new: no note");
	is_str(note(4), "its file is gone (a repeatable migration: not drift)",
	    "gone: not drift");
	is_int(p.ndrift, 0, "and the plan agrees: no drift");
	done();
}

static void
test_follower(void)
{
	char	*cause = NULL;

	/* Rows past the newest file, on a follower: a newer deploy's. */
	setup(2, 4);
	if (plan_make(&set, &hist, NULL, 0, 0, 0, &p, &cause) != 0)
		tap_diag("%s", cause);
	plan_ahead(&p, &set);
	p.hist = hist;
	ledger_make(&set, &p, &l);
	tap_ok(l.n == 4 && l.v[2].state == LEDGER_APPLIED &&
	    l.v[3].state == LEDGER_APPLIED, "ahead of the files: applied");
	is_str(note(3), "a newer deploy's: no file here", "and whose");
	done();
}

static void
test_accepted(void)
{
	struct history_accept	acc[2];
	static char		changed[] = "changed", forgotten[] = "forgotten",
				when[] = "2026-02-02T00:00:00.000Z", root[] =
				"root", why[] = "a comment", gone[] = "m2";

	memset(acc, 0, sizeof acc);
	acc[0].version = 1;
	acc[0].what = changed;
	acc[0].accepted_at = when;
	acc[0].user = root;
	acc[0].reason = why;
	acc[1].version = 2;
	acc[1].name = gone;
	acc[1].what = forgotten;
	acc[1].accepted_at = when;
	acc[1].uid = 1000;
	acc[1].forced = 1;
	/* files 1 and 3, rows 1 and 3: 2 was forgotten */
	setup(2, 2);
	files[1] = files[2];
	rows[1] = rows[2];
	hist.acc = acc;
	hist.nacc = 2;
	is_str(states(0), "applied forgotten applied",
	    "a row accept took out: forgotten, in its place");
	is_str(note(0), "accepted as changed at 2026-02-02T00:00:00.000Z by "
	    "root (uid 0): a comment", "an accepted one: when, by whom, why");
	is_str(note(1), "accepted as forgotten at 2026-02-02T00:00:00.000Z by "
	    "uid 1000, with --force", "a forgotten one: a uid with no name");
	{
		char	buf[64];

		is_str(ledger_file(&l.v[1], buf, sizeof buf), "2_m2.sql",
		    "by the name it had");
	}
	done();
}

static void
test_file_name(void)
{
	struct ledger_entry	e;
	struct history_row	h;
	char			buf[64], label[] = "1.10", name[] = "x";

	memset(&e, 0, sizeof e);
	memset(&h, 0, sizeof h);
	h.version = 7;
	h.name = name;
	e.h = &h;
	is_str(ledger_file(&e, buf, sizeof buf), "7_x.sql", "gone: its "
	    "version and name");
	h.label = label;
	is_str(ledger_file(&e, buf, sizeof buf), "V1.10__x.sql", "Flyway's");
	e.repeatable = 1;
	is_str(ledger_file(&e, buf, sizeof buf), "R__x.sql", "a repeatable");
}

int
main(void)
{
	test_applied_pending();
	test_drift();
	test_recorded();
	test_repeatable();
	test_follower();
	test_accepted();
	test_file_name();
	return (tap_done());
}
