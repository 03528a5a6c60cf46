/* SPDX-License-Identifier: MIT */
#ifndef READY_H
#define READY_H

struct config;
struct event_base;

int	ready_listen(struct event_base *base, const struct config *conf,
	    char **cause);
void	ready_drain(void (*done)(void *), void *arg);
void	ready_close(void);
int	ready_clients(void);

#endif
