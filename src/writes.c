/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "writes.h"
#include "xmalloc.h"

/*
 * Which tables each migration of a run writes, as SQLite's authorizer
 * tells it while their statements are prepared (inserts, updates,
 * deletes, and tables created, dropped or altered; what triggers write
 * too): so that when the foreign key check before COMMIT fails, the
 * message can name the migrations that wrote the table at fault or the
 * one it references. schemad's own tables and SQLite's are not counted.
 * The caller sets w->file to each migration's name as it runs it.
 */

/* Record that w->file wrote table, once. */
static void
writes_add(struct writes *w, const char *table)
{
	size_t	i;

	if (table == NULL || w->file == NULL ||
	    strncasecmp(table, "schemad_", 8) == 0 ||
	    strncasecmp(table, "sqlite_", 7) == 0)
		return;
	for (i = w->n; i > 0 && w->v[i - 1].file == w->file; i--)
		if (strcasecmp(w->v[i - 1].table, table) == 0)
			return;
	w->v = xreallocarray(w->v, w->n + 1, sizeof *w->v);
	w->v[w->n].file = w->file;
	w->v[w->n++].table = xstrdup(table);
}

static int
writes_hear(void *arg, int action, const char *a, const char *b,
    const char *db, const char *trigger)
{
	(void)db;
	(void)trigger;
	switch (action) {
	case SQLITE_INSERT:
	case SQLITE_UPDATE:
	case SQLITE_DELETE:
	case SQLITE_CREATE_TABLE:
	case SQLITE_DROP_TABLE:
		writes_add(arg, a);
		break;
	case SQLITE_ALTER_TABLE:
		writes_add(arg, b);
		break;
	}
	return (SQLITE_OK);
}

void
writes_listen(struct writes *w, sqlite3 *db)
{
	memset(w, 0, sizeof *w);
	sqlite3_set_authorizer(db, writes_hear, w);
}

void
writes_stop(struct writes *w, sqlite3 *db)
{
	sqlite3_set_authorizer(db, NULL, NULL);
	w->file = NULL;
}

/*
 * The migrations that wrote table or parent, in the order they ran, as
 * "0003_a.sql, 0004_b.sql"; NULL if none did.
 */
char *
writes_of(const struct writes *w, const char *table, const char *parent)
{
	const char	*last = NULL;
	char		*s = NULL, *t;
	size_t		 i;

	for (i = 0; i < w->n; i++) {
		if (w->v[i].file == last ||
		    (strcasecmp(w->v[i].table, table) != 0 &&
		    strcasecmp(w->v[i].table, parent) != 0))
			continue;
		last = w->v[i].file;
		xasprintf(&t, "%s%s%s", s == NULL ? "" : s, s == NULL ? "" :
		    ", ", last);
		free(s);
		s = t;
	}
	return (s);
}

void
writes_free(struct writes *w)
{
	size_t	i;

	for (i = 0; i < w->n; i++)
		free(w->v[i].table);
	free(w->v);
	memset(w, 0, sizeof *w);
}
