/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "conf.h"
#include "exitcode.h"
#include "log.h"
#include "migrate.h"

/*
 * A look or a run, on the backend the database's name picks (backend.c):
 * what the configuration asks of it that it cannot do is refused here,
 * before it is reached at all; the node's role (role.c) is resolved here,
 * once, and the backend finds it in the result.
 */

/* A look, or with run a run, on the database's backend. */
static int
migrate_on(int run, const struct config *conf,
    const struct migration_set *set, int64_t baseline,
    const struct migrate_hooks *hooks, struct migrate_result *res,
    char **cause)
{
	const struct backend	*b = backend_for(conf->database);
	int			 rc;

	memset(res, 0, sizeof *res);
	res->wal_bytes = -1;
	if ((rc = backend_check(b, conf, cause)) != EXIT_OK)
		return (rc);
	role_resolve(conf, (b->caps & BACKEND_FILE) != 0, &res->role);
	if (hooks != NULL && hooks->role != NULL)
		hooks->role(&res->role, hooks->arg);
	return ((run ? b->run : b->look)(conf, set, baseline, hooks, res,
	    cause));
}

/* What is pending, what has drifted; nothing is written. */
int
migrate_look(const struct config *conf, const struct migration_set *set,
    int64_t baseline, const struct migrate_hooks *hooks,
    struct migrate_result *res, char **cause)
{
	return (migrate_on(0, conf, set, baseline, hooks, res, cause));
}

/*
 * Bring the database to the newest version. Returns an exit code
 * (exitcode.h); on failure nothing was changed.
 */
int
migrate_run(const struct config *conf, const struct migration_set *set,
    int64_t baseline, const struct migrate_hooks *hooks,
    struct migrate_result *res, char **cause)
{
	return (migrate_on(1, conf, set, baseline, hooks, res, cause));
}

void
migrate_result_free(struct migrate_result *res)
{
	plan_free(&res->plan);
	fk_free(&res->fk_old);
	free(res->backup);
	memset(res, 0, sizeof *res);
}

/*
 * Is the WAL's size after a run worth saying? To a replicator that ships
 * it, yes; otherwise only when asked (-v).
 */
int
migrate_wal_matters(const struct migrate_result *res)
{
	return (res->wal_bytes > 0 && (res->shipped || log_getverbose() > 0));
}
