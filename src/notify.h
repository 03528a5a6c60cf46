/* SPDX-License-Identifier: MIT */
#ifndef NOTIFY_H
#define NOTIFY_H

#include <stdint.h>

int	notify_init(int ready_fd, char **cause);
void	notify_reloading(void);
void	notify_extend(uint64_t usec);
void	notify_watchdog(void);

#endif
