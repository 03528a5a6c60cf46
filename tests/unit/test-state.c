/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "state.h"
#include "tap.h"

/*
 * The daemon's one state: its transitions, what observers are told, and
 * the one table of fields that every channel renders.
 */

static int		seen[8];
static int		order;
static enum state_event	last_event;

static void
observer(const struct state *st, enum state_event ev, void *arg)
{
	seen[(long)arg] = ++order * 10 + (int)st->name;
	last_event = ev;
}

/* The keys that state_walk() gives a channel, space-separated. */
static void
add_key(const struct state_field *f, void *arg)
{
	char	*keys = arg;

	if (*keys != '\0')
		strcat(keys, " ");
	strcat(keys, f->key);
}

static const char *
keys(int show)
{
	static char	buf[512];

	*buf = '\0';
	state_walk(state_get(), show, add_key, buf);
	return (buf);
}

static void
test_transitions(void)
{
	char	line[PROTO_MAXREPLY];
	long	i;

	state_init();
	for (i = 0; i < 6; i++)		/* as many as there are, no limit */
		state_observe(observer, (void *)i);
	is_int(state_get()->name, STATE_STARTING, "starts STARTING");
	state_looked(201, 203);
	proto_state(state_get(), STATE_SHOW_STATUS, line, sizeof line);
	tap_ok(strncmp(line, "STARTING version=201 target=203 since=", 38) ==
	    0, "after the first look, STARTING says the version on disk: %s",
	    line);
	state_wait(WAIT_LOCK);
	proto_state(state_get(), STATE_SHOW_WAIT, line, sizeof line);
	tap_ok(strstr(line, " waiting_for=lock waited_ms=0 ") != NULL, "a "
	    "wait for another process's lock is shown: %s", line);
	state_waited(1500);
	proto_state(state_get(), STATE_SHOW_STATUS, line, sizeof line);
	tap_ok(strstr(line, " waiting_for=lock waited_ms=1500 ") != NULL,
	    "and how long it has lasted: %s", line);
	is_int(state_migrating(2, 4, 1, 2, "0003_a.sql"), 0,
	    "STARTING -> MIGRATING");
	tap_ok(state_get()->waiting_for == WAIT_NONE, "which ends the wait");
	tap_ok(seen[0] == 10 * (order - 5) + STATE_MIGRATING &&
	    seen[4] == 10 * (order - 1) + STATE_MIGRATING &&
	    seen[5] == 10 * order + STATE_MIGRATING,
	    "six observers, all told, in registration order");
	is_int(last_event, STATE_CHANGED, "a step is a change");
	proto_state(state_get(), STATE_SHOW_WAIT, line, sizeof line);
	tap_ok(strncmp(line, "MIGRATING version=2 target=4 step=1 steps=2 "
	    "migration=0003_a.sql elapsed_ms=0 since=", 76) == 0,
	    "MIGRATING line: %s", line);
	i = order;
	state_elapsed(800);
	is_int(order, i, "less than a second on: the observers hear nothing");
	state_elapsed(1200);
	is_int(order, i + 6, "a second on: they hear it");
	proto_state(state_get(), STATE_SHOW_STATUS, line, sizeof line);
	tap_ok(strstr(line, " elapsed_ms=1200 ") != NULL, "and the line says "
	    "how long it has been migrating: %s", line);
	is_int(state_ready(4, 4), 0, "MIGRATING -> READY");
	is_int(last_event, STATE_RUN_ENDED, "READY ends a run");
	is_int(state_ready(4, 4), 0, "READY -> READY (a reload found nothing)");
	is_int(state_retry(), -1, "only FAILED can be retried");

	is_int(state_migrating(4, 5, 1, 1, "0005_x.sql"), 0,
	    "READY -> MIGRATING (SIGHUP)");
	is_int(state_reload_failed("0005_x.sql:3: boom"), 0,
	    "a failed reload");
	is_int(state_get()->name, STATE_READY, "is still READY");
	is_int(last_event, STATE_RUN_ENDED, "and ends the run");
	proto_state(state_get(), STATE_SHOW_WAIT, line, sizeof line);
	tap_ok(strstr(line, "READY version=4 target=5 reload=failed "
	    "reload_error=\"0005_x.sql:3: boom\" since=") == line,
	    "READY at the old version, with the failed reload: %s", line);
	is_int(state_get()->reload_failures, 1, "counted");
	is_int(state_ready(5, 5), 0, "a reload that works");
	tap_ok(state_get()->reload_error == NULL, "clears the failure");

	state_role(ROLE_FOLLOWER, ROLE_LITEFS_FILE);
	is_int(state_withdrawn(3, "went back"), 0, "READY -> STARTING: a "
	    "follower's version went back");
	proto_state(state_get(), STATE_SHOW_WAIT, line, sizeof line);
	tap_ok(strstr(line, "STARTING role=follower version=3 target=5 "
	    "waiting_for=primary reason=\"went back\" since=") == line,
	    "STARTING, with the role and why: %s", line);
	is_int(state_withdrawn(2, "again"), -1, "only READY can be taken back");
	is_int(state_ready(5, 5), 0, "READY again");
	tap_ok(state_get()->reason == NULL, "which forgets why it was not");
	state_role(ROLE_PRIMARY, ROLE_ONLY);

	is_int(state_failed(1, "x.sql:3: boom"), 0, "READY -> FAILED");
	proto_state(state_get(), STATE_SHOW_WAIT, line, sizeof line);
	tap_ok(strstr(line, "FAILED version=5 target=5 exit=1 "
	    "error=\"x.sql:3: boom\"") == line, "FAILED line: %s", line);
	is_int(state_retry(), 0, "FAILED -> STARTING (SIGHUP)");
	tap_ok(state_get()->error == NULL, "the retry forgets the error");
	is_int(state_stopping(), 0, "STARTING -> STOPPING");
	is_int(state_ready(5, 5), -1, "STOPPING is final: no READY");
	is_int(state_migrating(5, 5, 1, 1, "x"), -1, "no MIGRATING");
	is_int(state_failed(1, "x"), -1, "no FAILED");
	is_int(state_reload_failed("x"), -1, "no failed reload");
	is_int(state_retry(), -1, "no retry");
	is_int(state_stopping(), -1, "no second STOPPING");
	state_free();
}

static void
test_fields(void)
{
	state_init();
	state_set_waiting(3);
	is_str(keys(STATE_SHOW_STATUS), "version since waiting",
	    "STATUS, before anything is known");
	is_str(keys(STATE_SHOW_WAIT), "version since", "WAIT replies: no "
	    "waiting count");
	state_looked(1, 2);
	state_migrating(1, 2, 1, 1, "0002_b.sql");
	is_str(keys(STATE_SHOW_FILE), "version target step steps migration "
	    "elapsed_ms since", "the state file, MIGRATING");
	state_ready(2, 2);
	is_str(keys(STATE_SHOW_JSON), "version target since waiting",
	    "/status, READY");
	state_reload_failed("boom");
	is_str(keys(STATE_SHOW_FILE), "version target reload reload_error "
	    "since", "a failed reload shows in the state file");
	is_str(keys(STATE_SHOW_METRIC), "version target waiting "
	    "last_reload_successful applied failures reload_failures "
	    "last_run_duration_seconds lock_wait follower", "the metrics "
	    "(the times of the last success and failure only once there is "
	    "one)");
	state_record_run(0, 0.1, 4);
	is_str(keys(STATE_SHOW_METRIC), "version target waiting "
	    "last_reload_successful applied failures reload_failures "
	    "last_run_duration_seconds last_failure last_exit lock_wait "
	    "follower", "a run ended: when it failed, and its exit code");
	state_record_run(0, 0.1, 0);
	is_int(state_get()->last_exit, 0, "the next run ended well: exit 0");
	state_failed(75, "locked");
	is_str(keys(STATE_SHOW_STATUS), "version target exit error reload "
	    "reload_error since waiting", "FAILED");
	state_free();
}

int
main(void)
{
	test_transitions();
	test_fields();
	return (tap_done());
}
