/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "adopt.h"
#include "layout.h"
#include "migrations.h"

/*
 * sqlx: NNNN_name.sql, or .up.sql and .down.sql pairs as golang-migrate's
 * (no --format of its own yet). A first line "-- no-transaction" asks
 * sqlx to run the file outside a transaction: refused, in any layout.
 * Its _sqlx_migrations keeps each file's SHA-384 and whether it
 * succeeded.
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
	.kind = NAME_PLAIN,
	.refuse_any = sqlx_refuse,
	.adopt = &(const struct adopt_table){
		"_sqlx_migrations", NULL, ROWS_EACH,
		"SELECT version, NOT success, lower(hex(checksum)) "
		"FROM _sqlx_migrations", "SHA384"
	}
};
