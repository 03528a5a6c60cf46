/* SPDX-License-Identifier: MIT */
/*
 * A client that asks and never reads: connect to SOCKET, send up to N
 * "PING" requests (until the daemon stops reading for half a second),
 * print how many, then wait for standard input to close without ever
 * reading a reply.
 *
 * usage: flood SOCKET N
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct sockaddr_un	sa;
	char			buf[5000];
	struct pollfd		pfd;
	long			n, i, sent;
	ssize_t			w;
	int			fd;

	if (argc != 3) {
		fprintf(stderr, "usage: flood SOCKET N\n");
		return (2);
	}
	n = atol(argv[2]);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", argv[1]);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		perror(argv[1]);
		return (1);
	}
	pfd.fd = fd;
	pfd.events = POLLOUT;
	for (i = 0; i < (long)sizeof buf / 5; i++)
		memcpy(buf + i * 5, "PING\n", 5);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	for (sent = 0; sent < n;) {
		if ((w = write(fd, buf, sizeof buf)) > 0) {
			sent += w / 5;
			continue;
		}
		if (w == -1 && errno != EAGAIN)
			break;
		if (poll(&pfd, 1, 500) != 1)
			break;
	}
	printf("sent %ld\n", sent);
	fflush(stdout);
	while (read(STDIN_FILENO, buf, sizeof buf) > 0)
		;
	return (0);
}
