/* SPDX-License-Identifier: MIT */
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "db.h"
#include "exitcode.h"
#include "follow.h"
#include "history.h"
#include "log.h"
#include "state.h"
#include "tap.h"

/*
 * A follower's watch: PRAGMA data_version says whether another connection
 * committed (the first look always has something to read); and the
 * daemon's watch after READY, on a real database file another connection
 * changes: READY while the history has what the files need, STARTING with
 * why when its newest version goes back below that, READY again when it
 * is back.
 */

static char	dir[] = "/tmp/schemad-follow-XXXXXX";
static char	path[256];

/* Run the loop for ms. */
static void
loop_for(struct event_base *base, int ms)
{
	struct timeval	tv = { ms / 1000, (ms % 1000) * 1000 };

	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
}

/* Run the loop until the state is name at version, or 10 s have passed. */
static int
loop_until(struct event_base *base, enum state_name name, int64_t version)
{
	const struct state	*st = state_get();
	int			 i;

	for (i = 0; i < 1000; i++) {
		if (st->name == name && st->version == version)
			return (1);
		loop_for(base, 10);
	}
	return (0);
}

static void
test_watch(sqlite3 *writer)
{
	struct follow_watch	 fw;
	char			*cause = NULL;
	int			 changed;

	follow_watch_init(&fw);
	is_int(follow_changed(&fw, path, NULL, &changed, &cause), EXIT_OK,
	    "the first look");
	is_int(changed, 1, "has something to read");
	follow_seen(&fw);
	follow_changed(&fw, path, NULL, &changed, &cause);
	is_int(changed, 0, "read: unchanged");
	db_exec(writer, "INSERT INTO t VALUES (1)", &cause);
	follow_changed(&fw, path, NULL, &changed, &cause);
	is_int(changed, 1, "another connection committed: changed");
	follow_changed(&fw, path, NULL, &changed, &cause);
	is_int(changed, 1, "and still, until it is read");
	follow_seen(&fw);
	follow_changed(&fw, path, NULL, &changed, &cause);
	is_int(changed, 0, "read");
	follow_watch_close(&fw);
	tap_ok(fw.db == NULL, "closed");
	follow_watch_init(&fw);
	tap_ok(follow_changed(&fw, "/nonexistent/x.db", NULL, &changed,
	    &cause) != EXIT_OK && !changed, "a database that is not there: "
	    "an error, not a change");
	free(cause);
}

static void
test_daemon(sqlite3 *writer)
{
	struct event_base	*base;
	struct config		 conf;
	const struct state	*st = state_get();
	char			*cause = NULL;

	config_init(&conf);
	free(conf.database);
	conf.database = strdup(path);
	conf.poll_interval = 10;
	base = event_base_new();
	state_init();
	state_role(ROLE_FOLLOWER, ROLE_LITEFS_FILE);
	state_ready(3, 3);
	follow_start(base, &conf, 3);
	loop_for(base, 100);		/* several looks */
	tap_ok(st->name == STATE_READY && st->version == 3, "the history has "
	    "version 3: READY");

	db_exec(writer, "DELETE FROM " HISTORY_TABLE " WHERE version = 3",
	    &cause);
	tap_ok(loop_until(base, STATE_STARTING, 2) &&
	    st->name == STATE_STARTING && st->version == 2 &&
	    st->waiting_for == WAIT_PRIMARY && st->reason != NULL &&
	    strstr(st->reason, "went back from 3 to 2, below the 3") != NULL,
	    "it went back to 2: STARTING, waiting for the primary, and why: "
	    "%s", st->reason ? st->reason : "");

	db_exec(writer, "INSERT INTO " HISTORY_TABLE " VALUES (3, 'c', NULL, "
	    "'applied', 'x', 0, 'y', NULL, NULL, NULL)", &cause);
	tap_ok(loop_until(base, STATE_READY, 3) && st->reason == NULL,
	    "back at 3: READY again");
	db_exec(writer, "INSERT INTO " HISTORY_TABLE " VALUES (4, 'd', NULL, "
	    "'applied', 'x', 0, 'y', NULL, NULL, NULL)", &cause);
	tap_ok(loop_until(base, STATE_READY, 4), "a newer deploy's version: "
	    "shown, still READY");

	follow_stop();
	db_exec(writer, "DELETE FROM " HISTORY_TABLE, &cause);
	loop_for(base, 50);		/* five looks' time, had it gone on */
	tap_ok(st->name == STATE_READY, "stopped: no longer watched");
	follow_stop();
	state_free();
	event_base_free(base);
	config_free(&conf);
	free(cause);
}

int
main(void)
{
	sqlite3	*writer;
	char	*cause = NULL, cmd[300];

	if (mkdtemp(dir) == NULL)
		abort();
	log_init("schemad", -1);
	snprintf(path, sizeof path, "%s/app.db", dir);
	if (db_open(path, DB_CREATE, NULL, &writer, &cause) != EXIT_OK ||
	    db_exec(writer, "CREATE TABLE t (x)", &cause) != EXIT_OK ||
	    history_create(writer, 0, 0, &cause) != EXIT_OK ||
	    db_exec(writer, "INSERT INTO " HISTORY_TABLE " VALUES (1, 'a', "
	    "NULL, 'applied', 'x', 0, 'y', NULL, NULL, NULL), (2, 'b', NULL, "
	    "'applied', 'x', 0, 'y', NULL, NULL, NULL), (3, 'c', NULL, 'applied', "
	    "'x', 0, 'y', NULL, NULL, NULL)", &cause) != EXIT_OK)
		abort();
	test_watch(writer);
	test_daemon(writer);
	db_close(writer);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", dir);
	return (tap_done());
}
