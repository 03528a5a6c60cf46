/* SPDX-License-Identifier: MIT */
#ifndef NEW_H
#define NEW_H

struct config;

int	new_migration(const struct config *conf, const char *name);

#endif
