/* SPDX-License-Identifier: MIT */
#include <stddef.h>
#include <string.h>

#include "backend.h"
#include "conf.h"
#include "exitcode.h"
#include "xmalloc.h"

/*
 * The backends, each in a file of its own: a database file on this
 * machine (file.c), a node of an rqlite cluster (rqlite.c). A database is
 * the first backend's whose prefix its name has; the file, which has
 * none, is last. A new backend is one file that defines its struct
 * backend, and one row here (HACKING says how).
 */

extern const struct backend	backend_rqlite, backend_file;

static const struct backend *const backends[] = {
	&backend_rqlite,
	&backend_file		/* a path: last */
};

const struct backend *
backend_for(const char *database)
{
	const struct backend	*b;
	size_t			 i;

	for (i = 0; i < sizeof backends / sizeof backends[0]; i++) {
		b = backends[i];
		if (b->prefix == NULL ||
		    strncmp(database, b->prefix, strlen(b->prefix)) == 0)
			return (b);
	}
	return (NULL);
}

/* Refuse what the configuration asks for that b cannot do. */
int
backend_check(const struct backend *b, const struct config *conf,
    char **cause)
{
	if (conf->backup_dir != NULL && !(b->caps & BACKEND_BACKUP))
		xasprintf(cause, "backup directory %s: not on %s%s%s",
		    conf->backup_dir, b->name, b->backup_hint != NULL ?
		    ", " : "", b->backup_hint != NULL ? b->backup_hint : "");
	else if (conf->adopt && !(b->caps & BACKEND_ADOPT))
		xasprintf(cause, "adopt = yes: not on %s (another tool's "
		    "history is read from a database file)", b->name);
	else
		return (EXIT_OK);
	return (EXIT_USAGE);
}
