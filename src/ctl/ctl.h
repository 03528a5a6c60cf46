/* SPDX-License-Identifier: MIT */
#ifndef CTL_H
#define CTL_H

#include <stddef.h>

/* schemactl's exit codes, documented in schemactl(1). */
#define CTL_READY	0	/* ready (at the version asked for) */
#define CTL_FAILED	1	/* the daemon's migration failed */
#define CTL_USAGE	2	/* bad command line */
#define CTL_NOTREADY	3	/* status: starting, migrating or stopping */
#define CTL_TIMEOUT	4	/* wait: the time is up */
#define CTL_UNREACHABLE	5	/* no daemon answered on the socket */
#define CTL_PROTOCOL	6	/* the daemon's answer made no sense */

int	ctl_connect(const char *path);
int	ctl_send(int fd, const char *request);
int	ctl_read(int fd, char *reply, size_t size, size_t *got,
	    long timeout_ms);
int	ctl_request(int fd, const char *request, char *reply, size_t size,
	    long timeout_ms);
long	ctl_now_ms(void);

#endif
