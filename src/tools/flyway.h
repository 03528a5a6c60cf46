/* SPDX-License-Identifier: MIT */
#ifndef FLYWAY_H
#define FLYWAY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "errlist.h"

struct placeholders;

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
const char *flyway_value(const struct placeholders *ph, const char *name,
	    size_t len);
int	flyway_replace(const char *path, const char *file,
	    const struct placeholders *ph, time_t started, const char *buf,
	    size_t len, char **out, size_t *outlen, struct errlist *errors);
int	flyway_conf_says(const char *buf, size_t len, const char *key,
	    const char *value);

#endif
