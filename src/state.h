/* SPDX-License-Identifier: MIT */
#ifndef STATE_H
#define STATE_H

#include <stddef.h>
#include <time.h>

enum state_name {
	STATE_STARTING,
	STATE_MIGRATING,
	STATE_READY,
	STATE_FAILED,
	STATE_STOPPING
};

/* The one state of the daemon; the socket and sd_notify derive from it. */
struct state {
	enum state_name	 name;
	int		 version;	/* the database's user_version */
	int		 target;	/* the newest migration's version */
	int		 step;		/* MIGRATING: 1..nsteps, 0 before */
	int		 nsteps;
	char		*migration;	/* MIGRATING: the file in progress */
	char		*error;		/* FAILED: why */
	int		 exit_code;	/* FAILED: schemad's exit code for it */
	struct timespec	 since;		/* wall clock of the last change */
	long		 applied;	/* migrations applied since start */
	long		 failures;	/* failed runs since start */
	double		 last_run_sec;	/* how long the last run took */
};

/* Told, in registration order, of every change. */
typedef void	(*state_observer)(const struct state *, enum state_name, void *);

void		 state_init(void);
void		 state_free(void);
const struct state *state_get(void);
const char	*state_word(enum state_name name);
void		 state_observe(state_observer fn, void *arg);
int		 state_migrating(int version, int target, int step, int nsteps,
		     const char *file);
void		 state_looked(int version, int target);
int		 state_ready(int version, int target);
int		 state_failed(int exit_code, const char *error);
int		 state_stopping(void);
void		 state_record_run(int applied, double seconds);
void		 state_format(const struct state *st, char *buf, size_t size);
void		 state_fields(const struct state *st, char *buf, size_t size);

#endif
