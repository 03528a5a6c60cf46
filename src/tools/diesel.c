/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "adopt.h"
#include "layout.h"
#include "migrations.h"

/*
 * diesel: a directory a migration, VERSION_name/ (VERSION digits with
 * '-': 2024-01-05-123000), holding up.sql, run, and down.sql, never.
 * `schemad new` numbers it by the time now, as diesel does. Its
 * __diesel_schema_migrations holds a row a migration applied.
 */

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
	.stamped = 1,
	.new_stem = diesel_stem,
	.new_files = { "/up.sql", "/down.sql" },
	.adopt = &(const struct adopt_table){
		"__diesel_schema_migrations", NULL, ROWS_EACH,
		"SELECT version, 0, NULL FROM __diesel_schema_migrations", NULL
	}
};
