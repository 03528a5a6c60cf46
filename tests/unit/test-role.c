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
 * files beside the database say; the primary's name from .primary; how
 * it was learned; none but the primary for a database that is not a file.
 */

static char		dir[] = "/tmp/schemad-role-XXXXXX";
static struct role_info	ri;

/* The role resolved; ri has all of it. */
static int
role_now(const struct config *conf)
{
	role_resolve(conf, 1, &ri);
	return ((int)ri.role);
}

int
main(void)
{
	struct config	conf;
	char		db[700], path[700];

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(db, sizeof db, "%s/app.db", dir);
	config_init(&conf);
	free(conf.database);
	conf.database = strdup(db);

	is_int(role_now(&conf), ROLE_PRIMARY, "auto, no LiteFS: primary");
	tap_ok(!ri.litefs && ri.how == ROLE_ONLY,
	    "no .lag: not LiteFS; the only writer");
	tap_put(dir, ".lag", "+000000000\n");
	is_int(role_now(&conf), ROLE_PRIMARY,
	    "auto, LiteFS without .primary: primary");
	tap_ok(ri.litefs && ri.how == ROLE_LITEFS_FILE,
	    ".lag beside the database: LiteFS, and its files decide");
	is_str(ri.primary, "", "no .primary: no primary's name");

	tap_put(dir, ".primary", "node-a\n");
	is_int(role_now(&conf), ROLE_FOLLOWER, "auto, .primary: follower");
	is_str(ri.primary, "node-a", "the primary's name, without its newline");

	free(conf.role);
	conf.role = strdup("primary");
	is_int(role_now(&conf), ROLE_PRIMARY, "role = primary: primary");
	is_int(ri.how, ROLE_CONFIGURED, "as configured");
	free(conf.role);
	conf.role = strdup("follower");
	snprintf(path, sizeof path, "%s/.primary", dir);
	unlink(path);
	is_int(role_now(&conf), ROLE_FOLLOWER, "role = follower: follower");
	is_int(ri.how, ROLE_CONFIGURED, "as configured, .primary or not");
	role_resolve(&conf, 0, &ri);
	tap_ok(ri.role == ROLE_PRIMARY && ri.how == ROLE_ONLY,
	    "a database that is not a file here (rqlite): the primary");

	config_free(&conf);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		tap_diag("could not remove %s", dir);
	return (tap_done());
}
