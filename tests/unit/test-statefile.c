/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "state.h"
#include "statefile.h"
#include "tap.h"

/*
 * The state file: written at once, then replaced (never written in place:
 * a reader holding the old one still reads it whole) at every change, with
 * the fields of state.c's table and the daemon's pid; removed at the end;
 * a directory it cannot be written in is refused.
 */

static char	dir[] = "/tmp/schemad-statefile-XXXXXX";

static char *
slurp(const char *path)
{
	FILE	*fp;
	char	*text;
	long	 len;

	if ((fp = fopen(path, "r")) == NULL)
		return (NULL);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	if ((text = calloc(1, (size_t)len + 1)) == NULL ||
	    fread(text, 1, (size_t)len, fp) != (size_t)len)
		abort();
	fclose(fp);
	return (text);
}

int
main(void)
{
	struct stat	 st1, st2;
	FILE		*old;
	char		 path[512], bad[512], pid[32], line[64], *text;
	char		*cause = NULL;

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof path, "%s/schemad.state", dir);
	snprintf(pid, sizeof pid, "pid=%ld\n", (long)getpid());
	state_init();
	is_int(statefile_init(path, &cause), 0, "written at once");
	text = slurp(path);
	tap_ok(text != NULL && tap_starts(text, "state=STARTING\nversion=0\n"
	    "since=") && strstr(text, pid) != NULL, "STARTING, the version, "
	    "since and the pid: %s", text ? text : "");
	free(text);

	if ((old = fopen(path, "r")) == NULL || fstat(fileno(old), &st1) != 0)
		abort();
	state_looked(4, 5);
	state_migrating(4, 5, 1, 1, "0005_e.sql");
	text = slurp(path);
	tap_ok(text != NULL && tap_starts(text, "state=MIGRATING\nversion=4\n"
	    "target=5\nstep=1\nsteps=1\nmigration=0005_e.sql\n"),
	    "each change rewrites it: %s", text ? text : "");
	free(text);
	if (stat(path, &st2) != 0)
		abort();
	tap_ok(st1.st_ino != st2.st_ino && fgets(line, sizeof line, old) !=
	    NULL && strcmp(line, "state=STARTING\n") == 0, "replaced by "
	    "rename: a reader of the old one still reads it whole");
	fclose(old);
	state_failed(1, "0005_e.sql:1: boom");
	text = slurp(path);
	tap_ok(text != NULL && strstr(text, "exit=1\nerror=0005_e.sql:1: "
	    "boom\n") != NULL, "FAILED, with the exit code and why");
	free(text);

	statefile_remove();
	tap_ok(access(path, F_OK) != 0, "removed at the end");
	state_free();

	snprintf(bad, sizeof bad, "%s/nonexistent/schemad.state", dir);
	state_init();
	is_int(statefile_init(bad, &cause), -1, "a directory that is not "
	    "there");
	tap_ok(cause != NULL && strstr(cause, bad) != NULL, "is named: %s",
	    cause ? cause : "");
	free(cause);
	state_free();
	rmdir(dir);
	return (tap_done());
}
