/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>

#include "sdnotify.h"
#include "xmalloc.h"

/*
 * The systemd protocols through libsystemd.
 */

/* Send one notification; < 0 on error, 0 when there is no manager. */
int
sdnotify_send(const char *msg)
{
	return (sd_notify(0, msg));
}

/*
 * The socket systemd passed (socket activation), or -1 when none was;
 * -2, with a cause, when what was passed cannot be used.
 */
int
sdnotify_listen_fd(char **cause)
{
	int	n;

	if ((n = sd_listen_fds(1)) <= 0) {
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
	if (sd_is_socket_unix(SD_LISTEN_FDS_START, SOCK_STREAM, 1, NULL,
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

	if (sd_watchdog_enabled(0, &usec) <= 0)
		return (0);
	return (usec);
}
