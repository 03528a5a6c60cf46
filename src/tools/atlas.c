/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "adopt.h"
#include "layout.h"
#include "migrations.h"

/*
 * Atlas: VERSION_name.sql, VERSION the time it was made (20240105123000)
 * and the name anything (dir.go's Version and Desc split at the first '_'),
 * with atlas.sum beside them, which says a directory is Atlas's (and is
 * not a migration). Its file directives, among the comments at the top,
 * are refused in any layout: "-- atlas:txmode none" asks for no
 * transaction, and "-- atlas:delimiter" for statements that do not end
 * with ';'. Its atlas_schema_revisions holds a row a version, with how
 * many of its statements were applied.
 *
 * Atlas runs the files in the order of their names, as strings
 * (LocalDir.Files: sort.Slice, names[i] < names[j]), and compares
 * versions as strings too (Executor.Pending).
 */

static void
atlas_refuse(const char *path, const char *p, const char *end,
    struct errlist *errors)
{
	const char	*eol, *q;
	int		 line;

	for (line = 1; p < end; p = eol + 1, line++) {
		if ((eol = memchr(p, '\n', end - p)) == NULL)
			eol = end;
		if (!layout_comment(p, eol))
			return;
		q = p + strspn(p, " \t");
		if (strncmp(q, "-- atlas:", 9) != 0)
			continue;
		q += 9;
		if (strncmp(q, "txmode", 6) == 0 &&
		    layout_words_are(q + 6, eol, "none"))
			errlist_add(errors, "%s:%d: 'atlas:txmode none' "
			    "(Atlas): %s", path, line, LAYOUT_NO_TRANSACTION);
		else if (strncmp(q, "delimiter", 9) == 0)
			errlist_add(errors, "%s:%d: 'atlas:delimiter' (Atlas): "
			    "schemad ends statements at ';' as SQLite does; "
			    "write the file that way", path, line);
	}
}

const struct layout layout_atlas = {
	.name = "atlas",
	.title = "Atlas",
	.format = 1,
	.kind = NAME_PLAIN,
	.names = LAYOUT_NAMES_UNDERSCORE,
	.marker = "atlas.sum",
	.stamped = 1,
	.refuse_any = atlas_refuse,
	.order = layout_order_file,
	.adopt = &(const struct adopt_table){
		"atlas_schema_revisions", NULL, ROWS_EACH,
		"SELECT version, CASE WHEN coalesce(error, '') != '' OR "
		"applied < total THEN 1 WHEN type & 1 THEN 3 ELSE 0 END, NULL "
		"FROM atlas_schema_revisions WHERE version NOT LIKE '.%'", NULL
	}
};
