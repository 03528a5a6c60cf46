/* SPDX-License-Identifier: MIT */
#ifndef ROLE_H
#define ROLE_H

#include <stddef.h>

struct config;

enum role {
	ROLE_PRIMARY,		/* may write: migrates */
	ROLE_FOLLOWER		/* only reads: waits for the primary's run */
};

/* How the role was learned. */
enum role_how {
	ROLE_ONLY,		/* no LiteFS, or no file: the one writer */
	ROLE_CONFIGURED,	/* role = primary or follower */
	ROLE_LITEFS_API,	/* litefs_url's /info */
	ROLE_LITEFS_FILE	/* .primary beside the database, or none */
};

/* The role of this node for a run: resolved once, at its start. */
struct role_info {
	enum role	 role;
	enum role_how	 how;
	int		 litefs;	/* the database is on a LiteFS mount */
	char		 primary[256];	/* the primary's name, as .primary
					   says it; "" if none */
};

extern const char *const role_names[];	/* for the configuration */

void		role_resolve(const struct config *conf, int file,
		    struct role_info *ri);
const char     *role_how_name(enum role_how how);

#endif
