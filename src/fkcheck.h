/* SPDX-License-Identifier: MIT */
#ifndef FKCHECK_H
#define FKCHECK_H

#include <sqlite3.h>
#include <stddef.h>

/* Foreign key violations, each described in a sentence, sorted. */
struct fk_list {
	char	**v;
	size_t	  n;
};

int	fk_check(sqlite3 *db, struct fk_list *list, char **cause);
void	fk_new(const struct fk_list *before, const struct fk_list *after,
	    struct fk_list *added);
void	fk_free(struct fk_list *list);

#endif
