/* SPDX-License-Identifier: MIT */
#ifndef STATEFILE_H
#define STATEFILE_H

int	statefile_init(const char *path, char **cause);
void	statefile_remove(void);

#endif
