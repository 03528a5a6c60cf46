/* SPDX-License-Identifier: MIT */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sdnotify.h"
#include "xmalloc.h"

/*
 * The systemd protocols without libsystemd, as sd_notify(3),
 * sd_listen_fds(3) and sd_watchdog_enabled(3) document them: a datagram
 * of KEY=VALUE lines to $NOTIFY_SOCKET (a path, or '@' for the abstract
 * namespace); listening sockets from fd 3 when $LISTEN_PID is ours; the
 * watchdog interval in $WATCHDOG_USEC when $WATCHDOG_PID, if set, is ours.
 */

#define LISTEN_FDS_START	3

static int	env_is_our_pid(const char *);

/* Send one notification; < 0 on error, 0 when there is no manager. */
int
sdnotify_send(const char *msg)
{
	struct sockaddr_un	 sa;
	const char		*path = getenv("NOTIFY_SOCKET");
	size_t			 len;
	int			 fd, saved;
	ssize_t			 n;

	if (path == NULL || *path == '\0')
		return (0);
	if ((*path != '/' && *path != '@') ||
	    (len = strlen(path)) >= sizeof sa.sun_path)
		return (-EINVAL);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, len);
	if (*path == '@')
		sa.sun_path[0] = '\0';
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return (-errno);
	n = sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sa,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len));
	saved = errno;
	close(fd);
	return (n == -1 ? -saved : 1);
}

/* Does the variable hold our pid? */
static int
env_is_our_pid(const char *name)
{
	const char	*s = getenv(name);
	char		*end;
	long		 pid;

	if (s == NULL)
		return (0);
	pid = strtol(s, &end, 10);
	return (*s != '\0' && *end == '\0' && pid == (long)getpid());
}

/*
 * The socket the manager passed (socket activation), or -1 when none was;
 * -2, with a cause, when what was passed cannot be used.
 */
int
sdnotify_listen_fd(char **cause)
{
	struct stat	 st;
	const char	*s;
	int		 ours, listening = 0, domain = 0, type = 0;
	socklen_t	 len = sizeof listening;

	ours = env_is_our_pid("LISTEN_PID");
	s = getenv("LISTEN_FDS");
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	if (!ours || s == NULL)
		return (-1);
	if (strcmp(s, "1") != 0) {
		xasprintf(cause, "LISTEN_FDS=%s: expected one socket", s);
		return (-2);
	}
	/* As libsystemd's sd_is_socket_unix(fd, SOCK_STREAM, 1, ...). */
	if (fstat(LISTEN_FDS_START, &st) == -1 || !S_ISSOCK(st.st_mode) ||
	    getsockopt(LISTEN_FDS_START, SOL_SOCKET, SO_ACCEPTCONN, &listening,
	    &len) == -1 || !listening || getsockopt(LISTEN_FDS_START,
	    SOL_SOCKET, SO_DOMAIN, &domain, &len) == -1 || domain != AF_UNIX ||
	    getsockopt(LISTEN_FDS_START, SOL_SOCKET, SO_TYPE, &type, &len) ==
	    -1 || type != SOCK_STREAM) {
		xasprintf(cause, "LISTEN_FDS: the passed socket is not a "
		    "listening UNIX stream socket");
		return (-2);
	}
	fcntl(LISTEN_FDS_START, F_SETFD, FD_CLOEXEC);
	return (LISTEN_FDS_START);
}

/* The watchdog interval the manager asked for, or 0. */
uint64_t
sdnotify_watchdog_usec(void)
{
	const char		*s = getenv("WATCHDOG_USEC");
	char			*end;
	unsigned long long	 usec;

	if (s == NULL || (getenv("WATCHDOG_PID") != NULL &&
	    !env_is_our_pid("WATCHDOG_PID")))
		return (0);
	usec = strtoull(s, &end, 10);
	if (*s == '\0' || *end != '\0')
		return (0);
	return (usec);
}
