/* SPDX-License-Identifier: MIT */
/*
 * Time a command the way the benchmarks need it, without a shell in the
 * measurement. Each of RUNS runs first runs SETUP with /bin/sh (untimed),
 * then starts PROCS copies of COMMAND held at one barrier, releases them
 * together and waits for all of them. One line a run:
 *
 *	WALL_NS MAX_RSS_KB FAILURES
 *
 * WALL_NS runs from the release until the last copy exits, MAX_RSS_KB is
 * the largest peak resident set of the copies, FAILURES how many exited
 * non-zero or on a signal. With -n (one copy only) the time is until the
 * command sends READY=1 to the NOTIFY_SOCKET it is given; it is then sent
 * SIGTERM and must exit 0. The copies' output goes to LOG (appended), or
 * to /dev/null.
 *
 * usage: timeit [-n] [-r RUNS] [-p PROCS] [-s SETUP] [-o LOG] -- COMMAND...
 */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"



/* A datagram socket for sd_notify, bound to a path under $TMPDIR. */
static int
notify_socket(char *path, size_t size)
{
	struct sockaddr_un	 sa;
	const char		*tmp;
	int			 fd;

	if ((tmp = getenv("TMPDIR")) == NULL)
		tmp = "/tmp";
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(path, size, "%s/timeit-notify.%ld", tmp, (long)getpid());
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	unlink(path);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1)
		die("notify socket");
	return (fd);
}

/*
 * Wait for a datagram with a READY=1 line: 0, or -1 when the command exits
 * first (its status is then in *status).
 */
static int
await_ready(int fd, pid_t pid, int *status, struct rusage *ru)
{
	struct pollfd	pfd = { .fd = fd, .events = POLLIN };
	char		buf[4096];
	ssize_t		n;

	for (;;) {
		if (poll(&pfd, 1, 20) == 0) {
			if (wait4(pid, status, WNOHANG, ru) == pid)
				return (-1);
			continue;
		}
		if ((n = recv(fd, buf, sizeof buf - 1, MSG_DONTWAIT)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			die("recv");
		}
		buf[n] = '\0';
		if (strncmp(buf, "READY=1", 7) == 0 ||
		    strstr(buf, "\nREADY=1") != NULL)
			return (0);
	}
}

int
main(int argc, char **argv)
{
	struct rusage	 ru;
	const char	*setup = NULL, *log = "/dev/null";
	char		 npath[108];
	long long	 t0, t1;
	long		 maxrss;
	pid_t		*pids, pid;
	int		 c, i, r, runs = 1, procs = 1, notify = 0;
	int		 barrier[2], out, nfd = -1, status, failures, exited;

	while ((c = getopt(argc, argv, "no:p:r:s:")) != -1) {
		switch (c) {
		case 'n':
			notify = 1;
			break;
		case 'o':
			log = optarg;
			break;
		case 'p':
			procs = atoi(optarg);
			break;
		case 'r':
			runs = atoi(optarg);
			break;
		case 's':
			setup = optarg;
			break;
		default:
			goto usage;
		}
	}
	argv += optind;
	if (argv[0] == NULL || runs < 1 || procs < 1 || (notify && procs != 1))
		goto usage;
	if ((pids = calloc(procs, sizeof *pids)) == NULL)
		die("calloc");
	if ((out = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0644)) == -1)
		die(log);
	if (notify) {
		nfd = notify_socket(npath, sizeof npath);
		setenv("NOTIFY_SOCKET", npath, 1);
	}

	for (r = 0; r < runs; r++) {
		if (setup != NULL && system(setup) != 0) {
			fprintf(stderr, "timeit: setup failed: %s\n", setup);
			return (2);
		}
		if (pipe(barrier) == -1)
			die("pipe");
		for (i = 0; i < procs; i++) {
			if ((pid = fork()) == -1)
				die("fork");
			if (pid == 0) {
				close(barrier[1]);
				if (read(barrier[0], &c, 1) != 0)
					_exit(126);
				dup2(out, 1);
				dup2(out, 2);
				execvp(argv[0], argv);
				_exit(127);
			}
			pids[i] = pid;
		}
		close(barrier[0]);
		t0 = now_ns();
		close(barrier[1]);
		exited = 0;
		if (notify) {
			exited = await_ready(nfd, pids[0], &status, &ru) == -1;
			t1 = now_ns();
			if (!exited)
				kill(pids[0], SIGTERM);
		}
		maxrss = 0;
		failures = 0;
		for (i = 0; i < procs; i++) {
			while (!exited && wait4(pids[i], &status, 0, &ru) == -1)
				if (errno != EINTR)
					die("wait4");
			if (exited || !WIFEXITED(status) ||
			    WEXITSTATUS(status) != 0)
				failures++;
			if (ru.ru_maxrss > maxrss)
				maxrss = ru.ru_maxrss;
		}
		if (!notify)
			t1 = now_ns();
		printf("%lld %ld %d\n", t1 - t0, maxrss, failures);
		fflush(stdout);
	}
	if (notify)
		unlink(npath);
	return (0);

usage:
	fprintf(stderr, "usage: timeit [-n] [-r RUNS] [-p PROCS] [-s SETUP] "
	    "[-o LOG] -- COMMAND...\n");
	return (2);
}
