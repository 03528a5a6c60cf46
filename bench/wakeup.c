/* SPDX-License-Identifier: MIT */
/*
 * How long after its COMMIT does the last of N waiting clients hear READY?
 *
 * The database's lock is taken here (BEGIN EXCLUSIVE) before the daemon is
 * started, so that it waits in STARTING. N clients connect and send WAIT;
 * once the daemon counts them all (STATUS says waiting=N), its resident
 * memory is read from /proc and the lock released. The clock starts at the
 * daemon's commit itself: in rollback-journal mode a transaction commits
 * when its journal is deleted, which inotify reports. It stops when the
 * last client has read its reply (the clients close only after that).
 * Prints one line:
 *
 *	RSS_BEFORE_KB RSS_WAITING_KB LATENCY_NS READY_REPLIES
 *
 * usage: wakeup DB SOCKET N -- DAEMON...
 */
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

static struct sockaddr_un	sa;



static int
dial(void)
{
	int	fd;

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		die("socket");
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		close(fd);
		return (-1);
	}
	return (fd);
}

/* Send one request on fd and read its one-line reply into buf. */
static void
ask(int fd, const char *req, char *buf, size_t size)
{
	size_t	got = 0;
	ssize_t	n;

	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req))
		die("write");
	while (got == 0 || buf[got - 1] != '\n') {
		if ((n = read(fd, buf + got, size - 1 - got)) <= 0)
			die("read");
		got += n;
	}
	buf[got] = '\0';
}

/* VmRSS of a process, in kB. */
static long
rss_kb(pid_t pid)
{
	char	 path[64], line[256];
	long	 kb = -1;
	FILE	*f;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		die(path);
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	fclose(f);
	return (kb);
}

int
main(int argc, char **argv)
{
	struct epoll_event	 ev, evs[256];
	sqlite3			*db;
	char			 buf[4096], want[64], journal[PATH_MAX], *dir;
	long long		 t_commit = 0, t_last = 0;
	long			 rss_before, rss_waiting;
	pid_t			 pid;
	int			 n, i, k, fd, ep, in, ctl, tries, left, ready = 0;
	ssize_t			 got;
	struct inotify_event	*ie;

	if (argc < 6 || strcmp(argv[4], "--") != 0) {
		fprintf(stderr, "usage: wakeup DB SOCKET N -- DAEMON...\n");
		return (2);
	}
	n = atoi(argv[3]);
	raise_nofile(n + 64L);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", argv[2]);
	snprintf(journal, sizeof journal, "%s-journal", argv[1]);
	snprintf(want, sizeof want, " waiting=%d\n", n);

	if (sqlite3_open(argv[1], &db) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "wakeup: %s: %s\n", argv[1], sqlite3_errmsg(db));
		return (2);
	}
	if ((pid = fork()) == -1)
		die("fork");
	if (pid == 0) {
		execvp(argv[5], argv + 5);
		_exit(127);
	}
	for (tries = 0; (ctl = dial()) == -1; tries++) {
		if (tries == 10000 || waitpid(pid, NULL, WNOHANG) == pid) {
			fprintf(stderr, "wakeup: %s: no daemon\n", argv[2]);
			return (2);
		}
		usleep(1000);
	}
	rss_before = rss_kb(pid);

	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1)
		die("epoll_create1");
	for (i = 0; i < n; i++) {
		if ((fd = dial()) == -1)
			die("connect");
		if (write(fd, "WAIT\n", 5) != 5)
			die("write");
		ev.events = EPOLLIN | EPOLLONESHOT;	/* one reply each */
		ev.data.fd = fd;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == -1)
			die("epoll_ctl");
	}
	do
		ask(ctl, "STATUS\n", buf, sizeof buf);
	while (strstr(buf, want) == NULL);
	rss_waiting = rss_kb(pid);

	/* Watch for the journal's deletion, then let the daemon go. */
	dir = dirname(strdup(argv[1]));
	if ((in = inotify_init1(IN_CLOEXEC)) == -1 ||
	    inotify_add_watch(in, dir, IN_DELETE) == -1)
		die("inotify");
	ev.events = EPOLLIN;
	ev.data.fd = in;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, in, &ev) == -1)
		die("epoll_ctl");
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		die("COMMIT");

	for (left = n; left > 0;) {
		if ((k = epoll_wait(ep, evs, 256, -1)) == -1) {
			if (errno == EINTR)
				continue;
			die("epoll_wait");
		}
		/* The journal first: a commit comes before its READY. */
		for (i = 0; i < k; i++) {
			if (evs[i].data.fd != in)
				continue;
			if ((got = read(in, buf, sizeof buf)) <= 0)
				die("inotify read");
			for (ie = (struct inotify_event *)buf;
			    (char *)ie < buf + got; ie = (struct inotify_event *)
			    ((char *)ie + sizeof *ie + ie->len)) {
				if (ready == 0 && ie->len > 0 &&
				    strcmp(ie->name, basename(journal)) == 0)
					t_commit = now_ns();
			}
		}
		for (i = 0; i < k; i++) {
			if ((fd = evs[i].data.fd) == in)
				continue;
			got = read(fd, buf, sizeof buf - 1);
			if (got > 0 && strncmp(buf, "READY", 5) == 0)
				ready++;
			left--;
		}
	}
	t_last = now_ns();
	/* Closing is the clients' business after they have their answer. */
	close(ep);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	sqlite3_close(db);
	if (t_commit == 0) {
		fprintf(stderr, "wakeup: never saw %s deleted; is the database "
		    "in rollback-journal mode?\n", journal);
		return (1);
	}
	printf("%ld %ld %lld %d\n", rss_before, rss_waiting, t_last - t_commit,
	    ready);
	return (ready == n ? 0 : 1);
}
