/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exitcode.h"
#include "xmalloc.h"
#include "log.h"
#include "notify.h"
#include "sdnotify.h"
#include "state.h"

/*
 * What the service manager hears: an observer of the state, so that
 * STATUS= follows every phase and READY=1 is sent from exactly one place,
 * after the socket's waiters were answered (the socket observes first).
 * STATUS= is the state in words (state_status: the fields of state.c's
 * table, as every other channel shows them); beside it:
 *
 *	READY		READY=1 when a run ended, to end a reload too; the
 *			readiness descriptor's newline, once
 *	FAILED		ERRNO=
 *	STOPPING	STOPPING=1
 */

static int	ready_fd = -1;	/* s6-style readiness: "\n", then close */

static void	notify_state(const struct state *, enum state_event, void *);
static void	notify_send(const char *, ...)
		    __attribute__((__format__ (printf, 1, 2)));

static void
notify_send(const char *fmt, ...)
{
	char	msg[1024];
	va_list	ap;
	int	rc;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if ((rc = sdnotify_send(msg)) < 0) {
		log_warning("sd_notify: %s, ignoring", strerror(-rc));
	}
}

/*
 * The errno that best tells a service manager why a run failed: a failed
 * migration was rolled back (ECANCELED), a lock or I/O may pass (EAGAIN),
 * a corrupt file will not (EIO); the configuration, the migrations
 * directory or drift are what was given (EINVAL).
 */
static int
notify_errno(int exit_code)
{
	switch (exit_code) {
	case EXIT_MIGRATION:
		return (ECANCELED);
	case EXIT_TEMPFAIL:
		return (EAGAIN);
	case EXIT_DATABASE:
		return (EIO);
	case EXIT_INTERRUPTED:
		return (EINTR);
	default:
		return (EINVAL);
	}
}

static void
notify_state(const struct state *st, enum state_event ev, void *arg)
{
	char	status[1024];

	(void)arg;
	state_status(st, status, sizeof status);
	switch (st->name) {
	case STATE_READY:
		notify_send("%sSTATUS=%s", ev == STATE_RUN_ENDED ? "READY=1\n" :
		    "", status);
		if (ready_fd != -1) {
			if (write(ready_fd, "\n", 1) != 1)
				log_warning("ready fd %d: %s, ignoring",
				    ready_fd, strerror(errno));
			close(ready_fd);
			ready_fd = -1;
		}
		break;
	case STATE_FAILED:
		notify_send("STATUS=%s\nERRNO=%d", status,
		    notify_errno(st->exit_code));
		break;
	case STATE_STOPPING:
		notify_send("STOPPING=1\nSTATUS=%s", status);
		break;
	default:
		notify_send("STATUS=%s", status);
		break;
	}
}

/*
 * Observe the state; call after the socket registered as an observer. fd,
 * unless -1, is the supervisor's readiness descriptor (s6's
 * notification-fd, dinit's pipefd, OpenRC's notify=fd:N): it gets one
 * newline at the first READY, then is closed.
 */
int
notify_init(int fd, char **cause)
{
	if (fd != -1 && fcntl(fd, F_SETFD, FD_CLOEXEC) == -1) {
		xasprintf(cause, "--ready-fd %d: %s", fd, strerror(errno));
		return (-1);
	}
	ready_fd = fd;
	state_observe(notify_state, NULL);
	notify_send("STATUS=Starting");
	return (0);
}

/* A SIGHUP run begins; READY=1 will end it. */
void
notify_reloading(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	notify_send("RELOADING=1\nMONOTONIC_USEC=%llu\nSTATUS=Reloading",
	    (unsigned long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

/* The migration makes progress: give it usec more before the timeout. */
void
notify_extend(uint64_t usec)
{
	notify_send("EXTEND_TIMEOUT_USEC=%llu", (unsigned long long)usec);
}

void
notify_watchdog(void)
{
	notify_send("WATCHDOG=1");
}
