/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "role.h"
#include "tap.h"

/*
 * The role: what the configuration says, or, with auto, what LiteFS's
 * files beside the database say; the primary's name from .primary.
 */

static char	dir[] = "/tmp/schemad-role-XXXXXX";

int
main(void)
{
	struct config	conf;
	char		db[700], path[700], primary[64];

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(db, sizeof db, "%s/app.db", dir);
	config_init(&conf);
	free(conf.database);
	conf.database = strdup(db);

	is_int(role_litefs(db), 0, "no .lag: not LiteFS");
	is_int(role_now(&conf), ROLE_PRIMARY, "auto, no LiteFS: primary");
	tap_put(dir, ".lag", "+000000000\n");
	is_int(role_litefs(db), 1, ".lag beside the database: LiteFS");
	is_int(role_now(&conf), ROLE_PRIMARY,
	    "auto, LiteFS without .primary: primary");
	role_primary(db, primary, sizeof primary);
	is_str(primary, "", "no .primary: no primary's name");

	tap_put(dir, ".primary", "node-a\n");
	is_int(role_now(&conf), ROLE_FOLLOWER, "auto, .primary: follower");
	role_primary(db, primary, sizeof primary);
	is_str(primary, "node-a", "the primary's name, without its newline");

	free(conf.role);
	conf.role = strdup("primary");
	is_int(role_now(&conf), ROLE_PRIMARY, "role = primary: primary");
	free(conf.role);
	conf.role = strdup("follower");
	snprintf(path, sizeof path, "%s/.primary", dir);
	unlink(path);
	is_int(role_now(&conf), ROLE_FOLLOWER, "role = follower: follower");

	config_free(&conf);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		tap_diag("could not remove %s", dir);
	return (tap_done());
}
