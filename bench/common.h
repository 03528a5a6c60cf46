/* SPDX-License-Identifier: MIT */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

/* What the benchmark helpers share. */
long long	now_ns(void);
void		die(const char *what) __attribute__((noreturn));
void		raise_nofile(long need);

#endif
