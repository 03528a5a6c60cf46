/* SPDX-License-Identifier: MIT */
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <event2/event.h>
#include <event2/listener.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "listener.h"
#include "log.h"
#include "tap.h"

/*
 * A guarded listener: when accept() fails for want of descriptors (the
 * limit lowered under it, a client waiting), it does not spin -- it says
 * so once, pauses a second, and then accepts the client; another error is
 * logged and ignored; the guards are few, and say so when full.
 */

static char	dir[] = "/tmp/schemad-listener-XXXXXX";
static int	accepted;
static struct timespec	t_accepted;

static void
accept_cb(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
    int len, void *arg)
{
	(void)l;
	(void)sa;
	(void)len;
	close(fd);
	accepted++;
	clock_gettime(CLOCK_MONOTONIC, &t_accepted);
	event_base_loopbreak(arg);
}

/* Listen on dir/name. */
static struct evconnlistener *
listen_on(struct event_base *base, const char *name, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof *sa);
	sa->sun_family = AF_UNIX;
	snprintf(sa->sun_path, sizeof sa->sun_path, "%s/%s", dir, name);
	return (evconnlistener_new_bind(base, accept_cb, base,
	    LEV_OPT_CLOSE_ON_FREE, 8, (struct sockaddr *)sa, sizeof *sa));
}

int
main(void)
{
	struct event_base	*base;
	struct evconnlistener	*l, *more[4];
	struct sockaddr_un	 sa, sb;
	struct rlimit		 rl, low;
	struct timespec		 t0;
	struct timeval		 tv = { 5, 0 };
	char			*logged, name[16], cmd[128];
	double			 paused;
	int			 client, probe, i;

	if (mkdtemp(dir) == NULL || (base = event_base_new()) == NULL ||
	    (l = listen_on(base, "a.sock", &sa)) == NULL)
		abort();
	log_init("schemad", 0);
	is_int(listener_guard(base, l, "the socket"), 0, "guarded");

	/* A client waits, and accept() has no descriptor left to give. */
	if ((client = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    connect(client, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    getrlimit(RLIMIT_NOFILE, &rl) != 0)
		abort();
	tap_capture_begin(2);
	if ((probe = dup(0)) == -1)	/* the lowest descriptor free */
		abort();
	close(probe);
	low = rl;
	low.rlim_cur = (rlim_t)probe;
	if (setrlimit(RLIMIT_NOFILE, &low) != 0)
		abort();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 20; i++)	/* a spinning listener would log 20 */
		event_base_loop(base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		abort();
	logged = tap_capture_end();
	is_str(logged, "schemad: warning: the socket: accept: Too many open "
	    "files, pausing for a second\n", "EMFILE: said once, and paused");
	free(logged);
	is_int(accepted, 0, "nothing accepted meanwhile");

	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
	is_int(accepted, 1, "after the pause, the client is accepted");
	paused = (double)(t_accepted.tv_sec - t0.tv_sec) +
	    (t_accepted.tv_nsec - t0.tv_nsec) / 1e9;
	tap_ok(paused >= 0.9 && paused < 4, "about a second later: %.2f s",
	    paused);
	close(client);

	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof name, "%d.sock", i);
		if ((more[i] = listen_on(base, name, &sb)) == NULL)
			abort();
	}
	is_int(listener_guard(base, more[0], "b"), 0, "a second guard");
	is_int(listener_guard(base, more[1], "c"), 0, "a third");
	is_int(listener_guard(base, more[2], "d"), 0, "a fourth");
	is_int(listener_guard(base, more[3], "e"), -1, "a fifth: -1, the "
	    "caller says so");
	listener_forget(more[0]);
	is_int(listener_guard(base, more[3], "e"), 0, "one forgotten: room "
	    "again");
	listener_forget(l);
	for (i = 1; i < 4; i++)
		listener_forget(more[i]);
	listener_forget(NULL);
	for (i = 0; i < 4; i++)
		evconnlistener_free(more[i]);
	evconnlistener_free(l);
	event_base_free(base);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", dir);
	return (tap_done());
}
