/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proto.h"
#include "state.h"
#include "xmalloc.h"

/*
 * The daemon's state: one variable, many observers. The socket's replies,
 * its waiting clients and sd_notify all learn of a change from here, in the
 * order they registered (the socket first, so that when systemd hears
 * READY=1 the socket already says READY).
 *
 *	STARTING  -> MIGRATING	[state_migrating]  a run has pending work
 *	MIGRATING -> MIGRATING	[state_migrating]  the next migration
 *	*         -> READY	[state_ready]	   after COMMIT returned, or
 *						   nothing was pending
 *	*         -> FAILED	[state_failed]	   a run failed (rolled back)
 *	READY     -> MIGRATING	[state_migrating]  SIGHUP found new files
 *	FAILED    -> MIGRATING	[state_migrating]  SIGHUP, a new try
 *	*         -> STOPPING	[state_stopping]   SIGTERM; final
 *
 * READY -> READY is a run (SIGHUP) that found nothing new: observers hear
 * it, so that systemd gets the READY=1 that ends a reload.
 *
 * A transition that is not drawn here is refused (returns -1).
 */

#define MAX_OBSERVERS	4

static struct state	 st;
static struct {
	state_observer	 fn;
	void		*arg;
} observers[MAX_OBSERVERS];
static size_t		 nobservers;

static void	state_changed(enum state_name);

void
state_init(void)
{
	state_free();
	st.name = STATE_STARTING;
	clock_gettime(CLOCK_REALTIME, &st.since);
	nobservers = 0;
}

void
state_free(void)
{
	free(st.migration);
	free(st.error);
	memset(&st, 0, sizeof st);
}

const struct state *
state_get(void)
{
	return (&st);
}

const char *
state_word(enum state_name name)
{
	static const char *const words[] = { "STARTING", "MIGRATING",
	    "READY", "FAILED", "STOPPING" };

	return (words[name]);
}

void
state_observe(state_observer fn, void *arg)
{
	if (nobservers < MAX_OBSERVERS) {
		observers[nobservers].fn = fn;
		observers[nobservers++].arg = arg;
	}
}

static void
state_changed(enum state_name old)
{
	size_t	i;

	clock_gettime(CLOCK_REALTIME, &st.since);
	for (i = 0; i < nobservers; i++)
		observers[i].fn(&st, old, observers[i].arg);
}

int
state_migrating(int version, int target, int step, int nsteps,
    const char *file)
{
	enum state_name	old = st.name;

	if (old == STATE_STOPPING)
		return (-1);
	st.name = STATE_MIGRATING;
	st.version = version;
	st.target = target;
	st.step = step;
	st.nsteps = nsteps;
	free(st.migration);
	st.migration = file != NULL ? xstrdup(file) : NULL;
	free(st.error);
	st.error = NULL;
	st.exit_code = 0;
	state_changed(old);
	return (0);
}

/* What the first look found, before a run changes anything. */
void
state_looked(int version, int target)
{
	st.version = version;
	st.target = target;
}

int
state_ready(int version, int target)
{
	enum state_name	old = st.name;

	if (old == STATE_STOPPING)
		return (-1);
	st.name = STATE_READY;
	st.version = version;
	st.target = target;
	st.step = st.nsteps = 0;
	free(st.migration);
	st.migration = NULL;
	state_changed(old);
	return (0);
}

int
state_failed(int exit_code, const char *error)
{
	enum state_name	old = st.name;

	if (old == STATE_STOPPING)
		return (-1);
	st.name = STATE_FAILED;
	st.failures++;
	st.exit_code = exit_code;
	free(st.error);
	st.error = xstrdup(error);
	state_changed(old);
	return (0);
}

int
state_stopping(void)
{
	enum state_name	old = st.name;

	if (old == STATE_STOPPING)
		return (-1);
	st.name = STATE_STOPPING;
	state_changed(old);
	return (0);
}

/* Count a finished run, before its READY or FAILED, for the metrics. */
void
state_record_run(int applied, double seconds)
{
	st.applied += applied;
	st.last_run_sec = seconds;
}

/* The reply line for a state: its word and key=value fields. */
void
state_format(const struct state *s, char *buf, size_t size)
{
	snprintf(buf, size, "%s", state_word(s->name));
	state_fields(s, buf, size);
}

/* Append the state's key=value fields to buf. */
void
state_fields(const struct state *s, char *buf, size_t size)
{
	struct tm	tm;
	char		since[32];

	proto_field_int(buf, size, "version", s->version);
	if (s->target > 0)
		proto_field_int(buf, size, "target", s->target);
	if (s->name == STATE_MIGRATING && s->nsteps > 0) {
		proto_field_int(buf, size, "step", s->step);
		proto_field_int(buf, size, "steps", s->nsteps);
		if (s->migration != NULL)
			proto_field(buf, size, "migration", s->migration);
	}
	if (s->name == STATE_FAILED) {
		proto_field_int(buf, size, "exit", s->exit_code);
		proto_field(buf, size, "error", s->error);
	}
	gmtime_r(&s->since.tv_sec, &tm);
	strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &tm);
	proto_field(buf, size, "since", since);
}
