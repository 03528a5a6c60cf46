/* SPDX-License-Identifier: MIT */
#ifndef LAYOUT_H
#define LAYOUT_H

#include <stddef.h>

#include "errlist.h"

/* How a migrations directory is laid out: schemad's, or another tool's. */
enum layout {
	LAYOUT_AUTO,		/* found from the directory */
	LAYOUT_SCHEMAD,		/* NNNN_name.sql, all of it runs */
	LAYOUT_PAIRS,		/* NNNN_name.up.sql + .down.sql */
	LAYOUT_DBMATE,		/* -- migrate:up / -- migrate:down */
	LAYOUT_GOOSE,		/* -- +goose Up / -- +goose Down */
	LAYOUT_SQL_MIGRATE,	/* -- +migrate Up / -- +migrate Down */
	LAYOUT_DIESEL,		/* VERSION_name/up.sql + down.sql */
	LAYOUT_PRISMA,		/* VERSION_name/migration.sql */
	LAYOUT_DRIZZLE,		/* NNNN_name.sql, meta/_journal.json */
	LAYOUT_FLYWAY		/* V1.10__name.sql, R__name.sql */
};

/* What a refused "no transaction" marker is told. */
#define LAYOUT_NO_TRANSACTION \
	"schemad runs every migration in one transaction: drop the marker " \
	"if the step can run in one, or do the step outside the migrations " \
	"(before or after schemad)"

extern const char *const layout_names[];	/* for the configuration */

enum layout	layout_parse(const char *name);
const char     *layout_name(enum layout layout);
int		layout_sectioned(enum layout layout);
int		layout_sections(const char *file, char *buf, size_t len,
		    enum layout want, enum layout *found, int *down,
		    struct errlist *errors);
int		layout_fk_pairs(char *buf, size_t len);

#endif
