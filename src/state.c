/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "state.h"
#include "xmalloc.h"

/*
 * The daemon's state: one variable, many observers. The socket's replies,
 * its waiting clients, the state file and sd_notify all learn of a change
 * from here, in the order they registered (the socket first, so that when
 * systemd hears READY=1 the socket already says READY); HTTP reads it when
 * asked.
 *
 *	*         -> *		[state_role]	   a run's role (role.c),
 *						   from its start: a follower
 *						   is one before anything else
 *	STARTING  -> STARTING	[state_looked]	   the version on disk, known
 *	*         -> *		[state_wait]	   a run waits for another
 *						   process's lock (and
 *						   [state_waited] for how
 *						   long so far), for the
 *						   database file to appear,
 *						   or, on a follower, for the
 *						   primary's run, until it
 *						   migrates or ends
 *	STARTING  -> MIGRATING	[state_migrating]  a run has pending work
 *	MIGRATING -> MIGRATING	[state_migrating]  the next migration
 *	*         -> READY	[state_ready]	   after COMMIT returned, or
 *						   nothing was pending
 *	*         -> FAILED	[state_failed]	   a run failed (rolled back)
 *	FAILED    -> STARTING	[state_retry]	   SIGHUP: a new try; a WAIT
 *						   from now on waits for it
 *	READY     -> MIGRATING	[state_migrating]  SIGHUP found new files
 *	*         -> READY	[state_reload_failed] a run after READY failed:
 *						   the database is still at
 *						   the version it had; said
 *						   in reload_error
 *	READY     -> STARTING	[state_withdrawn]  a follower's replicated
 *						   version went back below
 *						   what its files need; said
 *						   in reason
 *	*         -> STOPPING	[state_stopping]   SIGTERM; final
 *
 * READY -> READY is a run (SIGHUP) that found nothing new, or failed:
 * observers hear STATE_RUN_ENDED, so that systemd gets the READY=1 that ends
 * a reload. A transition that is not drawn here is refused (returns -1).
 *
 * Every channel renders the state by walking one table of fields
 * (state_walk): the socket's replies (proto.c), the state file, /status,
 * /metrics and sd_notify's STATUS= (state_status) each show the fields
 * marked for them.
 */

enum field_id {
	F_ROLE,
	F_VERSION,
	F_TARGET,
	F_STEP,
	F_STEPS,
	F_MIGRATION,
	F_ELAPSED,
	F_EXIT,
	F_ERROR,
	F_RELOAD,
	F_RELOAD_ERROR,
	F_WAITING_FOR,
	F_WAITED,
	F_REASON,
	F_SINCE,
	F_WAITING,
	F_LAST_RELOAD_OK,
	F_APPLIED,
	F_FAILURES,
	F_RELOAD_FAILURES,
	F_LAST_RUN,
	F_LAST_SUCCESS,
	F_LAST_FAILURE,
	F_LAST_EXIT,
	F_LOCK_WAIT,
	F_FOLLOWER
};

#define SHOW_LINE	(STATE_SHOW_STATUS | STATE_SHOW_WAIT | \
			    STATE_SHOW_FILE | STATE_SHOW_JSON)
#define SHOW_WORDS	(SHOW_LINE | STATE_SHOW_NOTIFY)

/*
 * Every field, in the order shown, and where; field_value() has each. In
 * STATUS=, a field is its value between the words before and after it.
 */
static const struct {
	enum field_id	 id;
	const char	*key;
	int		 show;
	const char	*metric;
	const char	*type;
	const char	*help;
	const char	*before, *after;	/* STATE_SHOW_NOTIFY */
} fields[] = {
	{ F_ROLE, "role", SHOW_LINE, NULL, NULL, NULL, NULL, NULL },
	{ F_VERSION, "version", SHOW_WORDS | STATE_SHOW_METRIC,
	  "schemad_schema_version", "gauge", "The database's schema "
	  "version, the newest in its history.", " at version ", "" },
	{ F_TARGET, "target", SHOW_LINE | STATE_SHOW_METRIC,
	  "schemad_target_version", "gauge", "The newest migration's "
	  "version.", NULL, NULL },
	{ F_STEP, "step", SHOW_WORDS, NULL, NULL, NULL, " ", "" },
	{ F_STEPS, "steps", SHOW_WORDS, NULL, NULL, NULL, "/", "" },
	{ F_MIGRATION, "migration", SHOW_WORDS, NULL, NULL, NULL, ": ", "" },
	{ F_ELAPSED, "elapsed_ms", SHOW_WORDS, NULL, NULL, NULL, ", ",
	  " so far" },
	{ F_EXIT, "exit", SHOW_LINE, NULL, NULL, NULL, NULL, NULL },
	{ F_ERROR, "error", SHOW_WORDS, NULL, NULL, NULL, ": ", "" },
	{ F_RELOAD, "reload", SHOW_LINE, NULL, NULL, NULL, NULL, NULL },
	{ F_RELOAD_ERROR, "reload_error", SHOW_WORDS, NULL, NULL, NULL,
	  "; reload failed: ", "" },
	{ F_WAITING_FOR, "waiting_for", SHOW_WORDS, NULL, NULL, NULL, ": ",
	  "" },
	{ F_WAITED, "waited_ms", SHOW_WORDS, NULL, NULL, NULL, ", ",
	  " ms so far (busy_timeout)" },
	{ F_REASON, "reason", SHOW_WORDS, NULL, NULL, NULL, "; not ready: ",
	  "" },
	{ F_SINCE, "since", SHOW_LINE, NULL, NULL, NULL, NULL, NULL },
	{ F_WAITING, "waiting", STATE_SHOW_STATUS | STATE_SHOW_JSON |
	  STATE_SHOW_METRIC, "schemad_waiting_clients", "gauge",
	  "Socket clients in a WAIT.", NULL, NULL },
	{ F_LAST_RELOAD_OK, "last_reload_successful", STATE_SHOW_METRIC,
	  "schemad_last_reload_successful", "gauge", "0 when the last run "
	  "after READY (SIGHUP) failed.", NULL, NULL },
	{ F_APPLIED, "applied", STATE_SHOW_METRIC,
	  "schemad_migrations_applied_total", "counter", "Migrations "
	  "applied since start.", NULL, NULL },
	{ F_FAILURES, "failures", STATE_SHOW_METRIC, "schemad_failures_total",
	  "counter", "Failed migration runs since start.", NULL, NULL },
	{ F_RELOAD_FAILURES, "reload_failures", STATE_SHOW_METRIC,
	  "schemad_reload_failures_total", "counter", "Failed runs after "
	  "READY (SIGHUP) since start.", NULL, NULL },
	{ F_LAST_RUN, "last_run_duration_seconds", STATE_SHOW_METRIC,
	  "schemad_last_run_duration_seconds", "gauge", "How long the last "
	  "migration run took.", NULL, NULL },
	{ F_LAST_SUCCESS, "last_success", STATE_SHOW_METRIC,
	  "schemad_last_success_timestamp_seconds", "gauge", "When a "
	  "migration run last ended well (Unix time); absent before one "
	  "has.", NULL, NULL },
	{ F_LAST_FAILURE, "last_failure", STATE_SHOW_METRIC,
	  "schemad_last_failure_timestamp_seconds", "gauge", "When a "
	  "migration run last failed (Unix time); absent before one has.",
	  NULL, NULL },
	{ F_LAST_EXIT, "last_exit", STATE_SHOW_METRIC,
	  "schemad_last_run_exit_code", "gauge", "The exit code of the last "
	  "migration run that ended, a failed reload's too (schemad(8), EXIT "
	  "STATUS): 0 ended well, 1 a migration failed, 4 drift; absent "
	  "before one has.", NULL, NULL },
	{ F_LOCK_WAIT, "lock_wait", STATE_SHOW_METRIC,
	  "schemad_lock_wait_seconds", "gauge", "How long the run, or the "
	  "last, waited for another process's lock on the database.", NULL,
	  NULL },
	{ F_FOLLOWER, "follower", STATE_SHOW_METRIC, "schemad_follower",
	  "gauge", "1 when this node follows a primary's migrations (a "
	  "LiteFS replica).", NULL, NULL },
};

/* What a run waits for: on the socket's line, and in STATUS=. */
static const struct {
	const char	*word;
	const char	*words;
} waits[] = {
	[WAIT_NONE] = { NULL, NULL },
	[WAIT_LOCK] = { "lock", "waiting for another process's lock" },
	[WAIT_DATABASE] = { "database", "waiting for the database file to "
	    "appear" },
	[WAIT_PRIMARY] = { "primary", "a follower, waiting for the primary "
	    "to migrate" },
	[WAIT_NODE] = { "node", "waiting for this rqlite node's copy to "
	    "catch up" }
};

static struct state	 st;
static struct timespec	 lock_since;	/* the lock's wait began */
static struct observer {
	state_observer	 fn;
	void		*arg;
}			*observers;
static size_t		 nobservers;

static void		 state_changed(enum state_event);
static void		 set_waiting(enum state_wait);
static const char	*field_value(const struct state *, enum field_id,
			    int, char *, size_t, int *);

void
state_init(void)
{
	state_free();
	st.name = STATE_STARTING;
	clock_gettime(CLOCK_REALTIME, &st.since);
}

void
state_free(void)
{
	free(observers);
	observers = NULL;
	nobservers = 0;
	free(st.migration);
	free(st.error);
	free(st.reload_error);
	free(st.reason);
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
	observers = xreallocarray(observers, nobservers + 1,
	    sizeof *observers);
	observers[nobservers].fn = fn;
	observers[nobservers++].arg = arg;
}

static void
state_changed(enum state_event ev)
{
	size_t	i;

	clock_gettime(CLOCK_REALTIME, &st.since);
	for (i = 0; i < nobservers; i++)
		observers[i].fn(&st, ev, observers[i].arg);
}

/*
 * What a run waits for now; when a wait for another process's lock ends,
 * how long it lasted (the messages of the wait come each second).
 */
static void
set_waiting(enum state_wait what)
{
	struct timespec	now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (what == WAIT_LOCK && st.waiting_for != WAIT_LOCK)
		lock_since = now;
	else if (what != WAIT_LOCK && st.waiting_for == WAIT_LOCK)
		st.lock_wait_ms = (now.tv_sec - lock_since.tv_sec) * 1000 +
		    (now.tv_nsec - lock_since.tv_nsec) / 1000000;
	st.waiting_for = what;
}

/* The version on disk and the target, from a run's first look. */
void
state_looked(int64_t version, int64_t target)
{
	if (st.version == version && st.target == target)
		return;
	st.version = version;
	st.target = target;
	state_changed(STATE_CHANGED);
}

/* A run waits for what: said until it gets on. */
void
state_wait(enum state_wait what)
{
	if (st.name == STATE_STOPPING || st.waiting_for == what)
		return;
	set_waiting(what);
	st.waited_ms = 0;
	state_changed(STATE_CHANGED);
}

/* A run that waits for another process's lock has waited ms so far. */
void
state_waited(int64_t ms)
{
	if (st.name == STATE_STOPPING || st.waiting_for != WAIT_LOCK ||
	    st.waited_ms == ms)
		return;
	st.waited_ms = ms;
	st.lock_wait_ms = ms;
	state_changed(STATE_CHANGED);
}

/*
 * How long the run has been MIGRATING (its steps), told each second: the
 * observers hear it when the whole seconds change.
 */
void
state_elapsed(int64_t ms)
{
	int64_t	before = st.elapsed_ms / 1000;

	if (st.name != STATE_MIGRATING)
		return;
	st.elapsed_ms = ms;
	if (ms / 1000 != before)
		state_changed(STATE_CHANGED);
}

/* The role of this node for the run (role.c), and how it was learned. */
void
state_role(enum role role, enum role_how how)
{
	if (st.role == role && st.role_how == how)
		return;
	st.role = role;
	st.role_how = how;
	state_changed(STATE_CHANGED);
}

/*
 * A follower's replicated version went back below what its files need:
 * READY is taken back, with why, until it is there again.
 */
int
state_withdrawn(int64_t version, const char *why)
{
	if (st.name != STATE_READY)
		return (-1);
	st.name = STATE_STARTING;
	st.version = version;
	set_waiting(WAIT_PRIMARY);
	free(st.reason);
	st.reason = xstrdup(why);
	state_changed(STATE_CHANGED);
	return (0);
}

/* SIGHUP after a failure: a new try, whose outcome a WAIT waits for. */
int
state_retry(void)
{
	if (st.name != STATE_FAILED)
		return (-1);
	st.name = STATE_STARTING;
	free(st.error);
	st.error = NULL;
	st.exit_code = 0;
	state_changed(STATE_CHANGED);
	return (0);
}

int
state_migrating(int64_t version, int64_t target, int step, int nsteps,
    const char *file)
{
	if (st.name == STATE_STOPPING)
		return (-1);
	if (st.name != STATE_MIGRATING)
		st.elapsed_ms = 0;
	st.name = STATE_MIGRATING;
	set_waiting(WAIT_NONE);
	st.version = version;
	st.target = target;
	st.step = step;
	st.nsteps = nsteps;
	free(st.migration);
	st.migration = file != NULL ? xstrdup(file) : NULL;
	free(st.error);
	st.error = NULL;
	st.exit_code = 0;
	state_changed(STATE_CHANGED);
	return (0);
}

/* Leave MIGRATING, for READY or FAILED. */
static void
state_end_run(enum state_name name, int64_t version, int64_t target)
{
	st.name = name;
	set_waiting(WAIT_NONE);
	st.version = version;
	st.target = target;
	st.step = st.nsteps = 0;
	st.elapsed_ms = 0;
	free(st.migration);
	st.migration = NULL;
	free(st.reason);
	st.reason = NULL;
}

int
state_ready(int64_t version, int64_t target)
{
	if (st.name == STATE_STOPPING)
		return (-1);
	state_end_run(STATE_READY, version, target);
	free(st.reload_error);
	st.reload_error = NULL;
	state_changed(STATE_RUN_ENDED);
	return (0);
}

int
state_failed(int exit_code, const char *error)
{
	if (st.name == STATE_STOPPING)
		return (-1);
	state_end_run(STATE_FAILED, st.version, st.target);
	st.failures++;
	st.exit_code = exit_code;
	free(st.error);
	st.error = xstrdup(error);
	state_changed(STATE_RUN_ENDED);
	return (0);
}

/*
 * A run after READY failed, and nothing was changed: still READY at the
 * version it had, with why the reload failed.
 */
int
state_reload_failed(const char *error)
{
	if (st.name == STATE_STOPPING)
		return (-1);
	state_end_run(STATE_READY, st.version, st.target);
	st.failures++;
	st.reload_failures++;
	free(st.reload_error);
	st.reload_error = xstrdup(error);
	state_changed(STATE_RUN_ENDED);
	return (0);
}

int
state_stopping(void)
{
	if (st.name == STATE_STOPPING)
		return (-1);
	st.name = STATE_STOPPING;
	state_changed(STATE_CHANGED);
	return (0);
}

/* A run starts: it has not waited for a lock yet. */
void
state_begin_run(void)
{
	st.lock_wait_ms = 0;
}

/*
 * Count a finished run, before its READY or FAILED, for the metrics: how
 * it ended (its exit code, 0 when well), and when.
 */
void
state_record_run(int applied, double seconds, int exit_code)
{
	st.applied += applied;
	st.last_run_sec = seconds;
	st.last_exit = exit_code;
	if (exit_code == 0)
		st.last_success = time(NULL);
	else
		st.last_failure = time(NULL);
}

/* The socket's count of waiting clients: no observer needs to hear it. */
void
state_set_waiting(int waiting)
{
	st.waiting = waiting;
}

/*
 * A field's value now, as text into buf (or a string of the state), or
 * NULL when the field has none in this state; in words for the channel
 * show, when it is STATUS=.
 */
static const char *
field_value(const struct state *s, enum field_id id, int show, char *buf,
    size_t size, int *number)
{
	int		words = show == STATE_SHOW_NOTIFY;
	struct tm	tm;
	int		migrating = s->name == STATE_MIGRATING && s->nsteps > 0;
	int64_t		n;

	*number = 0;
	switch (id) {
	case F_MIGRATION:
		return (migrating ? s->migration : NULL);
	case F_ERROR:
		return (s->name == STATE_FAILED ? s->error : NULL);
	case F_RELOAD:
		return (s->reload_error != NULL ? "failed" : NULL);
	case F_RELOAD_ERROR:
		return (s->reload_error);
	case F_WAITING_FOR:
		return (words ? waits[s->waiting_for].words :
		    waits[s->waiting_for].word);
	case F_ROLE:
		return (s->role == ROLE_FOLLOWER ? "follower" : NULL);
	case F_REASON:
		return (s->name == STATE_STARTING ? s->reason : NULL);
	case F_SINCE:
		gmtime_r(&s->since.tv_sec, &tm);
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
		return (buf);
	case F_LAST_RUN:
		snprintf(buf, size, "%.6f", s->last_run_sec);
		*number = 1;
		return (buf);
	case F_LOCK_WAIT:
		snprintf(buf, size, "%.3f", s->lock_wait_ms / 1e3);
		*number = 1;
		return (buf);
	case F_LAST_SUCCESS:
	case F_LAST_FAILURE:
		n = id == F_LAST_SUCCESS ? s->last_success : s->last_failure;
		if (n == 0)
			return (NULL);
		break;
	case F_LAST_EXIT:
		if (s->last_success == 0 && s->last_failure == 0)
			return (NULL);
		n = s->last_exit;
		break;
	case F_TARGET:
		if (s->target <= 0)	/* no migration, or only version 0 */
			return (NULL);
		n = s->target;
		break;
	case F_STEP:
	case F_STEPS:
		if (!migrating)
			return (NULL);
		n = id == F_STEP ? s->step : s->nsteps;
		break;
	case F_EXIT:
		if (s->name != STATE_FAILED)
			return (NULL);
		n = s->exit_code;
		break;
	case F_VERSION:
		/* In words: where a run starts, and where it left it. */
		if (words && s->name != STATE_STARTING &&
		    s->name != STATE_READY)
			return (NULL);
		n = s->version;
		break;
	case F_WAITING:
		n = s->waiting;
		break;
	case F_LAST_RELOAD_OK:
		n = s->reload_error == NULL;
		break;
	case F_FOLLOWER:
		n = s->role == ROLE_FOLLOWER;
		break;
	case F_WAITED:
		if (s->waiting_for != WAIT_LOCK)
			return (NULL);
		n = s->waited_ms;
		break;
	case F_ELAPSED:
		if (!migrating)
			return (NULL);
		if (words) {
			snprintf(buf, size, "%lld s",
			    (long long)(s->elapsed_ms / 1000));
			return (buf);
		}
		n = s->elapsed_ms;
		break;
	case F_APPLIED:
		n = s->applied;
		break;
	case F_FAILURES:
		n = s->failures;
		break;
	case F_RELOAD_FAILURES:
		n = s->reload_failures;
		break;
	default:
		return (NULL);
	}
	snprintf(buf, size, "%" PRId64, n);
	*number = 1;
	return (buf);
}

/* Hand fn each field that the channel show has, and has a value now. */
void
state_walk(const struct state *s, int show, state_field_fn fn, void *arg)
{
	struct state_field	f;
	char			buf[64];
	size_t			i;

	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if ((fields[i].show & show) == 0)
			continue;
		f.value = field_value(s, fields[i].id, show, buf, sizeof buf,
		    &f.number);
		if (f.value == NULL)
			continue;
		f.key = fields[i].key;
		f.metric = fields[i].metric;
		f.type = fields[i].type;
		f.help = fields[i].help;
		f.before = fields[i].before;
		f.after = fields[i].after;
		fn(&f, arg);
	}
}

struct words {
	char	*buf;
	size_t	 size, len;
};

static void
status_field(const struct state_field *f, void *arg)
{
	struct words	*w = arg;
	int		 n;

	if (w->len >= w->size)
		return;
	n = snprintf(w->buf + w->len, w->size - w->len, "%s%s%s", f->before,
	    f->value, f->after);
	w->len += n > 0 ? (size_t)n : 0;
}

/*
 * The state in words, for sd_notify's STATUS=: its word ("Ready"), then
 * the fields for STATE_SHOW_NOTIFY, each between its words.
 */
void
state_status(const struct state *s, char *buf, size_t size)
{
	struct words	 w = { buf, size, 0 };
	const char	*word = state_word(s->name);
	size_t		 i;

	for (i = 0; word[i] != '\0' && i + 1 < size; i++)
		buf[i] = (char)(i == 0 ? word[i] : tolower((unsigned char)word[i]));
	buf[i] = '\0';
	w.len = i;
	state_walk(s, STATE_SHOW_NOTIFY, status_field, &w);
}
