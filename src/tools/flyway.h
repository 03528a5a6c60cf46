/* SPDX-License-Identifier: MIT */
#ifndef FLYWAY_H
#define FLYWAY_H

#include <stddef.h>
#include <stdint.h>

/* What a Flyway file name is. */
enum flyway_kind {
	FLYWAY_NONE,		/* not one of Flyway's names */
	FLYWAY_VERSIONED,	/* V1.10__name.sql */
	FLYWAY_REPEATABLE,	/* R__name.sql */
	FLYWAY_UNDO,		/* U1.10__name.sql: never run */
	FLYWAY_BASELINE		/* B1.10__name.sql: refused */
};

int	flyway_parse_name(const char *file, char **label, char **name,
	    char **cause);
int	flyway_version_cmp(const char *a, const char *b);
int32_t	flyway_checksum(const char *buf, size_t len);
int	flyway_placeholder(const char *buf, size_t len, char *name,
	    size_t size);
int	flyway_conf_no_transaction(const char *buf, size_t len);

#endif
