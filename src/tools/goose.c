/* SPDX-License-Identifier: MIT */
#include "adopt.h"
#include "layout.h"
#include "migrations.h"

/*
 * goose: NNNN_name.sql, the version before the first '_' and anything
 * after it (migration.go's NumericComponent: 20160131153104_0.1.2_x.sql),
 * with "-- +goose Up" and "-- +goose Down" sections;
 * only the up section runs. StatementBegin/StatementEnd need nothing
 * (schemad finds where a trigger's statement ends by itself); NO
 * TRANSACTION and ENVSUB are refused. Its goose_db_version keeps a row a
 * run, the last of a version saying whether it is applied.
 */

static const char *const goose_words[] = { "StatementBegin",
    "StatementEnd", NULL };

static const char *const goose_refused[] = {
	"NO TRANSACTION", "'NO TRANSACTION' (goose): " LAYOUT_NO_TRANSACTION,
	"ENVSUB", "ENVSUB (goose): schemad runs a migration's text as it is, "
	    "and does not substitute environment variables",
	NULL
};

const struct layout layout_goose = {
	.name = "goose",
	.title = "goose",
	.format = 1,
	.kind = NAME_PLAIN,
	.names = LAYOUT_NAMES_UNDERSCORE,
	.sections = &(const struct layout_sections){
		.mark = "+goose ", .up = "Up", .down = "Down",
		.words = goose_words, .refused = goose_refused
	},
	.down = "down section",
	.new_text = "-- +goose Up\n\n\n-- +goose Down\n\n",
	.adopt = &(const struct adopt_table){
		"goose_db_version", NULL, ROWS_LAST,
		"SELECT version_id, NOT is_applied, NULL FROM goose_db_version "
		"WHERE version_id > 0 ORDER BY id", NULL
	}
};
