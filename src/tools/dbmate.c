/* SPDX-License-Identifier: MIT */
#include "adopt.h"
#include "layout.h"
#include "migrations.h"

/*
 * dbmate: NNNN_name.sql (a timestamp, as dbmate new writes them), or any
 * name after the version's digits (db.go's ^(\d+).*\.sql$), with
 * "-- migrate:up" and "-- migrate:down" sections; only the up section
 * runs, and "transaction:false" on its line is refused. Its
 * schema_migrations holds a row a migration applied.
 *
 * dbmate runs its files in the order of their names, as strings
 * (FindMigrations: sort.Slice by FileName), not of their numbers:
 * 20250221_x.sql comes after 20250220120000_y.sql.
 */
const struct layout layout_dbmate = {
	.name = "dbmate",
	.title = "dbmate",
	.format = 1,
	.kind = NAME_PLAIN,
	.names = LAYOUT_NAMES_ANY,
	.sections = &(const struct layout_sections){
		.mark = "migrate:", .up = "up", .down = "down",
		.no_tx = "transaction:false"
	},
	.down = "down section",
	.order = layout_order_file,
	.new_text = "-- migrate:up\n\n\n-- migrate:down\n\n",
	.adopt = &(const struct adopt_table){
		"schema_migrations", NULL, ROWS_EACH,
		"SELECT version, 0, NULL FROM schema_migrations", NULL
	}
};
