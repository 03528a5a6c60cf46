/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "exitcode.h"
#include "log.h"

/*
 * Logging, with the OpenBSD daemons' interface. Everything goes to stderr,
 * one event a line. When stderr is connected to the journal (systemd sets
 * JOURNAL_STREAM to its device and inode) each line carries the sd-daemon(3)
 * "<N>" priority prefix so that journald keeps the level; elsewhere (a
 * terminal, docker logs) lines start with the program name instead.
 *
 * Verbosity: -1 errors only, 0 adds informational messages, 1 adds debug.
 */

static const char	*log_progname = "schemad";
static int		 log_verbose;
static int		 log_journal;
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
}

void
log_setverbose(int verbose)
{
	log_verbose = verbose;
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
	int	saved_errno = errno;

	if (pri == LOG_DEBUG && log_verbose < 1)
		return;
	if (pri == LOG_INFO && log_verbose < 0)
		return;

	flockfile(stderr);
	if (log_clear != NULL)
		log_clear();
	if (log_journal)
		fprintf(stderr, "<%d>", pri);
	else
		fprintf(stderr, "%s: ", log_progname);
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
