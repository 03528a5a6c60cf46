/* SPDX-License-Identifier: MIT */
#ifndef ROLE_H
#define ROLE_H

#include <stddef.h>

struct config;

enum role {
	ROLE_PRIMARY,		/* may write: migrates */
	ROLE_FOLLOWER		/* only reads: waits for the primary's run */
};

extern const char *const role_names[];	/* for the configuration */

int		role_litefs(const char *database);
enum role	role_now(const struct config *conf);
void		role_primary(const char *database, char *buf, size_t size);

#endif
