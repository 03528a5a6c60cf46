/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <stdlib.h>
#include <string.h>

#include "listener.h"
#include "log.h"
#include "xmalloc.h"

/*
 * What the daemon's listening sockets -- the UNIX socket and HTTP alike --
 * add to libevent's evconnlistener: when accept() fails for want of
 * descriptors or memory, the socket stays readable, and libevent would try
 * again at once, log a warning each time, and spin. A guarded listener
 * pauses accepting for a second instead, and says so once a pause. (The
 * error callback gets the listener's own argument, which for evhttp's is
 * evhttp's: so the guards are found by their listener.)
 */

#define LISTENER_MAX		4
#define LISTENER_PAUSE_SEC	1

static struct guard {
	struct evconnlistener	*l;
	struct event		*resume;
	char			*name;
} guards[LISTENER_MAX];

static struct guard	*guard_find(struct evconnlistener *);
static void		 listener_error(struct evconnlistener *, void *);
static void		 listener_resume(evutil_socket_t, short, void *);

static struct guard *
guard_find(struct evconnlistener *l)
{
	size_t	i;

	for (i = 0; i < LISTENER_MAX; i++) {
		if (guards[i].l == l)
			return (&guards[i]);
	}
	return (NULL);
}

static void
listener_error(struct evconnlistener *l, void *arg)
{
	struct guard	*g = guard_find(l);
	struct timeval	 tv = { LISTENER_PAUSE_SEC, 0 };
	int		 err = EVUTIL_SOCKET_ERROR();

	(void)arg;
	if (g == NULL)
		return;
	if (err == EMFILE || err == ENFILE || err == ENOBUFS ||
	    err == ENOMEM) {
		log_warning("%s: accept: %s, pausing for a second", g->name,
		    evutil_socket_error_to_string(err));
		evconnlistener_disable(l);
		evtimer_add(g->resume, &tv);
		return;
	}
	log_warning("%s: accept: %s, ignoring", g->name,
	    evutil_socket_error_to_string(err));
}

static void
listener_resume(evutil_socket_t fd, short what, void *arg)
{
	struct guard	*g = arg;

	(void)fd;
	(void)what;
	evconnlistener_enable(g->l);
}

/* Guard l (named name in the log); -1 when out of resources. */
int
listener_guard(struct event_base *base, struct evconnlistener *l,
    const char *name)
{
	struct guard	*g;

	if ((g = guard_find(NULL)) == NULL)
		return (-1);
	if ((g->resume = evtimer_new(base, listener_resume, g)) == NULL)
		return (-1);
	g->l = l;
	g->name = xstrdup(name);
	evconnlistener_set_error_cb(l, listener_error);
	return (0);
}

/* Before l is freed. */
void
listener_forget(struct evconnlistener *l)
{
	struct guard	*g;

	if (l == NULL || (g = guard_find(l)) == NULL)
		return;
	event_free(g->resume);
	free(g->name);
	memset(g, 0, sizeof *g);
}
