/* SPDX-License-Identifier: MIT */
#ifndef NEW_H
#define NEW_H

struct config;

#include <stdint.h>

#define NEW_TIMESTAMP_DIGITS	14	/* YYYYMMDDHHMMSS */
#define NEW_TIMESTAMP_MIN	19700101000000LL

int	new_migration(const struct config *conf, const char *name);
int64_t	new_timestamp(int64_t last);

#endif
