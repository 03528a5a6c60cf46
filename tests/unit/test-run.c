/* SPDX-License-Identifier: MIT */
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "ctl/ctl.h"
#include "exitcode.h"
#include "log.h"
#include "run.h"
#include "tap.h"

/*
 * The daemon's lifecycle (run.c), in a child of this test, asked through
 * its socket as schemactl asks: it migrates and is READY; SIGHUP with a
 * new file runs it and is READY at the new version; a failed reload stays
 * READY at the old one and says why; SIGTERM stops it, exit 0, the socket
 * gone. With on_failure = exit, a broken first run ends the daemon with
 * the migration's exit code.
 */

static char	dir[] = "/tmp/schemad-run-XXXXXX";
static char	sock[100];

static pid_t
start(struct config *conf)
{
	pid_t	pid;

	if ((pid = fork()) == -1)
		abort();
	if (pid == 0) {
		log_init("schemad", -1);
		_exit(run_daemon(conf));
	}
	return (pid);
}

/* The daemon's answer to request; "" when none answered within 10 s. */
static const char *
ask(const char *request)
{
	static char	reply[512];
	long		until = ctl_now_ms() + 10000;
	int		fd;

	*reply = '\0';
	while (ctl_now_ms() < until) {
		if ((fd = ctl_connect(sock)) == -1) {
			usleep(10000);
			continue;
		}
		if (ctl_request(fd, request, reply, sizeof reply, 10000) != 0)
			*reply = '\0';
		close(fd);
		break;
	}
	return (reply);
}

static int
stop(pid_t pid)
{
	int	status;

	kill(pid, SIGTERM);
	if (waitpid(pid, &status, 0) != pid)
		abort();
	return (WIFEXITED(status) ? WEXITSTATUS(status) : 128 +
	    WTERMSIG(status));
}

int
main(void)
{
	struct config	 conf;
	const char	*r;
	char		 path[256], cmd[300];
	pid_t		 pid;
	int		 status, i;

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(sock, sizeof sock, "%s/schemad.sock", dir);
	tap_put(dir, "0001_a.sql", "CREATE TABLE a (x);\n");
	tap_put(dir, "0002_b.sql", "CREATE TABLE b (x);\n");
	config_init(&conf);
	free(conf.database);
	free(conf.migrations);
	free(conf.socket);
	snprintf(path, sizeof path, "%s/app.db", dir);
	conf.database = strdup(path);
	conf.migrations = strdup(dir);
	conf.socket = strdup(sock);
	conf.create = CREATE_YES;
	free(conf.on_failure);
	conf.on_failure = strdup("stay");

	pid = start(&conf);
	r = ask("WAIT 10000\n");
	tap_ok(tap_starts(r, "READY version=2 target=2 "), "migrated, READY: "
	    "%s", r);

	tap_put(dir, "0003_c.sql", "CREATE TABLE c (x);\n");
	kill(pid, SIGHUP);
	r = ask("WAIT 10000 version=3\n");
	tap_ok(tap_starts(r, "READY version=3 target=3 "), "SIGHUP with a new "
	    "file: READY at 3: %s", r);

	tap_put(dir, "0004_d.sql", "SELECT * FROM nosuch;\n");
	kill(pid, SIGHUP);
	r = ask("WAIT 500 version=4\n");
	tap_ok(tap_starts(r, "TIMEOUT state=") && strstr(r, " version=3 ") !=
	    NULL, "a broken reload: never at 4: %s", r);
	for (i = 0; i < 1000; i++) {	/* until the run has ended */
		r = ask("STATUS\n");
		if (strstr(r, "reload=failed") != NULL)
			break;
		usleep(10000);
	}
	tap_ok(tap_starts(r, "READY version=3 ") && strstr(r,
	    "reload_error=\"") != NULL && strstr(r, "0004_d.sql:1: no such "
	    "table: nosuch") != NULL, "still READY at 3, saying why: %s", r);

	is_int(stop(pid), EXIT_OK, "SIGTERM: exit 0");
	tap_ok(access(sock, F_OK) != 0, "the socket is removed");

	free(conf.on_failure);
	conf.on_failure = strdup("exit");
	pid = start(&conf);
	if (waitpid(pid, &status, 0) != pid)
		abort();
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == EXIT_MIGRATION,
	    "on_failure = exit: a failed run ends the daemon, exit 1");
	config_free(&conf);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", dir);
	return (tap_done());
}
