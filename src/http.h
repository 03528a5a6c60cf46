/* SPDX-License-Identifier: MIT */
#ifndef HTTP_H
#define HTTP_H

struct event_base;

int	http_listen(struct event_base *base, const char *addr, char **cause);
void	http_close(void);

#endif
