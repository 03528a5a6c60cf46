/* SPDX-License-Identifier: MIT */
#include "adopt.h"
#include "layout.h"
#include "migrations.h"

/*
 * sql-migrate: NNNN-name.sql as `sql-migrate new` writes it, or any name
 * after the version's digits (migrate.go's numberPrefixRegex, ^(\d+).*$),
 * with "-- +migrate Up" and "-- +migrate Down" sections; only the up
 * section runs, and "notransaction" on its line is refused. StatementBegin/StatementEnd need nothing. Its gorp_migrations
 * holds a row a file applied, by the file's name.
 */

static const char *const sql_migrate_words[] = { "StatementBegin",
    "StatementEnd", NULL };

const struct layout layout_sql_migrate = {
	.name = "sql-migrate",
	.title = "sql-migrate",
	.format = 1,
	.kind = NAME_PLAIN,
	.names = LAYOUT_NAMES_ANY,
	.sections = &(const struct layout_sections){
		.mark = "+migrate ", .up = "Up", .down = "Down",
		.no_tx = "notransaction", .words = sql_migrate_words
	},
	.down = "down section",
	.new_text = "-- +migrate Up\n\n\n-- +migrate Down\n\n",
	.adopt = &(const struct adopt_table){
		"gorp_migrations", NULL, ROWS_EACH,
		"SELECT id, 0, NULL FROM gorp_migrations", NULL
	}
};
