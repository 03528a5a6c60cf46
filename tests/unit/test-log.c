/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "tap.h"

/*
 * The log: one event a line on stderr, led by the program's name, and
 * "warning: " or "error: " for those levels; by the "<N>" priority of
 * sd-daemon(3) instead when stderr is the stream that JOURNAL_STREAM
 * names (journald keeps the level); by the time, too, for the daemon on
 * a file or a pipe (log_stamp); the verbosity that lets debug and
 * informational lines through; log_warn's strerror; errno kept.
 */

/* What f logs with verbosity v, prefixed as log_init finds it. */
static char *
logged(int v, void (*f)(void))
{
	tap_capture_begin(2);
	log_init("schemad", v);
	f();
	return (tap_capture_end());
}

static void
each(void)
{
	log_debug("debug %d", 1);
	log_info("info %s", "two");
	log_warning("warning %d", 3);
	log_warnx("warnx");
}

static void
stamped(void)
{
	log_stamp();		/* stderr is a pipe here */
	log_info("at a time");
}

static void
warn_enoent(void)
{
	errno = ENOENT;
	log_warn("open %s", "x.sql");
	if (errno != ENOENT)
		log_warnx("errno changed");
}

static void
journal(void)
{
	struct stat	st;
	char		env[64];

	if (fstat(STDERR_FILENO, &st) != 0)
		abort();
	snprintf(env, sizeof env, "%llu:%llu", (unsigned long long)st.st_dev,
	    (unsigned long long)st.st_ino);
	setenv("JOURNAL_STREAM", env, 1);
	log_init("schemad", 0);
	log_info("to the journal");
	log_warning("a warning");
	log_warnx("an error");
	log_stamp();		/* the journal has its own times */
	log_info("no time");
	unsetenv("JOURNAL_STREAM");
}

/* A line led by the time, UTC, ISO 8601, then the name. */
static void
like_stamp(const char *s)
{
	int	n = 0;

	sscanf(s, "%*4d-%*2d-%*2dT%*2d:%*2d:%*2d.%*3dZ %n", &n);
	tap_ok(n == 25 && strcmp(s + n, "schemad: at a time\n") == 0,
	    "the daemon on a pipe: each line led by the time: %s", s);
}

/* Does f, at verbosity v, log want? */
static void
expect(int v, void (*f)(void), const char *want, const char *what)
{
	char	*s = logged(v, f);

	is_str(s, want, "%s", what);
	free(s);
}

int
main(void)
{
	char	*s;

	unsetenv("JOURNAL_STREAM");
	expect(0, each, "schemad: info two\nschemad: warning: warning 3\n"
	    "schemad: error: warnx\n", "verbosity 0: information, warnings and "
	    "errors, named, and the last two said to be");
	expect(1, each, "schemad: debug 1\nschemad: info two\n"
	    "schemad: warning: warning 3\nschemad: error: warnx\n",
	    "verbosity 1 (-v): debug too");
	expect(-1, each, "schemad: warning: warning 3\nschemad: error: warnx\n",
	    "verbosity -1 (-q): warnings and errors only");
	log_init("schemad", 0);
	log_setverbose(1);
	is_int(log_getverbose(), 1, "log_setverbose");
	expect(0, warn_enoent, "schemad: error: open x.sql: No such file or "
	    "directory\n", "log_warn adds strerror(errno), and keeps errno");
	expect(0, journal, "<6>to the journal\n<4>a warning\n<3>an error\n"
	    "<6>no time\n", "stderr is JOURNAL_STREAM's: <N> priorities, no "
	    "name, no time");
	s = logged(0, stamped);
	like_stamp(s);
	free(s);
	return (tap_done());
}
