/* SPDX-License-Identifier: MIT */
#ifndef WRITES_H
#define WRITES_H

#include <sqlite3.h>
#include <stddef.h>

/* One table a migration wrote. */
struct write {
	const char	*file;		/* the migration's, not copied */
	char		*table;
};

/* The tables each migration of a run writes, heard from the authorizer. */
struct writes {
	const char	*file;		/* the migration now running, or NULL */
	struct write	*v;
	size_t		 n;
};

void	writes_listen(struct writes *w, sqlite3 *db);
void	writes_stop(struct writes *w, sqlite3 *db);
char   *writes_of(const struct writes *w, const char *table,
	    const char *parent);
void	writes_free(struct writes *w);

#endif
