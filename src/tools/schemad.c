/* SPDX-License-Identifier: MIT */
#include "layout.h"
#include "migrations.h"

/*
 * schemad's own layout, and the default: NNNN_name.sql, applied in the
 * numeric order of NNNN, all of a file runs; R__name.sql files are
 * repeatable migrations. `schemad new` writes an empty NNNN_name.sql. Its
 * history is schemad_history (history.c): nothing to adopt.
 */
const struct layout layout_schemad = {
	.name = "schemad",
	.title = "schemad",
	.format = 1,
	.kind = NAME_PLAIN,
	.named = "an NNNN_name.sql file",
	.repeatables = 1
};
