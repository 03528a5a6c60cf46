/* SPDX-License-Identifier: MIT */
/*
 * Many clients at once: open N connections to SOCKET and send each
 * "WAIT TIMEOUT_MS"; close the first DROP of them again at once (clients
 * that vanish mid-WAIT); print "connected N" when all are connected and
 * waiting, then read every other reply and print how many began with each
 * word ("READY 998").
 *
 * usage: waiters SOCKET N DROP TIMEOUT_MS
 */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct sockaddr_un	 sa;
	struct pollfd		*pfd;
	struct rlimit		 rl;
	char			 buf[2048], req[64], word[32];
	int			 i, n, drop, left, ready = 0, other = 0;
	ssize_t			 got;

	if (argc != 5) {
		fprintf(stderr, "usage: waiters SOCKET N DROP TIMEOUT_MS\n");
		return (2);
	}
	n = atoi(argv[2]);
	drop = atoi(argv[3]);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)n + 16) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", argv[1]);
	snprintf(req, sizeof req, "WAIT %s\n", argv[4]);
	pfd = calloc(n, sizeof *pfd);
	for (i = 0; i < n; i++) {
		pfd[i].fd = socket(AF_UNIX, SOCK_STREAM, 0);
		pfd[i].events = POLLIN;
		if (pfd[i].fd == -1 || connect(pfd[i].fd,
		    (struct sockaddr *)&sa, sizeof sa) == -1 ||
		    write(pfd[i].fd, req, strlen(req)) != (ssize_t)strlen(req)) {
			perror("client");
			return (1);
		}
	}
	for (i = 0; i < drop; i++) {
		close(pfd[i].fd);
		pfd[i].fd = -1;
	}
	printf("connected %d\n", n);
	fflush(stdout);
	for (left = n - drop; left > 0;) {
		if (poll(pfd, n, -1) <= 0)
			continue;
		for (i = 0; i < n; i++) {
			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			got = read(pfd[i].fd, buf, sizeof buf - 1);
			buf[got > 0 ? got : 0] = '\0';
			if (got > 0 && sscanf(buf, "%31s", word) == 1 &&
			    strcmp(word, "READY") == 0)
				ready++;
			else
				other++;
			close(pfd[i].fd);
			pfd[i].fd = -1;
			left--;
		}
	}
	printf("READY %d\nother %d\n", ready, other);
	free(pfd);
	return (0);
}
