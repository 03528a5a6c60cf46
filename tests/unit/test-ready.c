/* SPDX-License-Identifier: MIT */
#include <sys/socket.h>
#include <sys/un.h>

#include <event2/event.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "ready.h"
#include "state.h"
#include "tap.h"

/*
 * The socket server, in the test's own loop: requests and replies, WAITs
 * answered by a change of the state or by their deadline, requests that
 * wait their turn behind a WAIT, a half-closed client, the limits, and the
 * drain at the end.
 */

static char			 dir[] = "/tmp/schemad-ready-XXXXXX";
static struct config		 conf;
static struct event_base	*base;

static int
client(void)
{
	struct sockaddr_un	sa;
	int			fd;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, conf.socket);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof sa) == -1)
		abort();
	return (fd);
}

static void
say(int fd, const char *text)
{
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
}

/* Run the loop for up to ms, or until fd has something to read. */
static int
pump(int fd, int ms)
{
	struct pollfd	pfd = { fd, POLLIN, 0 };
	int		i;

	for (i = 0; i < ms; i++) {
		event_base_loop(base, EVLOOP_NONBLOCK);
		if (poll(&pfd, 1, 1) == 1)
			return (1);
	}
	return (0);
}

/* The next reply line on fd, "" at EOF, "(none)" if none comes in ms. */
static const char *
reply_within(int fd, int ms)
{
	static char	line[4096];
	size_t		n = 0;
	ssize_t		got;

	while (n < sizeof line - 1) {
		if (!pump(fd, ms))
			return ("(none)");
		if ((got = read(fd, line + n, 1)) <= 0)
			break;
		if (line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	return (line);
}

static const char *
reply(int fd)
{
	return (reply_within(fd, 2000));
}

/* Is nothing said on fd for a while? */
static int
quiet(int fd)
{
	return (strcmp(reply_within(fd, 100), "(none)") == 0);
}

static void
test_requests(void)
{
	int	fd = client(), w;

	say(fd, "STATUS\n");
	tap_ok(tap_starts(reply(fd), "STARTING version=0 since="), "STATUS");
	say(fd, "PING\r\n");
	is_str(reply(fd), "PONG", "PING, with CR LF");
	say(fd, "FROB\n");
	tap_ok(tap_starts(reply(fd), "ERROR unknown request"), "an unknown "
	    "request: ERROR");
	say(fd, "PING\n");
	is_str(reply(fd), "PONG", "and the connection goes on");

	w = client();
	say(w, "WAIT 5000\n");
	tap_ok(quiet(w), "a WAIT is not answered while STARTING");
	say(fd, "STATUS\n");
	tap_ok(strstr(reply(fd), " waiting=1") != NULL, "STATUS counts it");
	state_ready(5, 5);
	tap_ok(tap_starts(reply(w), "READY version=5 target=5 since="),
	    "READY answers it at once");
	is_int(state_get()->waiting, 0, "nobody waits any more");
	close(w);
	close(fd);
}

static void
test_waits(void)
{
	const char	*r;
	int		 fd = client(), i, pongs = 0;

	say(fd, "WAIT 200 version=9\n");
	state_ready(6, 6);
	r = reply(fd);
	tap_ok(tap_starts(r, "TIMEOUT state=READY version=6 "), "a WAIT for a "
	    "version that does not come: TIMEOUT at its deadline: %s", r);

	/* A WAIT, then 200 PINGs behind it: more than a request's length. */
	say(fd, "WAIT 5000 version=10\n");
	for (i = 0; i < 200; i++)
		say(fd, "PING\n");
	tap_ok(quiet(fd), "the WAIT waits, and the PINGs with it");
	state_ready(10, 10);
	tap_ok(tap_starts(reply(fd), "READY version=10 "), "READY for the WAIT");
	for (i = 0; i < 200; i++)
		pongs += strcmp(reply(fd), "PONG") == 0;
	is_int(pongs, 200, "then a PONG for each PING behind it");
	close(fd);

	fd = client();
	say(fd, "WAIT 5000 version=11\n");
	shutdown(fd, SHUT_WR);
	tap_ok(quiet(fd), "a half-closed client's WAIT waits");
	state_ready(11, 11);
	tap_ok(tap_starts(reply(fd), "READY version=11 "), "and is answered");
	is_str(reply(fd), "", "then the connection is closed");
	close(fd);
}

static void
test_limits(void)
{
	char	big[700];
	int	fd = client(), fds[3], extra, i;

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	say(fd, big);
	is_str(reply(fd), "ERROR request too long", "a request over 511 bytes");
	is_str(reply(fd), "", "closes the connection");
	close(fd);

	for (i = 0; i < 3; i++) {
		fds[i] = client();
		say(fds[i], "PING\n");
		reply(fds[i]);
	}
	extra = client();
	is_str(reply(extra), "ERROR too many clients", "max_clients (3)");
	close(extra);
	for (i = 0; i < 3; i++)
		close(fds[i]);
}

static int	drained;

static void
done(void *arg)
{
	(void)arg;
	drained = 1;
}

static void
test_drain(void)
{
	int	fd = client();
	int	i;

	say(fd, "WAIT 5000 version=99\n");
	quiet(fd);
	state_stopping();
	tap_ok(tap_starts(reply(fd), "STOPPING version=11 "), "STOPPING answers "
	    "the waiters");
	ready_drain(done, NULL);
	for (i = 0; i < 2000 && !drained; i++)
		pump(fd, 1);
	is_str(reply(fd), "", "the drain closes every client");
	tap_ok(drained, "then says it is done");
	close(fd);
}

int
main(void)
{
	char	path[200], *cause = NULL;

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof path, "%s/s.sock", dir);
	config_init(&conf);
	free(conf.socket);
	conf.socket = strdup(path);
	conf.max_clients = 3;
	base = event_base_new();
	state_init();
	is_int(ready_listen(base, &conf, &cause), 0, "listen on %s", path);
	test_requests();
	test_waits();
	test_limits();
	test_drain();
	ready_close();
	tap_ok(access(path, F_OK) == -1, "the socket is removed at close");
	state_free();
	event_base_free(base);
	config_free(&conf);
	rmdir(dir);
	free(cause);
	return (tap_done());
}
