/* SPDX-License-Identifier: MIT */
#ifndef BACKEND_H
#define BACKEND_H

#include <stdint.h>

struct config;
struct migrate_hooks;
struct migrate_result;
struct migration_set;

/* What a backend can do beside looking and running. */
#define BACKEND_BACKUP	0x01	/* a copy of the database before a run */
#define BACKEND_ADOPT	0x02	/* another tool's history, read from it */
#define BACKEND_FILE	0x04	/* a file here: a role (LiteFS), create =,
				   a follower's watch after READY */

/*
 * Where a database is, and how a run reaches it. migrate.c picks the
 * backend by the database's name and refuses what the backend cannot do;
 * the backend reads the history (history.h) and the plan (plan.h), and
 * applies it all or nothing, the history rows with it.
 */
struct backend {
	const char	*name;		/* in messages: "rqlite" */
	const char	*prefix;	/* how its databases are named
					   ("rqlite://"); NULL: a path */
	unsigned	 caps;		/* BACKEND_* */
	const char	*backup_hint;	/* without BACKEND_BACKUP: what to do
					   instead, or NULL */

	/* What is pending; nothing is written. res is zeroed. */
	int		(*look)(const struct config *,
			    const struct migration_set *, int64_t baseline,
			    const struct migrate_hooks *,
			    struct migrate_result *res, char **cause);
	/* Bring the database to the newest version, or change nothing. */
	int		(*run)(const struct config *,
			    const struct migration_set *, int64_t baseline,
			    const struct migrate_hooks *,
			    struct migrate_result *res, char **cause);
};

const struct backend	*backend_for(const char *database);
int			 backend_check(const struct backend *b,
			    const struct config *conf, char **cause);

#endif
