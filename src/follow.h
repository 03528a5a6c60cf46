/* SPDX-License-Identifier: MIT */
#ifndef FOLLOW_H
#define FOLLOW_H

#include <stdint.h>

struct config;
struct event_base;

void	follow_start(struct event_base *base, const struct config *conf,
	    int64_t target);
void	follow_stop(void);

#endif
