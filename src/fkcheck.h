/* SPDX-License-Identifier: MIT */
#ifndef FKCHECK_H
#define FKCHECK_H

#include <sqlite3.h>
#include <stddef.h>

/*
 * A foreign key violation: a sentence, the table whose row it is, and the
 * table it references.
 */
struct fk_violation {
	char	*text;
	char	*table;
	char	*parent;
};

/* Foreign key violations, sorted by their sentences. */
struct fk_list {
	struct fk_violation	*v;
	size_t			 n;
};

int	fk_check(sqlite3 *db, struct fk_list *list, char **cause);
void	fk_new(const struct fk_list *before, const struct fk_list *after,
	    struct fk_list *added);
void	fk_free(struct fk_list *list);

#endif
