/* SPDX-License-Identifier: MIT */
#include <sys/socket.h>

#include <dirent.h>
#include <errno.h>

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http.h"
#include "state.h"
#include "tap.h"

/*
 * The HTTP probes, asked by libevent's HTTP client in the same loop: the
 * code and body of each path in each state, methods that are refused; and
 * the cap on connections, against idle clients that send half a request.
 */

static struct event_base	*base;
static int			 port;

struct answer {
	int	code;
	char	body[4096];
};

static void
answered(struct evhttp_request *req, void *arg)
{
	struct answer	*a = arg;
	struct evbuffer	*in;
	size_t		 n;

	a->code = req != NULL ? evhttp_request_get_response_code(req) : -1;
	if (req != NULL) {
		in = evhttp_request_get_input_buffer(req);
		n = evbuffer_remove(in, a->body, sizeof a->body - 1);
		a->body[n == (size_t)-1 ? 0 : n] = '\0';
	}
	event_base_loopexit(base, NULL);
}

/* Ask for path with method, on a connection of its own. */
static const struct answer *
ask(enum evhttp_cmd_type method, const char *path)
{
	static struct answer		 a;
	struct evhttp_connection	*conn;
	struct evhttp_request		*req;

	memset(&a, 0, sizeof a);
	conn = evhttp_connection_base_new(base, NULL, "127.0.0.1",
	    (unsigned short)port);
	req = evhttp_request_new(answered, &a);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Host",
	    "localhost");
	if (evhttp_make_request(conn, req, method, path) != 0)
		abort();
	event_base_dispatch(base);
	evhttp_connection_free(conn);
	return (&a);
}

/* A port nobody listens on. */
static int
free_port(void)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof sin;
	int			fd, n;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1)
		abort();
	n = ntohs(sin.sin_port);
	close(fd);
	return (n);
}

/* The descriptors this process has open. */
static int
open_fds(void)
{
	DIR	*d = opendir("/proc/self/fd");
	int	 n = 0;

	if (d == NULL)
		abort();
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return (n - 3);		/* ".", "..", and d's own */
}

/* Let the loop run for ms: accept, read, close. */
static void
spin(int ms)
{
	struct timeval	tv = { 0, ms * 1000 };

	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
}

/* A client that connects and sends half a request line, then nothing. */
static int
idle_client(void)
{
	struct sockaddr_in	sin;
	int			fd;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    write(fd, "GET /rea", 8) != 8)
		abort();
	return (fd);
}

/* Has the server closed the client's connection? */
static int
closed_by_server(int fd)
{
	char	c;
	ssize_t	n = recv(fd, &c, 1, MSG_DONTWAIT);

	return (n == 0 || (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK));
}

#define CAP	4
#define IDLE	12

/*
 * More idle clients than the cap: the oldest are closed to make room, the
 * newest kept, a real request is still answered, and every descriptor of
 * a closed connection is given back.
 */
static void
test_cap(void)
{
	int	fds[IDLE], before, i, open, shut, closed = 0, kept = 0;

	spin(10);
	before = open_fds();
	for (i = 0; i < IDLE; i++) {
		fds[i] = idle_client();
		spin(20);
	}
	http_connections(&open, &shut);
	tap_ok(open - shut <= CAP, "%d idle clients, cap %d: %d connections "
	    "left open (%d being closed)", IDLE, CAP, open - shut, shut);
	for (i = 0; i < IDLE; i++) {
		if (closed_by_server(fds[i]))
			closed += i < IDLE - CAP;
		else
			kept += i >= IDLE - CAP;
	}
	is_int(closed, IDLE - CAP, "the oldest were closed");
	is_int(kept, CAP, "the newest kept");
	tap_ok(open_fds() - before <= IDLE + CAP + 2, "the server holds "
	    "at most cap + those being closed: %d descriptors more than "
	    "before, %d of them the clients'", open_fds() - before, IDLE);
	is_int(ask(EVHTTP_REQ_GET, "/livez")->code, 200, "a probe at the cap "
	    "is answered");
	for (i = 0; i < IDLE; i++)
		close(fds[i]);
	spin(50);
	is_int(ask(EVHTTP_REQ_GET, "/livez")->code, 200, "and after");
	spin(20);
	ask(EVHTTP_REQ_GET, "/livez");	/* its accept sweeps the last one */
	tap_ok(open_fds() - before <= 1, "every descriptor given back (%d "
	    "more than before)", open_fds() - before);
}

int
main(void)
{
	const struct answer	*a;
	char			 addr[64], *cause = NULL;

	port = free_port();
	base = event_base_new();
	state_init();
	snprintf(addr, sizeof addr, "127.0.0.1:%d", port);
	is_int(http_listen(base, addr, CAP, &cause), 0, "listen on %s", addr);

	state_looked(3, 5);
	a = ask(EVHTTP_REQ_GET, "/readyz");
	is_int(a->code, 503, "STARTING: /readyz 503");
	tap_ok(tap_starts(a->body, "STARTING version=3 target=5 since="),
	    "with the state as a WAIT would get it: %s", a->body);
	is_int(ask(EVHTTP_REQ_GET, "/livez")->code, 200, "/livez 200");

	state_ready(5, 5);
	state_set_waiting(2);
	a = ask(EVHTTP_REQ_GET, "/readyz");
	is_int(a->code, 200, "READY: /readyz 200");
	a = ask(EVHTTP_REQ_GET, "/status");
	is_int(a->code, 200, "/status 200");
	tap_ok(tap_starts(a->body, "{\"state\":\"READY\",\"version\":5,"
	    "\"target\":5,\"since\":\"") &&
	    strstr(a->body, "\"waiting\":2}") != NULL,
	    "/status: the state and its fields as JSON: %s", a->body);

	state_reload_failed("0006_x.sql:1: \"quoted\" boom");
	a = ask(EVHTTP_REQ_GET, "/status");
	tap_ok(strstr(a->body, "\"reload\":\"failed\",\"reload_error\":"
	    "\"0006_x.sql:1: \\\"quoted\\\" boom\"") != NULL,
	    "/status: a failed reload, quotes escaped: %s", a->body);
	a = ask(EVHTTP_REQ_GET, "/metrics");
	is_int(a->code, 200, "/metrics 200");
	tap_ok(strstr(a->body, "schemad_ready 1\n") != NULL &&
	    strstr(a->body, "schemad_state{state=\"READY\"} 1\n") != NULL &&
	    strstr(a->body, "# TYPE schemad_schema_version gauge\n"
	    "schemad_schema_version 5\n") != NULL &&
	    strstr(a->body, "schemad_waiting_clients 2\n") != NULL &&
	    strstr(a->body, "# TYPE schemad_reload_failures_total counter\n"
	    "schemad_reload_failures_total 1\n") != NULL &&
	    strstr(a->body, "schemad_last_reload_successful 0\n") != NULL,
	    "/metrics: readiness, state, version, waiting, reloads");
	tap_ok(strstr(a->body, "schemad_build_info{version=\"" PACKAGE_VERSION
	    "\"} 1\n") != NULL, "/metrics: the build's version");
	tap_ok(strstr(a->body, "schemad_last_success_timestamp_seconds") ==
	    NULL && strstr(a->body, "schemad_last_failure_timestamp_seconds")
	    == NULL && strstr(a->body, "schemad_last_run_exit_code") == NULL,
	    "no run yet: no time of the last success, or failure, no exit "
	    "code");
	state_wait(WAIT_LOCK);
	state_waited(2500);
	state_record_run(0, 1.5, 0);
	a = ask(EVHTTP_REQ_GET, "/metrics");
	tap_ok(strstr(a->body, "# TYPE schemad_last_run_exit_code gauge\n"
	    "schemad_last_run_exit_code 0\n") != NULL, "/metrics: the last "
	    "run ended well: exit code 0");
	state_record_run(0, 0.5, 4);
	a = ask(EVHTTP_REQ_GET, "/metrics");
	tap_ok(strstr(a->body, "schemad_lock_wait_seconds 2.500\n") != NULL &&
	    strstr(a->body, "schemad_last_run_duration_seconds 0.500000\n") !=
	    NULL, "/metrics: the lock's wait, the last run's duration");
	tap_ok(strstr(a->body, "schemad_last_run_exit_code 4\n") != NULL,
	    "/metrics: the last run's exit code (4, drift)");
	{
		const char	*t = strstr(a->body,
				    "\nschemad_last_success_timestamp_seconds ");
		const char	*f = strstr(a->body,
				    "\nschemad_last_failure_timestamp_seconds ");
		long long	 now = (long long)time(NULL), ts, tf;

		tap_ok(t != NULL && f != NULL && sscanf(t, "%*s %lld", &ts) ==
		    1 && sscanf(f, "%*s %lld", &tf) == 1 && now - ts < 5 &&
		    now - tf < 5, "/metrics: when a run last ended well, and "
		    "failed");
	}
	state_begin_run();
	a = ask(EVHTTP_REQ_GET, "/metrics");
	tap_ok(strstr(a->body, "schemad_lock_wait_seconds 0.000\n") != NULL,
	    "a new run has not waited yet");
	state_failed(1, "boom");
	a = ask(EVHTTP_REQ_GET, "/readyz");
	is_int(a->code, 503, "FAILED: /readyz 503");
	is_int(ask(EVHTTP_REQ_GET, "/nosuch")->code, 404, "other paths 404");
	is_int(ask(EVHTTP_REQ_HEAD, "/readyz")->code, 503, "HEAD is allowed");
	a = ask(EVHTTP_REQ_POST, "/readyz");
	is_int(a->code, 405, "POST is not: 405");
	is_str(a->body, "method not allowed: GET or HEAD\n", "in text");
	test_cap();

	http_close();
	state_free();
	event_base_free(base);
	free(cause);
	return (tap_done());
}
