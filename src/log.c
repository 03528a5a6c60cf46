/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "exitcode.h"
#include "log.h"

/*
 * Logging, with the OpenBSD daemons' interface. Everything goes to stderr,
 * one event a line. When stderr is connected to the journal (systemd sets
 * JOURNAL_STREAM to its device and inode) each line carries the sd-daemon(3)
 * "<N>" priority prefix so that journald keeps the level; elsewhere (a
 * terminal, docker logs) lines start with the program name instead, and
 * say "warning: " or "error: " for those levels. The daemon, on a file or
 * a pipe that is not the journal, has each line start with the time
 * (log_stamp), as a log file needs; the journal and a terminal do not.
 *
 * Verbosity: -1 errors (and warnings) only, 0 adds informational
 * messages, 1 adds debug.
 */

static const char	*log_progname = "schemad";
static int		 log_verbose;
static int		 log_journal;
static int		 log_stamped;
static void		(*log_clear)(void);	/* a live line, taken away */

static int	log_to_journal(void);
static void	logit(int, const char *, ...)
		    __attribute__((__format__ (printf, 2, 3)));
static void	vlog_errno(int, const char *, va_list)
		    __attribute__((__format__ (printf, 2, 0)));

/* Is stderr the stream systemd connected to the journal? */
static int
log_to_journal(void)
{
	const char		*env;
	struct stat		 st;
	unsigned long long	 dev, ino;

	if ((env = getenv("JOURNAL_STREAM")) == NULL)
		return (0);
	if (sscanf(env, "%llu:%llu", &dev, &ino) != 2)
		return (0);
	if (fstat(STDERR_FILENO, &st) == -1)
		return (0);
	return (st.st_dev == dev && st.st_ino == ino);
}

void
log_init(const char *progname, int verbose)
{
	log_progname = progname;
	log_verbose = verbose;
	log_journal = log_to_journal();
	log_stamped = 0;
}

void
log_setverbose(int verbose)
{
	log_verbose = verbose;
}

/*
 * Start each line with the time, UTC, in ISO 8601, if stderr is neither
 * the journal nor a terminal: the daemon's log on a file or a pipe.
 */
void
log_stamp(void)
{
	log_stamped = !log_journal && !isatty(STDERR_FILENO);
}

/* Call fn before each line: it takes away a live line (progress.c). */
void
log_set_clear(void (*fn)(void))
{
	log_clear = fn;
}

int
log_getverbose(void)
{
	return (log_verbose);
}

void
vlog(int pri, const char *fmt, va_list ap)
{
	struct timespec	 ts;
	struct tm	 tm;
	char		 when[32];
	int		 saved_errno = errno;

	if (pri == LOG_DEBUG && log_verbose < 1)
		return;
	if (pri == LOG_INFO && log_verbose < 0)
		return;

	flockfile(stderr);
	if (log_clear != NULL)
		log_clear();
	if (log_stamped) {
		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
		fprintf(stderr, "%s.%03ldZ ", when, ts.tv_nsec / 1000000);
	}
	if (log_journal)
		fprintf(stderr, "<%d>", pri);
	else
		fprintf(stderr, "%s: %s", log_progname, pri <= LOG_ERR ?
		    "error: " : pri == LOG_WARNING ? "warning: " : "");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	fflush(stderr);
	funlockfile(stderr);

	errno = saved_errno;
}

static void
logit(int pri, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(pri, fmt, ap);
	va_end(ap);
}

/* Log the message with ": strerror(errno)" appended. */
static void
vlog_errno(int pri, const char *fmt, va_list ap)
{
	char	buf[1024];
	int	saved_errno = errno;

	vsnprintf(buf, sizeof buf, fmt, ap);
	logit(pri, "%s: %s", buf, strerror(saved_errno));
	errno = saved_errno;
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog_errno(LOG_ERR, fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap);
	va_end(ap);
}

/* Something to look at, which does not stop anything. */
void
log_warning(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap);
	va_end(ap);
}

/* An internal error that makes carrying on wrong (out of memory). */
void
fatal(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog_errno(LOG_CRIT, fmt, ap);
	va_end(ap);
	exit(EXIT_INTERNAL);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap);
	va_end(ap);
	exit(EXIT_INTERNAL);
}
