/* SPDX-License-Identifier: MIT */
#ifndef STATE_H
#define STATE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "role.h"

enum state_name {
	STATE_STARTING,
	STATE_MIGRATING,
	STATE_READY,
	STATE_FAILED,
	STATE_STOPPING
};

/* What an observer is told. */
enum state_event {
	STATE_CHANGED,		/* the word or a field */
	STATE_RUN_ENDED		/* a run ended: READY, FAILED, a failed reload */
};

/* What a run waits for before it can go on, if anything. */
enum state_wait {
	WAIT_NONE,
	WAIT_LOCK,		/* another process's lock */
	WAIT_DATABASE,		/* the database file (create = wait) */
	WAIT_PRIMARY,		/* a follower: the primary's run */
	WAIT_NODE		/* rqlite: the node's copy, to catch up */
};

/* The one state of the daemon; every channel derives from it. */
struct state {
	enum state_name	 name;
	int64_t		 version;	/* the newest applied */
	int64_t		 target;	/* the newest migration's */
	int		 step;		/* MIGRATING: 1..nsteps, 0 before */
	int		 nsteps;
	char		*migration;	/* MIGRATING: the file in progress */
	int64_t		 elapsed_ms;	/* MIGRATING: for how long so far */
	char		*error;		/* FAILED: why */
	int		 exit_code;	/* FAILED: schemad's exit code for it */
	char		*reload_error;	/* the last reload failed: why */
	enum state_wait	 waiting_for;	/* what a run waits for */
	int64_t		 waited_ms;	/* WAIT_LOCK: for how long so far */
	enum role	 role;		/* this run's, from its start */
	enum role_how	 role_how;	/* how it was learned */
	char		*reason;	/* STARTING again: why READY was taken
					   back */
	int		 waiting;	/* socket clients in a WAIT */
	struct timespec	 since;		/* wall clock of the last change */
	long		 applied;	/* migrations applied since start */
	long		 failures;	/* failed runs since start */
	long		 reload_failures;
	double		 last_run_sec;	/* how long the last run took */
	int64_t		 lock_wait_ms;	/* this run's wait for another
					   process's lock, or the last's */
	time_t		 last_success;	/* wall clock a run last ended
					   well; 0: never */
	time_t		 last_failure;	/* ... or failed */
	int		 last_exit;	/* the exit code of the last run that
					   ended (EXIT_*), failed reloads too */
};

/* Where a field is shown: state_walk()'s channels. */
#define STATE_SHOW_STATUS	0x01	/* the socket's STATUS reply */
#define STATE_SHOW_WAIT		0x02	/* replies to WAIT, TIMEOUT, /readyz */
#define STATE_SHOW_FILE		0x04	/* the state file */
#define STATE_SHOW_JSON		0x08	/* /status */
#define STATE_SHOW_METRIC	0x10	/* /metrics */
#define STATE_SHOW_NOTIFY	0x20	/* sd_notify's STATUS=, in words */

/* One field of the state, as state_walk() hands it to a channel. */
struct state_field {
	const char	*key;		/* key=value, "key": value */
	const char	*value;
	int		 number;	/* value is a number */
	const char	*metric;	/* the Prometheus name, or NULL */
	const char	*type;		/* its TYPE: gauge or counter */
	const char	*help;		/* its HELP */
	const char	*before;	/* STATUS=: the words around value */
	const char	*after;
};

typedef void	(*state_observer)(const struct state *, enum state_event,
		    void *);
typedef void	(*state_field_fn)(const struct state_field *, void *);

void		 state_init(void);
void		 state_free(void);
const struct state *state_get(void);
const char	*state_word(enum state_name name);
void		 state_observe(state_observer fn, void *arg);
void		 state_looked(int64_t version, int64_t target);
void		 state_wait(enum state_wait what);
void		 state_waited(int64_t ms);
void		 state_elapsed(int64_t ms);
void		 state_role(enum role role, enum role_how how);
int		 state_withdrawn(int64_t version, const char *why);
int		 state_retry(void);
int		 state_migrating(int64_t version, int64_t target, int step,
		    int nsteps,
		     const char *file);
int		 state_ready(int64_t version, int64_t target);
int		 state_failed(int exit_code, const char *error);
int		 state_reload_failed(const char *error);
int		 state_stopping(void);
void		 state_begin_run(void);
void		 state_record_run(int applied, double seconds, int exit_code);
void		 state_set_waiting(int waiting);
void		 state_walk(const struct state *st, int show, state_field_fn fn,
		     void *arg);
void		 state_status(const struct state *st, char *buf,
		     size_t size);

#endif
