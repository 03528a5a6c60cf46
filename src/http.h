/* SPDX-License-Identifier: MIT */
#ifndef HTTP_H
#define HTTP_H

struct event_base;

int	http_listen(struct event_base *base, const char *addr, int max,
	    char **cause);
void	http_close(void);
void	http_connections(int *open, int *shut);

#endif
