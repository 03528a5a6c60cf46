/* SPDX-License-Identifier: MIT */
#include <event2/event.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "conf.h"
#include "db.h"
#include "exitcode.h"
#include "follow.h"
#include "history.h"
#include "log.h"
#include "state.h"
#include "xmalloc.h"

/*
 * A follower watches its database for the commits that replication brings:
 * PRAGMA data_version, on a read-only connection, moves with each
 * (follow_changed); what changed is read only then. The same watch serves
 * a run's wait for the primary's run before READY (file.c) and the
 * daemon's watch after it (below).
 *
 * A follower's watch, once READY: the daemon keeps looking, every
 * poll_interval, at PRAGMA data_version on a read-only connection, and
 * when it moves, at the newest version in the replicated history. When
 * that goes back below the version this node's files need (the primary
 * changed, and what it had not shipped is lost; or the database was
 * replaced), READY is withdrawn -- the socket, /readyz and the state file
 * say STARTING, with why -- until the version is there again. A version
 * that goes back but still is what the files need, or moves ahead, is
 * shown and logged. (systemd cannot take back READY=1: STATUS= says it.)
 *
 * A run (SIGHUP) takes over from the watch while it lasts.
 */

static struct {
	const struct config	*conf;
	struct event		*ev;
	struct follow_watch	 watch;
	int64_t			 target;	/* what the files need */
} fw;

static void	follow_look(evutil_socket_t, short, void *);

void
follow_watch_init(struct follow_watch *w)
{
	w->db = NULL;
	w->now = w->seen = -1;
}

/*
 * Has the database changed since the caller last read it (follow_seen)?
 * The first look has: nothing was read yet.
 */
int
follow_changed(struct follow_watch *w, const char *database,
    struct db_wait *wait, int *changed, char **cause)
{
	int	rc;

	*changed = 0;
	if (w->db == NULL && (rc = db_open(database, DB_READONLY, wait,
	    &w->db, cause)) != EXIT_OK)
		return (rc);
	if ((rc = db_int(w->db, "PRAGMA data_version", &w->now, cause)) !=
	    EXIT_OK)
		return (rc);
	*changed = w->now != w->seen;
	return (EXIT_OK);
}

/* What changed was read. */
void
follow_seen(struct follow_watch *w)
{
	w->seen = w->now;
}

void
follow_watch_close(struct follow_watch *w)
{
	if (w->db != NULL)
		db_close(w->db);
	follow_watch_init(w);
}

/* Start watching, READY at version with files that need target. */
void
follow_start(struct event_base *base, const struct config *conf,
    int64_t target)
{
	struct timeval	tv;

	fw.conf = conf;
	fw.target = target;
	if (fw.ev == NULL &&
	    (fw.ev = event_new(base, -1, EV_PERSIST, follow_look, NULL)) ==
	    NULL)
		fatalx("cannot make the follower's timer");
	tv.tv_sec = conf->poll_interval / 1000;
	tv.tv_usec = (conf->poll_interval % 1000) * 1000;
	follow_watch_init(&fw.watch);
	event_add(fw.ev, &tv);
}

void
follow_stop(void)
{
	if (fw.ev != NULL) {
		event_free(fw.ev);
		fw.ev = NULL;
	}
	follow_watch_close(&fw.watch);
}

static void
follow_look(evutil_socket_t fd, short what, void *arg)
{
	const struct state	*st = state_get();
	char			*cause = NULL, *why;
	int64_t			 v;
	int			 changed;

	(void)fd;
	(void)what;
	(void)arg;
	/* Gone for now, unchanged, or locked: at the next look. */
	if (follow_changed(&fw.watch, fw.conf->database, NULL, &changed,
	    &cause) != EXIT_OK || !changed ||
	    history_newest(fw.watch.db, &v, &cause) != EXIT_OK)
		goto out;
	follow_seen(&fw.watch);
	if (v < fw.target && st->name == STATE_READY) {
		xasprintf(&why, "the replicated version went back from %"
		    PRId64 " to %" PRId64 ", below the %" PRId64 " these files "
		    "need (the primary changed, or the database was replaced)",
		    st->version, v, fw.target);
		log_warning("not ready: %s", why);
		state_withdrawn(v, why);
		free(why);
	} else if (v >= fw.target && st->name == STATE_STARTING) {
		log_info("ready again at version %" PRId64, v);
		state_ready(v, st->target);
	} else if (v != st->version) {
		if (v < st->version)
			log_warning("the replicated version went back from %"
			    PRId64 " to %" PRId64 "; these files need %" PRId64
			    ": still ready", st->version, v, fw.target);
		state_looked(v, st->target);
	}
out:
	free(cause);
}
