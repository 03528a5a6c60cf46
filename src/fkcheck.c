/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "exitcode.h"
#include "fkcheck.h"
#include "xmalloc.h"

/*
 * Foreign key checks around a migration run. schemad migrates with
 * foreign_keys off (a table rebuild must not cascade deletes), so a run that
 * leaves rows pointing nowhere is caught by PRAGMA foreign_key_check before
 * COMMIT. Violations that were there before the run are told apart from the
 * ones it introduced.
 */

static int
fk_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

static void
fk_add(struct fk_list *list, char *s)
{
	list->v = xreallocarray(list->v, list->n + 1, sizeof *list->v);
	list->v[list->n++] = s;
}

/* Every violation in the database, as sorted sentences. */
int
fk_check(sqlite3 *db, struct fk_list *list, char **cause)
{
	static const char sql[] = "PRAGMA foreign_key_check";
	sqlite3_stmt	*stmt;
	char		*s;
	int		 rc;

	memset(list, 0, sizeof *list);
	if ((rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL)) != SQLITE_OK)
		return (db_fail(db, rc, sql, cause));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		xasprintf(&s, "table %s row %s references a missing row of "
		    "%s (foreign key %d)", sqlite3_column_text(stmt, 0),
		    sqlite3_column_type(stmt, 1) == SQLITE_NULL ? "?" :
		    (const char *)sqlite3_column_text(stmt, 1),
		    sqlite3_column_text(stmt, 2), sqlite3_column_int(stmt, 3));
		fk_add(list, s);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		fk_free(list);
		return (db_fail(db, rc, sql, cause));
	}
	if (list->n > 1)
		qsort(list->v, list->n, sizeof *list->v, fk_cmp);
	return (EXIT_OK);
}

/* The violations in after that are not in before. */
void
fk_new(const struct fk_list *before, const struct fk_list *after,
    struct fk_list *added)
{
	size_t	i = 0, j = 0;
	int	cmp;

	memset(added, 0, sizeof *added);
	while (j < after->n) {
		cmp = i < before->n ? strcmp(before->v[i], after->v[j]) : 1;
		if (cmp < 0)
			i++;
		else if (cmp == 0) {
			i++;
			j++;
		} else
			fk_add(added, xstrdup(after->v[j++]));
	}
}

void
fk_free(struct fk_list *list)
{
	size_t	i;

	for (i = 0; i < list->n; i++)
		free(list->v[i]);
	free(list->v);
	memset(list, 0, sizeof *list);
}
