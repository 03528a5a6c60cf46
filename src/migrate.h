/* SPDX-License-Identifier: MIT */
#ifndef MIGRATE_H
#define MIGRATE_H

#include <sqlite3.h>
#include <stdint.h>

#include "db.h"
#include "fkcheck.h"
#include "plan.h"
#include "role.h"

struct config;
struct migration_set;

/*
 * Where a run on a database file is, for hooks->progress: before the
 * steps (a look, the lock), step is 0 and plan NULL; during them, step
 * (from 0) of plan->nsteps and its statement (from 1; 0 before its
 * first); after them (the checks, COMMIT), step is plan->nsteps.
 */
struct migrate_progress {
	const struct plan	*plan;
	size_t			 step;
	size_t			 stmt, nstmts;
	int			 line;		/* where the statement starts */
	int64_t			 run_us;	/* since the steps began */
	int64_t			 stmt_us;	/* since the statement began */
	int64_t			 written;	/* bytes SQLite wrote meanwhile
						   (its cache's spills) */
};

/* Callbacks for whoever watches a run (the daemon, the tests); any NULL. */
struct migrate_hooks {
	void	(*role)(const struct role_info *role, void *arg); /* the
						   run's, first; again when it
						   changes */
	void	(*opened)(sqlite3 *db, int look, void *arg);
	void	(*looked)(const struct plan *plan, void *arg);
	void	(*waiting)(const struct db_wait *w, void *arg); /* each
						   pause of the run's wait for
						   another process's lock */
	void	(*absent)(int count, void *arg); /* each look for a database
						   file not there yet */
	void	(*following)(const struct plan *plan, void *arg); /* a
						   follower found the primary
						   not there yet */
	void	(*behind)(const struct plan *plan, void *arg); /* rqlite: the
						   node's own copy is not at
						   the version yet */
	void	(*step)(const struct plan *plan, size_t i, void *arg);
	void	(*progress)(const struct migrate_progress *p, void *arg); /* at
						   each statement, and now and
						   then while SQLite works */
	void	 *arg;
};

/* What a look or a run found and did. */
struct migrate_result {
	int		 absent;	/* no database file yet */
	struct plan	 plan;		/* the pending work; done by a run */
	int		 locked;	/* the run took the write lock */
	int		 raced;		/* another process did the work meanwhile */
	struct role_info role;		/* a follower: the primary did it,
					   this node read */
	int64_t		 duration_us;	/* of the run, lock wait included */
	char		*backup;	/* the backup made, or NULL */
	int64_t		 wal_bytes;	/* the WAL after COMMIT; -1: none */
	int		 shipped;	/* a replicator ships it: LiteFS's
					   mount, Litestream's directory */
	struct fk_list	 fk_old;	/* violations that predate the run */
};

int	migrate_wal_matters(const struct migrate_result *res);
int	migrate_look(const struct config *conf,
	    const struct migration_set *set, int64_t baseline,
	    const struct migrate_hooks *hooks, struct migrate_result *res,
	    char **cause);
int	migrate_run(const struct config *conf, const struct migration_set *set,
	    int64_t baseline, const struct migrate_hooks *hooks,
	    struct migrate_result *res, char **cause);
void	migrate_result_free(struct migrate_result *res);

#endif
