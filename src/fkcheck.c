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
	return (strcmp(((const struct fk_violation *)a)->text,
	    ((const struct fk_violation *)b)->text));
}

static void
fk_add(struct fk_list *list, char *text, const char *table,
    const char *parent)
{
	list->v = xreallocarray(list->v, list->n + 1, sizeof *list->v);
	list->v[list->n].text = text;
	list->v[list->n].table = xstrdup(table);
	list->v[list->n++].parent = xstrdup(parent);
}

/*
 * The key's columns, as "posts.author_id -> users.id" (or "-> users's
 * primary key", for a key that names no column there), from PRAGMA
 * foreign_key_list.
 */
static char *
fk_columns(sqlite3 *db, const char *table, int id)
{
	static const char sql[] = "SELECT \"from\", \"to\", \"table\" FROM "
	    "pragma_foreign_key_list(?) WHERE id = ? ORDER BY seq";
	sqlite3_stmt	*stmt;
	const char	*to, *sep = "";
	char		*from = xstrdup(""), *parent = xstrdup(""), *s;
	int		 unnamed = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
		sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
		sqlite3_bind_int(stmt, 2, id);
	}
	while (stmt != NULL && sqlite3_step(stmt) == SQLITE_ROW) {
		to = (const char *)sqlite3_column_text(stmt, 1);
		xasprintf(&s, "%s%s%s.%s", from, sep, table,
		    (const char *)sqlite3_column_text(stmt, 0));
		free(from);
		from = s;
		if (to == NULL && !unnamed++)
			xasprintf(&s, "%s's primary key",
			    (const char *)sqlite3_column_text(stmt, 2));
		else if (to == NULL)
			continue;
		else
			xasprintf(&s, "%s%s%s.%s", parent, sep,
			    (const char *)sqlite3_column_text(stmt, 2), to);
		free(parent);
		parent = s;
		sep = ", ";
	}
	sqlite3_finalize(stmt);
	xasprintf(&s, "%s -> %s", from, parent);
	free(from);
	free(parent);
	return (s);
}

/* Every violation in the database, as sorted sentences. */
int
fk_check(sqlite3 *db, struct fk_list *list, char **cause)
{
	static const char sql[] = "PRAGMA foreign_key_check";
	sqlite3_stmt	*stmt;
	const char	*table;
	char		*s, *columns;
	int		 rc;

	memset(list, 0, sizeof *list);
	if ((rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL)) != SQLITE_OK)
		return (db_fail(db, rc, sql, cause));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		table = (const char *)sqlite3_column_text(stmt, 0);
		columns = fk_columns(db, table, sqlite3_column_int(stmt, 3));
		xasprintf(&s, "table %s row %s references a missing row of "
		    "%s (%s)", table,
		    sqlite3_column_type(stmt, 1) == SQLITE_NULL ? "?" :
		    (const char *)sqlite3_column_text(stmt, 1),
		    sqlite3_column_text(stmt, 2), columns);
		free(columns);
		fk_add(list, s, table,
		    (const char *)sqlite3_column_text(stmt, 2));
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
		cmp = i < before->n ? fk_cmp(&before->v[i], &after->v[j]) : 1;
		if (cmp < 0)
			i++;
		else if (cmp == 0) {
			i++;
			j++;
		} else {
			fk_add(added, xstrdup(after->v[j].text),
			    after->v[j].table, after->v[j].parent);
			j++;
		}
	}
}

void
fk_free(struct fk_list *list)
{
	size_t	i;

	for (i = 0; i < list->n; i++) {
		free(list->v[i].text);
		free(list->v[i].table);
		free(list->v[i].parent);
	}
	free(list->v);
	memset(list, 0, sizeof *list);
}
