/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "adopt.h"
#include "layout.h"
#include "migrations.h"

/*
 * sqlx: each file is what its own suffix says (sqlx-core's
 * MigrationType::from_filename): NNNN_name.up.sql and .down.sql a
 * reversible pair, any other NNNN_name.sql a simple migration, both kinds
 * in one directory; the name is anything after the version and its '_'
 * (source.rs: splitn(2, '_')). A directory of pairs only is golang-migrate's layout
 * too, and found as that; one that mixes them is sqlx's. A first line
 * "-- no-transaction" asks sqlx to run the file outside a transaction:
 * refused, in any layout. Its _sqlx_migrations keeps each file's SHA-384
 * and whether it succeeded.
 */

static void
sqlx_refuse(const char *path, const char *text, const char *end,
    struct errlist *errors)
{
	(void)end;
	if (strncmp(text, "-- no-transaction", 17) == 0 &&
	    (text[17] == '\n' || text[17] == '\r' || text[17] == '\0'))
		errlist_add(errors, "%s:1: '-- no-transaction' (sqlx): %s",
		    path, LAYOUT_NO_TRANSACTION);
}

const struct layout layout_sqlx = {
	.name = "sqlx",
	.title = "sqlx",
	.format = 1,
	.kind = NAME_PLAIN,
	.names = LAYOUT_NAMES_UNDERSCORE,
	.pairs = 1,
	.down = "down file",
	.refuse_any = sqlx_refuse,
	.adopt = &(const struct adopt_table){
		"_sqlx_migrations", NULL, ROWS_EACH,
		"SELECT version, NOT success, lower(hex(checksum)) "
		"FROM _sqlx_migrations", "SHA384"
	}
};
