/* SPDX-License-Identifier: MIT */
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>

#include "log.h"
#include "sdnotify.h"
#include "xmalloc.h"

/*
 * The systemd protocols through libsystemd.
 *
 * libsystemd is opened when a manager is there to talk to, not linked: it
 * brings six more libraries (libgcrypt, liblzma, libzstd, ...) whose
 * loading would cost every `schemad migrate` at boot some 70 page faults
 * and two milliseconds, for functions that only `schemad run` under a
 * service manager calls. When the variable a protocol needs is not set,
 * libsystemd would do nothing either, so it is not opened.
 */

static struct {
	int				 tried;
	const char			*error;
	__typeof__(sd_notify)		*notify;
	__typeof__(sd_listen_fds)	*listen_fds;
	__typeof__(sd_is_socket_unix)	*is_socket_unix;
	__typeof__(sd_watchdog_enabled)	*watchdog_enabled;
} sd;

/* Open libsystemd once; 0, or -1 (said once, and kept in sd.error). */
static int
sd_open(void)
{
	void	*h;

	if (sd.tried)
		return (sd.error == NULL ? 0 : -1);
	sd.tried = 1;
	if ((h = dlopen(LIBSYSTEMD_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		sd.error = xstrdup(dlerror());
		log_warnx("cannot load %s", sd.error);
		return (-1);
	}
	*(void **)&sd.notify = dlsym(h, "sd_notify");
	*(void **)&sd.listen_fds = dlsym(h, "sd_listen_fds");
	*(void **)&sd.is_socket_unix = dlsym(h, "sd_is_socket_unix");
	*(void **)&sd.watchdog_enabled = dlsym(h, "sd_watchdog_enabled");
	if (sd.notify == NULL || sd.listen_fds == NULL ||
	    sd.is_socket_unix == NULL || sd.watchdog_enabled == NULL) {
		sd.error = LIBSYSTEMD_SONAME ": a function is missing";
		log_warnx("cannot load %s", sd.error);
		return (-1);
	}
	return (0);
}

/* Send one notification; < 0 on error, 0 when there is no manager. */
int
sdnotify_send(const char *msg)
{
	if (getenv("NOTIFY_SOCKET") == NULL)
		return (0);
	if (sd_open() != 0)
		return (-ELIBACC);
	return (sd.notify(0, msg));
}

/*
 * The socket systemd passed (socket activation), or -1 when none was;
 * -2, with a cause, when what was passed cannot be used.
 */
int
sdnotify_listen_fd(char **cause)
{
	int	n;

	if (getenv("LISTEN_FDS") == NULL)
		return (-1);
	if (sd_open() != 0) {
		xasprintf(cause, "LISTEN_FDS: cannot load %s", sd.error);
		return (-2);
	}
	if ((n = sd.listen_fds(1)) <= 0) {
		if (n == 0)
			return (-1);
		xasprintf(cause, "LISTEN_FDS: %s", strerror(-n));
		return (-2);
	}
	if (n != 1) {
		xasprintf(cause, "LISTEN_FDS: %d sockets passed, expected one",
		    n);
		return (-2);
	}
	if (sd.is_socket_unix(SD_LISTEN_FDS_START, SOCK_STREAM, 1, NULL,
	    0) <= 0) {
		xasprintf(cause, "LISTEN_FDS: the passed socket is not a "
		    "listening UNIX stream socket");
		return (-2);
	}
	return (SD_LISTEN_FDS_START);
}

/* The watchdog interval the manager asked for, or 0. */
uint64_t
sdnotify_watchdog_usec(void)
{
	uint64_t	usec;

	if (getenv("WATCHDOG_USEC") == NULL)
		return (0);
	if (sd_open() != 0)
		return (0);
	if (sd.watchdog_enabled(0, &usec) <= 0)
		return (0);
	return (usec);
}
