/* SPDX-License-Identifier: MIT */
#ifndef ADOPT_H
#define ADOPT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

struct migration;
struct migration_set;

/* What another migration tool's history table says was applied. */
struct adopted {
	const char	*tool;		/* "dbmate"; NULL: none found */
	const char	*table;		/* "schema_migrations" */
	int64_t		*v;		/* the versions it applied, sorted */
	size_t		 n;
	char		*refusal;	/* why it cannot be adopted, or NULL */
	char		**changed;	/* files it kept another checksum of */
	size_t		 nchanged;
	char		**rep;		/* repeatables it ran as they are */
	size_t		 nrep;
};

int	adopt_read(sqlite3 *db, const struct migration_set *set,
	    struct adopted *a, char **cause);
int	adopt_has(const struct adopted *a, int64_t version);
int	adopt_repeatable(const struct adopted *a, const struct migration *m);
void	adopt_free(struct adopted *a);

#endif
