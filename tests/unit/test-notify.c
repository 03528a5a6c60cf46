/* SPDX-License-Identifier: MIT */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notify.h"
#include "state.h"
#include "tap.h"

/*
 * What the service manager hears as the state changes: STATUS= at every
 * phase, READY=1 when a run ends (a failed reload too, with why), ERRNO=
 * on failure; the readiness descriptor gets one newline, once. The test
 * plays the manager: a datagram socket at NOTIFY_SOCKET.
 */

static char	dir[] = "/tmp/schemad-notify-XXXXXX";
static int	manager = -1;

/* The next notification, with its newlines shown as '|'; "" if none. */
static const char *
heard(void)
{
	static char	buf[1024];
	ssize_t		n;
	char		*p;

	n = recv(manager, buf, sizeof buf - 1, MSG_DONTWAIT);
	buf[n < 0 ? 0 : n] = '\0';
	for (p = buf; *p != '\0'; p++) {
		if (*p == '\n')
			*p = '|';
	}
	return (buf);
}

int
main(void)
{
	struct sockaddr_un	 sa;
	char			 path[200], c, *cause = NULL;
	int			 fds[2];

	if (mkdtemp(dir) == NULL || pipe(fds) == -1)
		abort();
	snprintf(path, sizeof path, "%s/notify", dir);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, path);
	if ((manager = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1 ||
	    bind(manager, (struct sockaddr *)&sa, sizeof sa) == -1)
		abort();
	setenv("NOTIFY_SOCKET", path, 1);

	state_init();
	is_int(notify_init(fds[1], &cause), 0, "observe the state");
	is_str(heard(), "STATUS=Starting", "STATUS=Starting at once");
	state_looked(3, 5);
	is_str(heard(), "STATUS=Starting at version 3", "then the version on "
	    "disk");
	state_wait(WAIT_LOCK);
	is_str(heard(), "STATUS=Starting at version 3: waiting for another "
	    "process's lock, 0 ms so far (busy_timeout)", "and why it does "
	    "not go on");
	state_waited(2000);
	is_str(heard(), "STATUS=Starting at version 3: waiting for another "
	    "process's lock, 2000 ms so far (busy_timeout)", "and how long "
	    "it has waited");
	state_wait(WAIT_DATABASE);
	is_str(heard(), "STATUS=Starting at version 3: waiting for the "
	    "database file to appear", "or for the file");
	state_wait(WAIT_PRIMARY);
	is_str(heard(), "STATUS=Starting at version 3: a follower, waiting "
	    "for the primary to migrate", "or, on a follower, the primary");
	state_wait(WAIT_NODE);
	is_str(heard(), "STATUS=Starting at version 3: waiting for this "
	    "rqlite node's copy to catch up", "or, on rqlite, the node");
	state_migrating(3, 5, 1, 2, "0004_a.sql");
	is_str(heard(), "STATUS=Migrating 1/2: 0004_a.sql, 0 s so far",
	    "each migration");
	state_elapsed(2400);
	is_str(heard(), "STATUS=Migrating 1/2: 0004_a.sql, 2 s so far",
	    "how long it has been migrating, each second");
	notify_extend(30000000);
	is_str(heard(), "EXTEND_TIMEOUT_USEC=30000000", "more time, while it "
	    "makes progress");
	state_ready(5, 5);
	is_str(heard(), "READY=1|STATUS=Ready at version 5", "READY=1 after "
	    "the run");
	is_int(read(fds[0], &c, 1), 1, "the ready descriptor gets a byte");
	is_int(c, '\n', "a newline");
	is_int(read(fds[0], &c, 1), 0, "and is closed");

	notify_reloading();
	tap_ok(strncmp(heard(), "RELOADING=1|MONOTONIC_USEC=", 27) == 0,
	    "RELOADING=1 with MONOTONIC_USEC= on SIGHUP");
	state_reload_failed("0006_x.sql:2: no such table: nosuch");
	is_str(heard(), "READY=1|STATUS=Ready at version 5; reload failed: "
	    "0006_x.sql:2: no such table: nosuch", "a failed reload ends "
	    "the reload too, and says why");
	notify_reloading();
	heard();
	state_ready(5, 5);
	is_str(heard(), "READY=1|STATUS=Ready at version 5", "a reload that "
	    "found nothing new");
	notify_reloading();
	heard();
	state_wait(WAIT_LOCK);
	is_str(heard(), "STATUS=Ready at version 5: waiting for another "
	    "process's lock, 0 ms so far (busy_timeout)", "a reload that "
	    "waits for a lock: still ready, and why the run does not go on");
	state_ready(5, 5);
	heard();
	is_int(state_withdrawn(4, "the replicated version went back"), 0,
	    "a follower's version went back");
	is_str(heard(), "STATUS=Starting at version 4: a follower, waiting "
	    "for the primary to migrate; not ready: the replicated version "
	    "went back", "not ready, and why");
	state_ready(5, 5);
	heard();
	notify_watchdog();
	is_str(heard(), "WATCHDOG=1", "the watchdog");
	state_failed(1, "x.sql:1: no such table: t");
	is_str(heard(), "STATUS=Failed: x.sql:1: no such table: t|ERRNO=125",
	    "a failed migration: ERRNO=ECANCELED (rolled back)");
	state_failed(75, "database is locked");
	is_str(heard(), "STATUS=Failed: database is locked|ERRNO=11",
	    "a temporary failure: ERRNO=EAGAIN");
	state_stopping();
	is_str(heard(), "STOPPING=1|STATUS=Stopping", "STOPPING=1");
	is_str(heard(), "", "nothing more");
	state_free();
	close(manager);
	unlink(path);
	rmdir(dir);
	return (tap_done());
}
