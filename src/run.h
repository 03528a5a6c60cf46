/* SPDX-License-Identifier: MIT */
#ifndef RUN_H
#define RUN_H

struct config;

int	run_daemon(const struct config *conf);

#endif
