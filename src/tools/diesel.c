/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "adopt.h"
#include "layout.h"
#include "migrations.h"

/*
 * diesel: a directory a migration, VERSION_name/ (VERSION digits with
 * '-': 2024-01-05-123000), holding up.sql, run, and down.sql, never.
 * `schemad new` numbers it by the time now, as diesel does. Its
 * __diesel_schema_migrations holds a row a migration applied.
 *
 * diesel runs them in the order of their versions as strings: the name up
 * to its first '_', without its dashes (version_from_string), compared
 * byte by byte (MigrationVersion's Ord, in pending_migrations). So
 * 2024-03-13_170000_x (version "20240313") comes after
 * 2024-03-06-170000_y ("20240306170000"), though its number is smaller.
 */

/* The next byte of a diesel version at *p, or 0 at its end. */
static int
version_byte(const char **p)
{
	while (**p == '-')
		(*p)++;
	if (**p == '_' || **p == '/' || **p == '\0')
		return (0);
	return ((unsigned char)*(*p)++);
}

static int
diesel_order(const void *a, const void *b)
{
	const struct migration	*ma = a, *mb = b;
	const char		*p = ma->file, *q = mb->file;
	int			 c, d;

	do {
		c = version_byte(&p);
		d = version_byte(&q);
	} while (c == d && c != 0);
	return (c != d ? c - d : strcmp(ma->file, mb->file));
}

/* 20240105123000, name: 2024-01-05-123000_name */
static void
diesel_stem(const struct migration_set *set, const char *num,
    const char *name, char *buf, size_t size)
{
	(void)set;
	snprintf(buf, size, "%.4s-%.2s-%.2s-%.6s_%s", num, num + 4, num + 6,
	    num + 8, name);
}

const struct layout layout_diesel = {
	.name = "diesel",
	.title = "diesel",
	.format = 1,
	.kind = NAME_OWN,
	.named = "a diesel directory",
	.dir_file = "up.sql",
	.dir_down = "down.sql",
	.down = "down file",
	.order = diesel_order,
	.stamped = 1,
	.new_stem = diesel_stem,
	.new_files = { "/up.sql", "/down.sql" },
	.adopt = &(const struct adopt_table){
		"__diesel_schema_migrations", NULL, ROWS_EACH,
		"SELECT version, 0, NULL FROM __diesel_schema_migrations", NULL
	}
};
