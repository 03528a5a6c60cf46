/* SPDX-License-Identifier: MIT */
/*
 * Hold many TCP connections: open N connections to 127.0.0.1:PORT (each
 * one that the server does not accept waits in its backlog), send TEXT on
 * each if given (half a request line, say), print how many were opened,
 * and keep them until killed.
 *
 * usage: conns PORT N [TEXT]
 */
#include <sys/resource.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct sockaddr_in	sin;
	struct rlimit		rl;
	int			i, n, opened = 0, fd;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: conns PORT N [TEXT]\n");
		return (2);
	}
	n = atoi(argv[2]);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)n + 16) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)atoi(argv[1]));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (i = 0; i < n; i++) {
		if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
			break;
		if (connect(fd, (struct sockaddr *)&sin, sizeof sin) == -1) {
			close(fd);
			break;
		}
		if (argc == 4 && write(fd, argv[3], strlen(argv[3])) == -1)
			perror("write");
		opened++;
	}
	printf("opened %d\n", opened);
	fflush(stdout);
	for (;;)
		pause();
}
