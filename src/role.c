/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>

#include <jansson.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "httpc.h"
#include "role.h"
#include "xmalloc.h"

/*
 * Whether this node may write the database: the primary, or a follower
 * that only reads what the primary wrote (a LiteFS replica).
 *
 * LiteFS shows, in each node's mount, a file .lag (on every node) and a
 * file .primary naming the primary (only on a replica connected to it).
 * So with role = auto a database beside .primary is a follower's, and any
 * other a primary's: without LiteFS, as it always was. A replica cut off
 * from its primary has no .primary either: it is taken for a primary, and
 * its first write fails (SQLITE_READONLY or SQLITE_IOERR), which a run
 * reports as a temporary failure, having written nothing. With
 * litefs_url, the node's own API says it outright (GET /info, "isPrimary",
 * read with jansson); when it does not answer, .primary decides.
 *
 * A run resolves the role once, at its start (migrate.c), and the state
 * holds it from then on, in every observer; only a follower's wait asks
 * again, to see this node become the primary.
 */

const char *const role_names[] = { "auto", "primary", "follower", NULL };

/* The path of name in the database's directory; the caller frees it. */
static char *
beside(const char *database, const char *name)
{
	char	*copy, *path;

	copy = xstrdup(database);
	xasprintf(&path, "%s/%s", dirname(copy), name);
	free(copy);
	return (path);
}

static int
exists_beside(const char *database, const char *name)
{
	struct stat	 st;
	char		*path;
	int		 rc;

	path = beside(database, name);
	rc = stat(path, &st) == 0;
	free(path);
	return (rc);
}

/*
 * What LiteFS's node API at url says: ROLE_PRIMARY or ROLE_FOLLOWER, or
 * -1 when it does not answer as LiteFS does.
 */
static int
role_info(const char *url)
{
	json_t	*root, *is;
	char	*target, *body, *cause = NULL;
	int	 status, role = -1;

	xasprintf(&target, "%s/info", url);
	status = httpc_get(target, 1, &body, &cause);
	free(target);
	free(cause);
	if (status != 200) {
		free(body);
		return (-1);
	}
	if ((root = json_loads(body, 0, NULL)) != NULL &&
	    json_is_boolean(is = json_object_get(root, "isPrimary")))
		role = json_is_true(is) ? ROLE_PRIMARY : ROLE_FOLLOWER;
	json_decref(root);
	free(body);
	return (role);
}

/* The primary's name, as a LiteFS replica's .primary holds it. */
static void
role_primary(const char *database, char *buf, size_t size)
{
	FILE	*fp;
	char	*path;

	*buf = '\0';
	path = beside(database, ".primary");
	if ((fp = fopen(path, "r")) != NULL) {
		if (fgets(buf, (int)size, fp) == NULL)
			*buf = '\0';
		buf[strcspn(buf, "\r\n")] = '\0';
		fclose(fp);
	}
	free(path);
}

/*
 * The role this node has now, as the configuration says or finds it; a
 * database that is not a file here (file = 0: rqlite) has no other writer
 * to defer to.
 */
void
role_resolve(const struct config *conf, int file, struct role_info *ri)
{
	int	role, replica;

	memset(ri, 0, sizeof *ri);
	ri->role = ROLE_PRIMARY;
	if (!file)
		return;
	ri->litefs = exists_beside(conf->database, ".lag");
	replica = exists_beside(conf->database, ".primary");
	role_primary(conf->database, ri->primary, sizeof ri->primary);
	if (conf->role != NULL && strcmp(conf->role, "auto") != 0) {
		ri->how = ROLE_CONFIGURED;
		ri->role = strcmp(conf->role, "follower") == 0 ?
		    ROLE_FOLLOWER : ROLE_PRIMARY;
	} else if (conf->litefs_url != NULL &&
	    (role = role_info(conf->litefs_url)) != -1) {
		ri->how = ROLE_LITEFS_API;
		ri->role = (enum role)role;
	} else if (ri->litefs || replica) {
		ri->how = ROLE_LITEFS_FILE;
		ri->role = replica ? ROLE_FOLLOWER : ROLE_PRIMARY;
	}
}

const char *
role_how_name(enum role_how how)
{
	static const char *const names[] = { "the only writer",
	    "the configuration", "LiteFS's node API", "LiteFS's .primary" };

	return (names[how]);
}
