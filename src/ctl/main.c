/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"
#include "json.h"
#include "progress.h"
#include "proto.h"

/*
 * schemactl: ask schemad over its UNIX socket.
 *
 *	status	one STATUS; exit 0 when READY
 *	wait	WAIT until READY (at the version asked for) or FAILED; waits
 *		for a socket that does not exist yet, and for a daemon that
 *		restarts, until the timeout. On a terminal, a live line
 *		(progress.c) says meanwhile what the daemon is doing, from a
 *		STATUS asked on a second connection every CTL_LOOK_MS
 */

#ifndef RUNSTATEDIR
#define RUNSTATEDIR "/run"
#endif

#define CTL_RETRY_MS	100	/* between tries to reach the daemon */
#define CTL_LOOK_MS	250	/* a terminal's line: how often to ask */

struct ctl_opts {
	const char	*socket;
	int		 json;
	int64_t		 version;
	long		 timeout_ms;
};

static _Noreturn void	usage(int);
static void	bad_option(int, const char *, const struct option *);
static int	parse_number(const char *, const char *, long long,
		    long long *);
static int	is_number(const char *);
static int	verdict(const struct proto_reply *, int64_t);
static void	print_reply(const struct ctl_opts *, const char *);
static int	cmd_status(const struct ctl_opts *);
static int	cmd_wait(const struct ctl_opts *);

static _Noreturn void
usage(int rc)
{
	fprintf(rc == 0 ? stdout : stderr,
	    "usage: schemactl [-s SOCKET] status [--json] [--version N]\n"
	    "       schemactl [-s SOCKET] wait [--timeout SECONDS] "
	    "[--version N] [--json]\n"
	    "       schemactl -V | --version\n"
	    "\n"
	    "  -s, --socket PATH   schemad's socket (default $SCHEMAD_SOCKET,\n"
	    "                      or %s)\n"
	    "  --timeout SECONDS   wait at most this long (default 60; "
	    "0: forever)\n"
	    "  --version N         ready means at least schema version N\n"
	    "  --json              print the reply as a JSON object\n"
	    "  -V, --version       (alone) print schemactl's version\n"
	    "\n"
	    "exit codes: 0 ready, 1 failed, 2 usage, 3 not ready, "
	    "4 timed out,\n5 unreachable, 6 protocol error; see "
	    "schemactl(1)\n", RUNSTATEDIR "/schemad/schemad.sock");
	exit(rc);
}

/*
 * One line for a bad option, not the help: what getopt_long found wrong
 * (ch: '?' or ':') with arg, the word it came in.
 */
static void
bad_option(int ch, const char *arg, const struct option *lopts)
{
	const char	*what = ch == ':' ? "no value for" : "unknown option";
	char		 name[64];
	size_t		 i;

	if (strncmp(arg, "--", 2) != 0)
		snprintf(name, sizeof name, "-%c", optopt);
	else {
		snprintf(name, sizeof name, "%.*s", (int)strcspn(arg, "="),
		    arg);
		for (i = 0; lopts[i].name != NULL; i++)
			if (ch == '?' && strcmp(lopts[i].name, name + 2) == 0)
				what = NULL;
	}
	if (what == NULL)
		fprintf(stderr, "schemactl: %s takes no value (see schemactl "
		    "--help)\n", name);
	else
		fprintf(stderr, "schemactl: %s %s (see schemactl --help)\n",
		    what, name);
}

static int
parse_number(const char *what, const char *arg, long long max,
    long long *out)
{
	char		*end;
	long long	 n;

	errno = 0;
	n = strtoll(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno == ERANGE || n < 0 ||
	    n > max) {
		fprintf(stderr, "schemactl: %s: '%s' is not a whole number "
		    "from 0 to %lld\n", what, arg, max);
		return (-1);
	}
	*out = n;
	return (0);
}

/* Is s a whole number, as JSON writes one? */
static int
is_number(const char *s)
{
	size_t	n = strspn(s + (*s == '-'), "0123456789");

	return (n > 0 && s[(*s == '-') + n] == '\0' &&
	    (s[*s == '-'] != '0' || n == 1));
}

/* The exit code a reply deserves. */
static int
verdict(const struct proto_reply *reply, int64_t version)
{
	const char	*v = proto_reply_get(reply, "version");

	if (strcmp(reply->word, "READY") == 0)
		return (v != NULL && strtoll(v, NULL, 10) >= version ?
		    CTL_READY : CTL_NOTREADY);
	if (strcmp(reply->word, "FAILED") == 0)
		return (CTL_FAILED);
	if (strcmp(reply->word, "TIMEOUT") == 0)
		return (CTL_TIMEOUT);
	if (strcmp(reply->word, "STARTING") == 0 ||
	    strcmp(reply->word, "MIGRATING") == 0 ||
	    strcmp(reply->word, "STOPPING") == 0)
		return (CTL_NOTREADY);
	return (CTL_PROTOCOL);
}

/*
 * Print a reply line, as it is or as JSON ("state" and the fields; a value
 * of digits is a number, as in /status).
 */
static void
print_reply(const struct ctl_opts *o, const char *line)
{
	struct proto_reply	 reply;
	json_t			*obj;
	char			 copy[PROTO_MAXREPLY];
	size_t			 i;

	snprintf(copy, sizeof copy, "%s", line);
	if (!o->json || proto_parse_reply(copy, &reply) != 0) {
		printf("%s\n", line);
		return;
	}
	obj = json_pack("{s:o}", "state", jout_text(reply.word));
	for (i = 0; i < reply.nfields; i++)
		json_object_set_new(obj, reply.keys[i],
		    is_number(reply.values[i]) ?
		    json_integer(strtoll(reply.values[i], NULL, 10)) :
		    jout_text(reply.values[i]));
	jout_print(stdout, obj);
}

static int
cmd_status(const struct ctl_opts *o)
{
	struct proto_reply	reply;
	const char		*v;
	char			line[PROTO_MAXREPLY], copy[PROTO_MAXREPLY];
	int			fd, rc;

	if ((fd = ctl_connect(o->socket)) == -1) {
		fprintf(stderr, "schemactl: %s: %s\n", o->socket,
		    strerror(errno));
		return (CTL_UNREACHABLE);
	}
	if (ctl_request(fd, "STATUS\n", line, sizeof line, 10000) == -1) {
		fprintf(stderr, "schemactl: %s: no answer: %s\n", o->socket,
		    strerror(errno));
		return (CTL_UNREACHABLE);
	}
	print_reply(o, line);
	snprintf(copy, sizeof copy, "%s", line);
	if (proto_parse_reply(copy, &reply) != 0)
		return (CTL_PROTOCOL);
	rc = verdict(&reply, o->version);
	if (rc == CTL_NOTREADY && strcmp(reply.word, "READY") == 0)
		fprintf(stderr, "schemactl: not ready: at version %s, below "
		    "the %" PRId64 " asked for (--version)\n",
		    (v = proto_reply_get(&reply, "version")) != NULL ? v : "?",
		    o->version);
	return (rc);
}

/* The live line: what the daemon says it is doing, in words. */
static void
show_status(const struct ctl_opts *o, long started)
{
	struct proto_reply	 reply;
	const char		*step, *steps, *file, *ms, *waiting, *version;
	char			 line[PROTO_MAXREPLY];
	char			 text[PROTO_MAXREPLY + 64];
	int			 fd;

	if ((fd = ctl_connect(o->socket)) == -1) {
		snprintf(text, sizeof text, "schemactl: waiting for schemad "
		    "at %s, %.0f s", o->socket, (ctl_now_ms() - started) / 1e3);
		progress_line(text);
		return;
	}
	if (ctl_request(fd, "STATUS\n", line, sizeof line, CTL_LOOK_MS) ==
	    -1 || proto_parse_reply(line, &reply) != 0) {
		close(fd);
		return;
	}
	close(fd);
	step = proto_reply_get(&reply, "step");
	steps = proto_reply_get(&reply, "steps");
	file = proto_reply_get(&reply, "migration");
	ms = proto_reply_get(&reply, "elapsed_ms");
	waiting = proto_reply_get(&reply, "waiting_for");
	version = proto_reply_get(&reply, "version");
	if (strcmp(reply.word, "MIGRATING") == 0 && step != NULL &&
	    steps != NULL && file != NULL)
		snprintf(text, sizeof text, "schemactl: migrating %s/%s %s, "
		    "%lld s so far", step, steps, file, ms != NULL ?
		    strtoll(ms, NULL, 10) / 1000 : 0LL);
	else if (waiting != NULL)
		snprintf(text, sizeof text, "schemactl: %s, waiting for the %s",
		    reply.word, waiting);
	else
		snprintf(text, sizeof text, "schemactl: %s at version %s",
		    reply.word, version != NULL ? version : "?");
	progress_line(text);
}

/*
 * The reply to the WAIT sent on fd, within left ms; on a terminal, the
 * live line meanwhile.
 */
static int
read_wait(const struct ctl_opts *o, int fd, char *line, size_t size,
    long left, int live, long started)
{
	long	deadline = ctl_now_ms() + left;
	size_t	got = 0;
	int	rc;

	if (!live)
		return (ctl_read(fd, line, size, &got, left));
	for (;;) {
		show_status(o, started);
		left = deadline - ctl_now_ms();
		rc = ctl_read(fd, line, size, &got, left < CTL_LOOK_MS ? left :
		    CTL_LOOK_MS);
		if (rc == 0 || errno != ETIMEDOUT || left <= CTL_LOOK_MS)
			return (rc);
	}
}

/*
 * Wait: keep trying to reach the daemon until the deadline; a daemon that
 * goes away (or is STOPPING) before it answers is waited for again.
 */
static int
cmd_wait(const struct ctl_opts *o)
{
	struct timespec		 pause = { 0, CTL_RETRY_MS * 1000000L };
	struct proto_reply	 reply;
	char			 req[64], line[PROTO_MAXREPLY];
	char			 copy[PROTO_MAXREPLY];
	long			 deadline, left, started = ctl_now_ms();
	int			 fd, rc, reached = 0;
	int			 live;

	live = !o->json && progress_open(STDERR_FILENO);
	deadline = o->timeout_ms == 0 ? LONG_MAX : ctl_now_ms() + o->timeout_ms;
	while ((left = deadline - ctl_now_ms()) > 0) {
		if ((fd = ctl_connect(o->socket)) == -1) {
			if (live)
				show_status(o, started);
			nanosleep(&pause, NULL);
			continue;
		}
		reached = 1;
		if (o->version > 0)
			snprintf(req, sizeof req, "WAIT %ld version=%"
			    PRId64 "\n",
			    left, o->version);
		else
			snprintf(req, sizeof req, "WAIT %ld\n", left);
		rc = ctl_send(fd, req) == -1 ? -1 : read_wait(o, fd, line,
		    sizeof line, left + 1000, live, started);
		close(fd);
		progress_clear();
		if (rc == -1) {
			nanosleep(&pause, NULL);
			continue;
		}
		snprintf(copy, sizeof copy, "%s", line);
		if (proto_parse_reply(copy, &reply) != 0) {
			fprintf(stderr, "schemactl: bad reply: %s\n", line);
			return (CTL_PROTOCOL);
		}
		if (strcmp(reply.word, "STOPPING") == 0) {
			nanosleep(&pause, NULL);
			continue;
		}
		print_reply(o, line);
		if ((rc = verdict(&reply, o->version)) == CTL_FAILED)
			fprintf(stderr, "schemactl: migration failed: %s\n",
			    proto_reply_get(&reply, "error") != NULL ?
			    proto_reply_get(&reply, "error") : "?");
		return (rc);
	}
	progress_clear();
	if (!reached) {
		fprintf(stderr, "schemactl: %s: no daemon answered\n",
		    o->socket);
		return (CTL_UNREACHABLE);
	}
	fprintf(stderr, "schemactl: timed out\n");
	return (CTL_TIMEOUT);
}

int
main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' },
		{ "version", required_argument, NULL, 'V' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctl_opts	 o = { RUNSTATEDIR "/schemad/schemad.sock", 0, 0,
			    60000 };
	long long	 n;
	int		 ch;

	/* Alone, --version is schemactl's; after a command, a schema's. */
	if (argc == 2 && (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "-V") == 0)) {
		printf("schemactl %s\n", PACKAGE_VERSION);
		return (0);
	}
	if (getenv("SCHEMAD_SOCKET") != NULL)
		o.socket = getenv("SCHEMAD_SOCKET");
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":s:h", lopts, NULL)) != -1) {
		switch (ch) {
		case '?':
		case ':':
			bad_option(ch, argv[optind - 1], lopts);
			return (CTL_USAGE);
		case 's':
			o.socket = optarg;
			break;
		case 't':
			if (parse_number("--timeout", optarg, LONG_MAX / 1000,
			    &n) != 0)
				return (CTL_USAGE);
			o.timeout_ms = n * 1000;
			break;
		case 'V':
			if (parse_number("--version", optarg, INT64_MAX,
			    &n) != 0)
				return (CTL_USAGE);
			o.version = n;
			break;
		case 'j':
			o.json = 1;
			break;
		case 'h':
			usage(0);
		default:
			usage(CTL_USAGE);
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "schemactl: one command, status or wait (see "
		    "schemactl --help)\n");
		return (CTL_USAGE);
	}
	if (strcmp(argv[optind], "status") == 0)
		return (cmd_status(&o));
	if (strcmp(argv[optind], "wait") == 0)
		return (cmd_wait(&o));
	fprintf(stderr, "schemactl: unknown command '%s' (see schemactl "
	    "--help)\n", argv[optind]);
	return (CTL_USAGE);
}
