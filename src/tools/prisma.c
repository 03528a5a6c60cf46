/* SPDX-License-Identifier: MIT */
#include "adopt.h"
#include "layout.h"
#include "migrations.h"

/*
 * Prisma: a directory a migration, YYYYMMDDHHMMSS_name/, holding
 * migration.sql; `schemad new` numbers it by the time now. Its
 * _prisma_migrations keeps each file's SHA-256, and whether its run
 * finished or was rolled back.
 */
const struct layout layout_prisma = {
	.name = "prisma",
	.title = "Prisma",
	.format = 1,
	.kind = NAME_OWN,
	.named = "a Prisma directory",
	.dir_file = "migration.sql",
	.down = "down file",
	.stamped = 1,
	.new_files = { "/migration.sql", NULL },
	.adopt = &(const struct adopt_table){
		"_prisma_migrations", NULL, ROWS_PRISMA,
		"SELECT migration_name, CASE WHEN rolled_back_at IS NOT NULL "
		"THEN 2 WHEN finished_at IS NULL THEN 1 ELSE 0 END, checksum "
		"FROM _prisma_migrations", "SHA256"
	}
};
