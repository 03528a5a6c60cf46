/* SPDX-License-Identifier: MIT */
#ifndef PROGRESS_H
#define PROGRESS_H

struct migrate_progress;

int	progress_open(int fd);
void	progress_line(const char *text);
void	progress_show(const struct migrate_progress *p);
void	progress_clear(void);

#endif
