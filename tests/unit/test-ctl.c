/* SPDX-License-Identifier: MIT */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/ctl.h"
#include "tap.h"

/*
 * schemactl, both files: ctl.c's connection and request (a reply, a
 * daemon that hangs up, one that does not answer, one that is not there),
 * and main.c's commands against a daemon this test plays on a UNIX
 * socket -- the exit code each reply deserves, --json, what WAIT asks.
 */

int	schemactl_main(int, char **);

static char	dir[] = "/tmp/schemad-ctl-XXXXXX";
static char	sock[100];

/* The daemon: the reply to each connection in turn; what it was asked. */
static struct {
	pthread_mutex_t	 lock;
	const char	*replies[8];
	int		 n, next;
	char		 asked[256];
} d = { PTHREAD_MUTEX_INITIALIZER, { NULL }, 0, 0, "" };

#define SILENT	""		/* a reply: none, until the client leaves */
#define HANGUP	NULL		/* a reply: close at once */

static void *
daemon_main(void *arg)
{
	const char	*reply;
	char		 buf[256];
	ssize_t		 n;
	int		 lfd = *(int *)arg, fd;

	for (;;) {
		if ((fd = accept(lfd, NULL, NULL)) == -1)
			continue;
		n = read(fd, buf, sizeof buf - 1);
		pthread_mutex_lock(&d.lock);
		buf[n > 0 ? n : 0] = '\0';
		snprintf(d.asked, sizeof d.asked, "%s", buf);
		reply = d.next < d.n ? d.replies[d.next++] : HANGUP;
		pthread_mutex_unlock(&d.lock);
		if (reply != NULL && *reply != '\0' &&
		    write(fd, reply, strlen(reply)) < 0)
			abort();
		if (reply != NULL && *reply == '\0')
			while (read(fd, buf, sizeof buf) > 0)
				;	/* until the client gives up */
		close(fd);
	}
	return (NULL);
}

static void
replies(const char *a, const char *b)
{
	pthread_mutex_lock(&d.lock);
	d.replies[0] = a;
	d.replies[1] = b;
	d.n = b == NULL ? 1 : 2;
	d.next = 0;
	pthread_mutex_unlock(&d.lock);
}

/* schemactl's exit code with these arguments; *out what it printed. */
static int
schemactl(char **out, const char *a1, const char *a2, const char *a3,
    const char *a4)
{
	const char	*args[8] = { "schemactl", "-s", sock, a1, a2, a3, a4 };
	char		*argv[8];
	int		 argc, rc;

	for (argc = 0; argc < 7 && args[argc] != NULL; argc++)
		argv[argc] = strdup(args[argc]);
	argv[argc] = NULL;
	optind = 0;			/* getopt_long from the start */
	tap_capture_begin(1);
	rc = schemactl_main(argc, argv);
	*out = tap_capture_end();
	while (argc > 0)
		free(argv[--argc]);
	return (rc);
}

static void
test_ctl(void)
{
	char	reply[64], path[300];
	long	t0;
	int	fd;

	t0 = ctl_now_ms();
	tap_ok(t0 > 0 && ctl_now_ms() >= t0, "a monotonic clock in ms");

	snprintf(path, sizeof path, "%s/none.sock", dir);
	tap_ok(ctl_connect(path) == -1 && errno == ENOENT, "no socket: "
	    "ENOENT");
	memset(path, 'x', sizeof path - 1);
	path[sizeof path - 1] = '\0';
	tap_ok(ctl_connect(path) == -1 && errno == ENAMETOOLONG,
	    "a path too long for a socket: ENAMETOOLONG");

	replies("READY version=3\n", NULL);
	fd = ctl_connect(sock);
	is_int(ctl_request(fd, "STATUS\n", reply, sizeof reply, 2000), 0,
	    "a request");
	is_str(reply, "READY version=3", "its reply, without the newline");
	is_str(d.asked, "STATUS\n", "the daemon got the request");
	close(fd);

	replies(HANGUP, NULL);
	fd = ctl_connect(sock);
	tap_ok(ctl_request(fd, "STATUS\n", reply, sizeof reply, 2000) == -1 &&
	    errno == ECONNRESET, "a daemon that hangs up: ECONNRESET");
	close(fd);

	replies(SILENT, NULL);
	fd = ctl_connect(sock);
	t0 = ctl_now_ms();
	tap_ok(ctl_request(fd, "STATUS\n", reply, sizeof reply, 100) == -1 &&
	    errno == ETIMEDOUT, "one that does not answer: ETIMEDOUT");
	tap_ok(ctl_now_ms() - t0 >= 100, "after the time given");
	close(fd);

	replies("READY version=3 target=3 since=2026-12-06T00:00:00Z "
	    "waiting=0 reason=\"a b\"and more\n", NULL);
	fd = ctl_connect(sock);
	is_int(ctl_request(fd, "STATUS\n", reply, 16, 2000), -1,
	    "a reply longer than the buffer");
	is_int(errno, EMSGSIZE, "EMSGSIZE");
	close(fd);
}

static void
test_main(void)
{
	char	*out;

	replies("READY version=3 target=3\n", NULL);
	is_int(schemactl(&out, "status", NULL, NULL, NULL), CTL_READY,
	    "status, READY: 0");
	is_str(out, "READY version=3 target=3\n", "the reply, as it is");
	free(out);
	replies("READY version=3 target=3\n", NULL);
	is_int(schemactl(&out, "--version", "4", "status", NULL),
	    CTL_NOTREADY, "READY below the version asked for: 3");
	free(out);
	replies("STARTING version=2 waiting_for=lock waited_ms=10\n", NULL);
	is_int(schemactl(&out, "status", NULL, NULL, NULL), CTL_NOTREADY,
	    "STARTING: 3");
	free(out);
	replies("FAILED version=2 exit=1 error=\"x.sql:1: boom\"\n", NULL);
	is_int(schemactl(&out, "--json", "status", NULL, NULL), CTL_FAILED,
	    "FAILED: 1");
	is_str(out, "{\"state\":\"FAILED\",\"version\":2,\"exit\":1,"
	    "\"error\":\"x.sql:1: boom\"}\n", "--json: an object, numbers as "
	    "numbers");
	free(out);
	replies("NONSENSE\n", NULL);
	is_int(schemactl(&out, "status", NULL, NULL, NULL), CTL_PROTOCOL,
	    "a word it does not know: 6");
	free(out);

	is_int(schemactl(&out, "--timeout", "soon", "wait", NULL), CTL_USAGE,
	    "a --timeout that is not a number: 2");
	free(out);
	replies("READY version=4 target=4\n", NULL);
	is_int(schemactl(&out, "--version", "4", "wait", NULL), CTL_READY,
	    "wait, READY: 0");
	tap_ok(tap_starts(d.asked, "WAIT ") && strstr(d.asked, " version=4\n")
	    != NULL, "asked WAIT with the time left and the version: %s",
	    d.asked);
	free(out);
	replies("STOPPING version=3\n", "READY version=4\n");
	is_int(schemactl(&out, "wait", NULL, NULL, NULL), CTL_READY,
	    "a daemon STOPPING is waited for again (a restart): 0");
	is_str(out, "READY version=4\n", "the second reply is printed");
	free(out);
	replies("TIMEOUT version=2\n", NULL);
	is_int(schemactl(&out, "--timeout", "1", "wait", NULL), CTL_TIMEOUT,
	    "TIMEOUT: 4");
	free(out);
	unlink(sock);
	is_int(schemactl(&out, "status", NULL, NULL, NULL), CTL_UNREACHABLE,
	    "no daemon: 5");
	free(out);
}

int
main(void)
{
	struct sockaddr_un	sa;
	pthread_t		t;
	static int		lfd;

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(sock, sizeof sock, "%s/schemad.sock", dir);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", sock);
	if ((lfd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(lfd, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    listen(lfd, 8) == -1 ||
	    pthread_create(&t, NULL, daemon_main, &lfd) != 0)
		abort();
	test_ctl();
	test_main();
	rmdir(dir);
	return (tap_done());		/* the daemon's thread ends with it */
}
