/* SPDX-License-Identifier: MIT */
#include <sys/resource.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "common.h"

/* A monotonic clock, in nanoseconds. */
long long
now_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec * 1000000000LL + ts.tv_nsec);
}

/* A benchmark that cannot go on: say why, exit 2. */
void
die(const char *what)
{
	perror(what);
	exit(2);
}

/* Allow at least need descriptors, as far as the hard limit lets. */
void
raise_nofile(long need)
{
	struct rlimit	rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)need) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}
