/* SPDX-License-Identifier: MIT */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"

/*
 * schemactl's side of the socket: connect, send one request line, read
 * one reply line (at once, or a while at a time).
 */

long
ctl_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec * 1000L + ts.tv_nsec / 1000000);
}

/* Connect to the daemon's socket; -1 with errno set if that fails. */
int
ctl_connect(const char *path)
{
	struct sockaddr_un	sa;
	int			fd, saved;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	strcpy(sa.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return (-1);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return (-1);
	}
	return (fd);
}

/*
 * Read the reply line (without its newline) within timeout_ms; *got is
 * how much of it came before (0 at first), kept across calls. Returns 0,
 * or -1 with errno set: ETIMEDOUT, or ECONNRESET when the daemon closed
 * the connection without a reply.
 */
int
ctl_read(int fd, char *reply, size_t size, size_t *got, long timeout_ms)
{
	struct pollfd	 pfd = { fd, POLLIN, 0 };
	long		 deadline = ctl_now_ms() + timeout_ms, left;
	ssize_t		 n;
	char		*nl;

	for (;;) {
		if ((left = deadline - ctl_now_ms()) <= 0) {
			errno = ETIMEDOUT;
			return (-1);
		}
		if ((n = poll(&pfd, 1, (int)left)) == -1 && errno != EINTR)
			return (-1);
		if (n <= 0)
			continue;
		if ((n = read(fd, reply + *got, size - 1 - *got)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		if (n == 0) {
			errno = ECONNRESET;
			return (-1);
		}
		*got += n;
		reply[*got] = '\0';
		if ((nl = strchr(reply, '\n')) != NULL) {
			*nl = '\0';
			return (0);
		}
		if (*got == size - 1) {
			errno = EMSGSIZE;
			return (-1);
		}
	}
}

/* Send a request; -1 with errno set if that fails. */
int
ctl_send(int fd, const char *request)
{
	size_t	len = strlen(request);

	/*
	 * A daemon that turns the client away (too many clients) answers and
	 * closes at once; the send may then fail, but the answer is there to
	 * be read.
	 */
	if (send(fd, request, len, MSG_NOSIGNAL) != (ssize_t)len &&
	    errno != EPIPE && errno != ECONNRESET)
		return (-1);
	return (0);
}

/* Send a request and read the reply line within timeout_ms, as above. */
int
ctl_request(int fd, const char *request, char *reply, size_t size,
    long timeout_ms)
{
	size_t	got = 0;

	if (ctl_send(fd, request) == -1)
		return (-1);
	return (ctl_read(fd, reply, size, &got, timeout_ms));
}
