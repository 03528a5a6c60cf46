/* SPDX-License-Identifier: MIT */
#ifndef RQLITE_H
#define RQLITE_H

struct config;
struct migrate_result;
struct migration_set;

int	rqlite_is(const char *database);
int	rqlite_look(const struct config *conf, const struct migration_set *set,
	    struct migrate_result *res, char **cause);
int	rqlite_run(const struct config *conf, const struct migration_set *set,
	    struct migrate_result *res, char **cause);

#endif
