/* SPDX-License-Identifier: MIT */
#ifndef RQLITE_H
#define RQLITE_H

#include <stdint.h>

struct config;
struct migrate_hooks;
struct migrate_result;
struct migration_set;

int	rqlite_is(const char *database);
int	rqlite_look(const struct config *conf, const struct migration_set *set,
	    int64_t baseline, struct migrate_result *res, char **cause);
int	rqlite_run(const struct config *conf, const struct migration_set *set,
	    int64_t baseline, const struct migrate_hooks *hooks,
	    struct migrate_result *res, char **cause);

#endif
