/* SPDX-License-Identifier: MIT */
#ifndef LISTENER_H
#define LISTENER_H

struct event_base;
struct evconnlistener;

int	listener_guard(struct event_base *base, struct evconnlistener *l,
	    const char *name);
void	listener_forget(struct evconnlistener *l);

#endif
