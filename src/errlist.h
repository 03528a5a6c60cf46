/* SPDX-License-Identifier: MIT */
#ifndef ERRLIST_H
#define ERRLIST_H

#include <stddef.h>

/* A list of error messages, for checks that report every problem at once. */
struct errlist {
	char	**msgs;
	size_t	  n;
};

void	errlist_add(struct errlist *el, const char *fmt, ...)
	    __attribute__((__format__ (printf, 2, 3)));
void	errlist_log(const struct errlist *el);
void	errlist_warn(const struct errlist *el);
void	errlist_free(struct errlist *el);

#endif
