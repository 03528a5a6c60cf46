/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "state.h"
#include "statefile.h"
#include "xmalloc.h"

/*
 * The state file, for readers without access to the socket (like
 * PostgreSQL's postmaster.pid): key=value lines, written to a temporary
 * file and renamed over the old one at every state change, so that a
 * reader never sees half of one. Removed when the daemon exits.
 *
 *	state=READY
 *	version=5
 *	target=5
 *	since=2026-11-23T10:00:00Z
 *	pid=1234
 *
 * and the other fields of the state where they have a value (step=,
 * error=, reload_error=, ...): state.c's table says which.
 */

static char	*statefile_path;

static void	statefile_field(const struct state_field *, void *);
static int	statefile_write(const struct state *, char **);
static void	statefile_state(const struct state *, enum state_event, void *);

static void
statefile_field(const struct state_field *f, void *arg)
{
	fprintf(arg, "%s=%s\n", f->key, f->value);
}

static int
statefile_write(const struct state *st, char **cause)
{
	FILE	*fp;
	char	*tmp;
	int	 rc = 0;

	xasprintf(&tmp, "%s.tmp", statefile_path);
	if ((fp = fopen(tmp, "w")) == NULL)
		rc = -1;
	else {
		fprintf(fp, "state=%s\n", state_word(st->name));
		state_walk(st, STATE_SHOW_FILE, statefile_field, fp);
		fprintf(fp, "pid=%ld\n", (long)getpid());
		if (fflush(fp) != 0 || fsync(fileno(fp)) != 0)
			rc = -1;
		if (fclose(fp) != 0)
			rc = -1;
	}
	if (rc == 0 && rename(tmp, statefile_path) == -1)
		rc = -1;
	if (rc == -1) {
		xasprintf(cause, "%s: %s", statefile_path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return (rc);
}

static void
statefile_state(const struct state *st, enum state_event ev, void *arg)
{
	char	*cause;

	(void)ev;
	(void)arg;
	if (statefile_write(st, &cause) != 0) {
		log_warning("state file: %s, ignoring", cause);
		free(cause);
	}
}

/* Write the state file now, and at every change from now on. */
int
statefile_init(const char *path, char **cause)
{
	statefile_path = xstrdup(path);
	if (statefile_write(state_get(), cause) != 0) {
		free(statefile_path);
		statefile_path = NULL;
		return (-1);
	}
	state_observe(statefile_state, NULL);
	return (0);
}

void
statefile_remove(void)
{
	if (statefile_path == NULL)
		return;
	unlink(statefile_path);
	free(statefile_path);
	statefile_path = NULL;
}
