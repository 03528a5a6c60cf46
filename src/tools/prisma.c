/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <string.h>

#include "adopt.h"
#include "layout.h"
#include "migrations.h"

/*
 * Prisma: a directory a migration, YYYYMMDDHHMMSS_name/, holding
 * migration.sql; `schemad new` numbers it by the time now. Its
 * _prisma_migrations keeps each file's SHA-256, and whether its run
 * finished or was rolled back.
 *
 * Prisma runs the directories in the order of their names as JavaScript's
 * localeCompare sorts them (listMigrations.ts), not of their numbers: ICU's
 * collation, in which punctuation comes before digits, digits before
 * letters, and a letter's case counts only where the names are otherwise
 * the same (lower first). Canonical names (YYYYMMDDHHMMSS_snake_case)
 * sort as bytes do; "20250221_x" still comes after "20250220120000_y".
 * Prisma's engine before listMigrations.ts sorted by bytes, which gives
 * the same order but for mixed case and '-', '.' beside digits.
 */

/*
 * Printable ASCII in ICU's root collation order, one primary weight each
 * (upper case shares lower case's), as node's localeCompare sorts them.
 */
static const char collation[] = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"
    "0123456789abcdefghijklmnopqrstuvwxyz";

static int
primary(unsigned char c)
{
	const char	*at;

	if (c >= 0x20 && c < 0x7f &&
	    (at = strchr(collation, tolower(c))) != NULL)
		return ((int)(at - collation));
	return (256 + c);	/* beyond ASCII: after it, by byte */
}

static int
prisma_order(const void *a, const void *b)
{
	const struct migration	*ma = a, *mb = b;
	const char		*p = ma->file, *q = mb->file;
	size_t			 n = strcspn(p, "/"), m = strcspn(q, "/"), i;
	int			 c;

	for (i = 0; i < n && i < m; i++) {
		if ((c = primary(p[i]) - primary(q[i])) != 0)
			return (c);
	}
	if (n != m)
		return (n < m ? -1 : 1);
	for (i = 0; i < n; i++) {
		if ((c = !!isupper((unsigned char)p[i]) -
		    !!isupper((unsigned char)q[i])) != 0)
			return (c);
	}
	return (0);
}
const struct layout layout_prisma = {
	.name = "prisma",
	.title = "Prisma",
	.format = 1,
	.kind = NAME_OWN,
	.named = "a Prisma directory",
	.dir_file = "migration.sql",
	.down = "down file",
	.order = prisma_order,
	.stamped = 1,
	.new_files = { "/migration.sql", NULL },
	.adopt = &(const struct adopt_table){
		"_prisma_migrations", NULL, ROWS_PRISMA,
		"SELECT migration_name, CASE WHEN rolled_back_at IS NOT NULL "
		"THEN 2 WHEN finished_at IS NULL THEN 1 ELSE 0 END, checksum "
		"FROM _prisma_migrations", "SHA256"
	}
};
