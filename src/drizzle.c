/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drizzle.h"
#include "migrations.h"
#include "xmalloc.h"

/*
 * drizzle's meta/_journal.json. drizzle-kit lists there each migration it
 * writes, and drizzle's migrator runs what the journal lists, in its order
 * (entries[].tag: the file's name without .sql), and nothing else. So, in
 * drizzle's layout, a file the journal does not list is refused (drizzle
 * would never run it), so is an entry with no file, and the journal's
 * order must be the files' numbers' (drizzle-kit numbers them so:
 * 0000_x, or a timestamp). The journal is parsed with jansson.
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
 * Check set against its journal; problems go to errors. Returns -1 if
 * there are any.
 */
int
drizzle_journal(const struct migration_set *set, struct errlist *errors)
{
	json_t		*root, *entries, *entry, *tag;
	json_error_t	 jerr;
	char		*path, *listed;
	const char	*prev = NULL;
	size_t		 before = errors->n, k, i;
	long		 at, last = -1;

	xasprintf(&path, "%s/meta/_journal.json", set->dir);
	if (access(path, R_OK) == -1) {
		errlist_add(errors, "%s: %s (drizzle-kit writes it beside its "
		    "migrations)", path, strerror(errno));
		free(path);
		return (-1);
	}
	if ((root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr)) ==
	    NULL) {
		errlist_add(errors, "%s:%d: %s", path, jerr.line, jerr.text);
		free(path);
		return (-1);
	}
	entries = json_object_get(root, "entries");
	if (!json_is_array(entries)) {
		errlist_add(errors, "%s: no \"entries\" list (drizzle-kit "
		    "writes one)", path);
		json_decref(root);
		free(path);
		return (-1);
	}
	listed = xcalloc(set->n + 1, 1);
	json_array_foreach(entries, k, entry) {
		tag = json_object_get(entry, "tag");
		if (!json_is_string(tag)) {
			errlist_add(errors, "%s: entry %zu has no \"tag\"",
			    path, k);
			continue;
		}
		if ((at = find_tag(set, json_string_value(tag))) == -1) {
			errlist_add(errors, "%s: %s is listed, but %s.sql is "
			    "not in the directory", path,
			    json_string_value(tag), json_string_value(tag));
			continue;
		}
		if (at < last)
			errlist_add(errors, "%s: %s is listed after %s, against "
			    "their numbers", path, json_string_value(tag), prev);
		listed[at] = 1;
		last = at;
		prev = json_string_value(tag);
	}
	for (i = 0; i < set->n; i++) {
		if (!listed[i])
			errlist_add(errors, "%s: not in meta/_journal.json, so "
			    "drizzle would never run it (generate it with "
			    "drizzle-kit, or remove it)", set->v[i].path);
	}
	free(listed);
	json_decref(root);
	free(path);
	return (errors->n == before ? 0 : -1);
}
