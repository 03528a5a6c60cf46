/* SPDX-License-Identifier: MIT */
#include <sys/ioctl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "migrate.h"
#include "migrations.h"
#include "progress.h"

/*
 * The live line a person at a terminal sees while `schemad migrate` (or
 * exec) runs: on standard error, when it is a terminal whose TERM is not
 * "dumb", one line rewritten in place -- a carriage return, the line, and
 * ESC [K to clear what is left of the one before -- at most ten times a
 * second, cut to the terminal's width:
 *
 *   schemad: 2/3 0002_backfill.sql: statement 2 of 4 (line 3), 3.2 s,
 *   45.1 MB written; 5.1 s in all
 *
 * The log clears it before it writes a line of its own (log_set_clear),
 * and the run's end clears it. On anything else -- a file, a pipe, the
 * journal -- it writes nothing at all. schemactl wait draws its own text
 * with progress_line.
 */

#define PROGRESS_EVERY_NS	100000000L	/* 10 times a second */

static int		progress_fd = -1;
static int		progress_shown;
static struct timespec	progress_last;

static int	progress_due(void);

/* Show the line on fd, if it is a terminal to show it on. */
int
progress_open(int fd)
{
	const char	*term = getenv("TERM");

	if (!isatty(fd) || term == NULL || strcmp(term, "dumb") == 0)
		return (0);
	progress_fd = fd;
	log_set_clear(progress_clear);
	return (1);
}

/* Is it time to draw again? */
static int
progress_due(void)
{
	struct timespec	now;
	long		ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (now.tv_sec - progress_last.tv_sec) * 1000000000L +
	    (now.tv_nsec - progress_last.tv_nsec);
	if (progress_shown && ns < PROGRESS_EVERY_NS)
		return (0);
	progress_last = now;
	return (1);
}

/* Draw text as the line, cut to the terminal's width, if it is time. */
void
progress_line(const char *text)
{
	struct winsize	ws;
	char		buf[1024];
	int		width = 80, n;

	if (progress_fd == -1 || !progress_due())
		return;
	if (ioctl(progress_fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		width = ws.ws_col;
	width = width - 1 < (int)sizeof buf - 8 ? width - 1 : (int)sizeof buf - 8;
	n = snprintf(buf, sizeof buf, "\r%.*s\033[K", width, text);
	if (write(progress_fd, buf, (size_t)n) == n)
		progress_shown = 1;
}

/* Where the run is, as the line. */
void
progress_show(const struct migrate_progress *p)
{
	const struct plan	*plan = p->plan;
	char			 text[1024], written[64] = "";

	if (progress_fd == -1 || plan == NULL)
		return;
	if (p->step >= plan->nsteps) {
		snprintf(text, sizeof text, "schemad: %zu migration%s run: "
		    "checking, then COMMIT; %.1f s in all", plan->nsteps,
		    plan->nsteps == 1 ? "" : "s", p->run_us / 1e6);
		progress_line(text);
		return;
	}
	if (p->written >= 100000)
		snprintf(written, sizeof written, ", %.1f MB written",
		    p->written / 1e6);
	if (p->stmt == 0)
		snprintf(text, sizeof text, "schemad: %zu/%zu %s; %.1f s in all",
		    p->step + 1, plan->nsteps, plan->steps[p->step].m->file,
		    p->run_us / 1e6);
	else
		snprintf(text, sizeof text, "schemad: %zu/%zu %s: statement "
		    "%zu of %zu (line %d), %.1f s%s; %.1f s in all",
		    p->step + 1, plan->nsteps, plan->steps[p->step].m->file,
		    p->stmt, p->nstmts, p->line, p->stmt_us / 1e6, written,
		    p->run_us / 1e6);
	progress_line(text);
}

/* Take the line away, if it is there. */
void
progress_clear(void)
{
	if (progress_fd == -1 || !progress_shown)
		return;
	if (write(progress_fd, "\r\033[K", 4) == 4)
		progress_shown = 0;
}
