/* SPDX-License-Identifier: MIT */
#include "adopt.h"
#include "layout.h"
#include "migrations.h"

/*
 * golang-migrate: NNNN_name.up.sql, run, and NNNN_name.down.sql, never;
 * the name is anything (source/parse.go's Regex,
 * ^([0-9]+)_(.*)\.(down|up)\.(.*)$). Its
 * schema_migrations holds one row, the version reached, and dirty when a
 * run did not finish.
 */
const struct layout layout_golang_migrate = {
	.name = "golang-migrate",
	.title = "golang-migrate",
	.format = 1,
	.kind = NAME_UP,
	.names = LAYOUT_NAMES_UNDERSCORE,
	.named = "an .up.sql file",
	.down = "down file",
	.down_files = ".down.sql files",
	.new_files = { ".up.sql", ".down.sql" },
	.adopt = &(const struct adopt_table){
		"schema_migrations", "dirty", ROWS_UP_TO,
		"SELECT version, dirty, NULL FROM schema_migrations", NULL
	}
};
