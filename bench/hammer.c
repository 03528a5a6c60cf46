/* SPDX-License-Identifier: MIT */
/*
 * STATUS requests a second: CLIENTS connections each send STATUS, and again
 * as soon as the reply is in, for SECONDS. Prints the requests answered a
 * second.
 *
 * usage: hammer SOCKET CLIENTS SECONDS
 */
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

static const char	req[] = "STATUS\n";

static double
now(void)
{
	return (now_ns() / 1e9);
}


int
main(int argc, char **argv)
{
	struct sockaddr_un	 sa;
	struct epoll_event	 ev, evs[64];
	char			 buf[4096];
	double			 t0, t1, seconds;
	long long		 answered = 0;
	ssize_t			 got, j;
	int			 clients, i, k, fd, ep, *fds;

	if (argc != 4) {
		fprintf(stderr, "usage: hammer SOCKET CLIENTS SECONDS\n");
		return (2);
	}
	clients = atoi(argv[2]);
	seconds = atof(argv[3]);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", argv[1]);
	if ((ep = epoll_create1(0)) == -1)
		die("epoll_create1");
	if ((fds = calloc(clients, sizeof *fds)) == NULL)
		die("calloc");
	for (i = 0; i < clients; i++) {
		if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
		    connect(fd, (struct sockaddr *)&sa, sizeof sa) == -1)
			die(argv[1]);
		fds[i] = fd;
		ev.events = EPOLLIN;
		ev.data.fd = fd;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == -1)
			die("epoll_ctl");
	}
	t0 = now();
	for (i = 0; i < clients; i++) {
		if (write(fds[i], req, sizeof req - 1) != sizeof req - 1)
			die("write");
	}
	while ((t1 = now()) - t0 < seconds) {
		if ((k = epoll_wait(ep, evs, 64, 100)) == -1)
			die("epoll_wait");
		for (i = 0; i < k; i++) {
			fd = evs[i].data.fd;
			if ((got = read(fd, buf, sizeof buf)) <= 0)
				die("read");
			/* One request outstanding: a newline ends its reply. */
			for (j = 0; j < got; j++) {
				if (buf[j] != '\n')
					continue;
				answered++;
				if (write(fd, req, sizeof req - 1) !=
				    sizeof req - 1)
					die("write");
			}
		}
	}
	printf("%.0f\n", answered / (t1 - t0));
	return (0);
}
