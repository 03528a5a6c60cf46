/* SPDX-License-Identifier: MIT */
/*
 * The systemd protocols, played against as the service manager: built
 * as test-sdnotify, it links the built-in ones (sdnotify-builtin.c, which
 * a build --without-systemd uses) whatever the build; built as
 * test-sdnotify-libsystemd, those through libsystemd
 * (sdnotify-libsystemd.c). Both must answer alike.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <netinet/in.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sdnotify.h"
#include "tap.h"

static char	dir[] = "/tmp/schemad-sdnotify-XXXXXX";

/* Bind a datagram socket, as systemd's notification socket. */
static int
manager_socket(const char *path, int abstract)
{
	struct sockaddr_un	sa;
	socklen_t		len;
	int			fd;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, path);
	len = offsetof(struct sockaddr_un, sun_path) + strlen(path);
	if (abstract)
		sa.sun_path[0] = '\0';
	if ((fd = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sa, len) == -1)
		abort();
	return (fd);
}

static void
test_notify(void)
{
	char	path[256], abs[64], buf[256];
	ssize_t	n;
	int	fd;

	unsetenv("NOTIFY_SOCKET");
	is_int(sdnotify_send("READY=1"), 0, "no NOTIFY_SOCKET: 0, nothing sent");

	snprintf(path, sizeof path, "%s/notify", dir);
	fd = manager_socket(path, 0);
	setenv("NOTIFY_SOCKET", path, 1);
	is_int(sdnotify_send("READY=1\nSTATUS=Ready"), 1, "sent to a path");
	n = recv(fd, buf, sizeof buf - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	is_str(buf, "READY=1\nSTATUS=Ready", "the manager got the datagram");
	close(fd);

	snprintf(abs, sizeof abs, "@schemad-test-%ld", (long)getpid());
	fd = manager_socket(abs, 1);
	setenv("NOTIFY_SOCKET", abs, 1);
	is_int(sdnotify_send("STOPPING=1"), 1, "sent to an abstract socket");
	n = recv(fd, buf, sizeof buf - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	is_str(buf, "STOPPING=1", "the manager got it");
	close(fd);

	setenv("NOTIFY_SOCKET", "relative/path", 1);
	tap_ok(sdnotify_send("READY=1") < 0, "a relative path is refused");
	unsetenv("NOTIFY_SOCKET");
}

static void
test_listen(void)
{
	struct sockaddr_un	 sa;
	struct sockaddr_in	 sin;
	char			 pid[32], *cause = NULL;
	int			 fd, sv[2];

	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	is_int(sdnotify_listen_fd(&cause), -1, "no LISTEN_FDS: no socket");

	snprintf(pid, sizeof pid, "%ld", (long)getpid() + 1);
	setenv("LISTEN_PID", pid, 1);
	setenv("LISTEN_FDS", "1", 1);
	is_int(sdnotify_listen_fd(&cause), -1, "LISTEN_PID of another process");
	tap_ok(getenv("LISTEN_FDS") == NULL, "LISTEN_* are unset after");

	/* fd 3: a socket pair is not listening. */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1 || dup2(sv[0], 3) == -1)
		abort();
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	setenv("LISTEN_PID", pid, 1);
	setenv("LISTEN_FDS", "1", 1);
	is_int(sdnotify_listen_fd(&cause), -2, "a socket that does not listen");
	tap_ok(cause != NULL && strstr(cause, "not a listening UNIX stream "
	    "socket") != NULL, "is refused: %s", cause);
	free(cause);
	cause = NULL;

	/* A listening TCP socket: the daemon's is a UNIX stream socket. */
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    listen(fd, 1) == -1 || dup2(fd, 3) == -1)
		abort();
	close(fd);
	setenv("LISTEN_PID", pid, 1);
	setenv("LISTEN_FDS", "1", 1);
	is_int(sdnotify_listen_fd(&cause), -2, "a listening TCP socket is "
	    "refused");
	free(cause);
	cause = NULL;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s/listen", dir);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    listen(fd, 1) == -1 || dup2(fd, 3) == -1)
		abort();
	setenv("LISTEN_PID", pid, 1);
	setenv("LISTEN_FDS", "1", 1);
	is_int(sdnotify_listen_fd(&cause), 3, "a listening socket at fd 3");
	setenv("LISTEN_PID", pid, 1);
	setenv("LISTEN_FDS", "2", 1);
	is_int(sdnotify_listen_fd(&cause), -2, "two sockets are refused");
	free(cause);
}

static void
test_watchdog(void)
{
	char	pid[32];

	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
	is_int(sdnotify_watchdog_usec(), 0, "no watchdog");
	setenv("WATCHDOG_USEC", "30000000", 1);
	is_int(sdnotify_watchdog_usec(), 30000000, "WATCHDOG_USEC");
	snprintf(pid, sizeof pid, "%ld", (long)getpid() + 1);
	setenv("WATCHDOG_PID", pid, 1);
	is_int(sdnotify_watchdog_usec(), 0, "WATCHDOG_PID of another process");
	setenv("WATCHDOG_USEC", "soon", 1);
	unsetenv("WATCHDOG_PID");
	is_int(sdnotify_watchdog_usec(), 0, "a bad WATCHDOG_USEC");
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		abort();
	test_notify();
	test_listen();
	test_watchdog();
	{
		char	path[128];

		snprintf(path, sizeof path, "%s/listen", dir);
		unlink(path);
	}
	rmdir(dir);
	return (tap_done());
}
