/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adopt.h"
#include "layout.h"
#include "migrations.h"
#include "xmalloc.h"

/*
 * drizzle: NNNN_name.sql (any name: the journal's tag is the file's),
 * with meta/_journal.json beside them, which says
 * a directory is drizzle's.
 *
 * drizzle-kit writes its SQLite table rebuilds between "PRAGMA
 * foreign_keys=OFF;" and "PRAGMA foreign_keys=ON;", which a run leaves
 * out in every layout (leave.c). "--> statement-breakpoint" is a comment
 * to SQLite, and schemad finds the statements by itself.
 *
 * drizzle's meta/_journal.json. drizzle-kit lists there each migration it
 * writes, and drizzle's migrator runs what the journal lists, in its order
 * (entries[].tag: the file's name without .sql), and nothing else. So, in
 * drizzle's layout, a file the journal does not list is left out, as
 * drizzle leaves it, with a warning naming it; an entry with no file is
 * refused; and the files run in the journal's order, whatever their
 * numbers (readMigrationFiles). The journal is parsed with jansson.
 */

/* The migration of set whose file is tag.sql, or -1. */
static long
find_tag(const struct migration_set *set, const char *tag)
{
	size_t	i, n = strlen(tag);

	for (i = 0; i < set->n; i++) {
		if (strncmp(set->v[i].file, tag, n) == 0 &&
		    strcmp(set->v[i].file + n, ".sql") == 0)
			return ((long)i);
	}
	return (-1);
}

/*
 * Put set in its journal's order, leaving out (with a warning) what the
 * journal does not list; problems go to errors.
 */
static void
drizzle_journal(struct migration_set *set, struct errlist *errors)
{
	json_t			*root, *entries, *entry, *tag;
	json_error_t		 jerr;
	struct migration	*v;
	char			*path, *listed;
	size_t			 k, i, n = 0, *order;
	long			 at;

	xasprintf(&path, "%s/meta/_journal.json", set->dir);
	if (access(path, R_OK) == -1) {
		errlist_add(errors, "%s: %s (drizzle-kit writes it beside its "
		    "migrations)", path, strerror(errno));
		free(path);
		return;
	}
	if ((root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr)) ==
	    NULL) {
		errlist_add(errors, "%s:%d: %s", path, jerr.line, jerr.text);
		free(path);
		return;
	}
	entries = json_object_get(root, "entries");
	if (!json_is_array(entries)) {
		errlist_add(errors, "%s: no \"entries\" list (drizzle-kit "
		    "writes one)", path);
		json_decref(root);
		free(path);
		return;
	}
	listed = xcalloc(set->n + 1, 1);
	order = xreallocarray(NULL, set->n + 1, sizeof *order);
	json_array_foreach(entries, k, entry) {
		tag = json_object_get(entry, "tag");
		if (!json_is_string(tag)) {
			errlist_add(errors, "%s: entry %zu has no \"tag\"",
			    path, k);
			continue;
		}
		if ((at = find_tag(set, json_string_value(tag))) == -1)
			errlist_add(errors, "%s: %s is listed, but %s.sql is "
			    "not in the directory", path,
			    json_string_value(tag), json_string_value(tag));
		else if (listed[at])
			errlist_add(errors, "%s: %s is listed twice", path,
			    json_string_value(tag));
		else {
			listed[at] = 1;
			order[n++] = (size_t)at;
		}
	}

	/* The journal's, then the rest, to be left out. */
	v = xreallocarray(NULL, set->n + set->nrep, sizeof *v);
	for (k = 0; k < n; k++)
		v[k] = set->v[order[k]];
	for (i = 0; i < set->n + set->nrep; i++) {
		if (i >= set->n || !listed[i])
			v[k++] = set->v[i];
	}
	free(set->v);
	set->v = v;
	set->rep = v + set->n;
	for (i = set->n; i-- > n;) {
		errlist_add(&set->warnings, "%s: not in meta/_journal.json, "
		    "so drizzle never runs it: left out", set->v[i].path);
		migrations_drop(set, i);
	}
	free(order);
	free(listed);
	json_decref(root);
	free(path);
}

const struct layout layout_drizzle = {
	.name = "drizzle",
	.title = "drizzle",
	.format = 1,
	.kind = NAME_PLAIN,
	.names = LAYOUT_NAMES_UNDERSCORE,
	.marker = "meta/_journal.json",
	.down = "down section",
	.check_set = drizzle_journal,
	.adopt = &(const struct adopt_table){
		"__drizzle_migrations", NULL, ROWS_HASH,
		"SELECT hash, 0, NULL FROM __drizzle_migrations", NULL
	}
};
