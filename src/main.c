/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accept.h"
#include "conf.h"
#include "db.h"
#include "errlist.h"
#include "exitcode.h"
#include "log.h"
#include "migrate.h"
#include "migrations.h"
#include "new.h"
#include "progress.h"
#include "report.h"
#include "run.h"
#include "xmalloc.h"

/*
 * schemad: options, then the configuration, then the command. This file
 * holds the order of things; the work is done in the modules.
 */

enum {
	OPT_BASELINE = CHAR_MAX + 1,
	OPT_JSON,
	OPT_PLACEHOLDER,
	OPT_FORCE,
	OPT_FORGET,
	OPT_KEY			/* OPT_KEY + i: config_keys[i] */
};

/* A key set on the command line, applied after the configuration file. */
struct override {
	const struct config_key	*key;
	const char		*value;
};

struct options {
	const char	*config_file;
	struct override	*overrides;
	size_t		 noverrides;
	char		**placeholders;	/* --placeholder NAME=VALUE */
	size_t		 nplaceholders;
	int64_t		 baseline;
	int		 json;
	unsigned	 accept;	/* ACCEPT_FORCE, ACCEPT_FORGET */
	int		 verbose;
	const char	*command;
	char		**args;		/* after the command */
};

static const struct {
	const char	*name;
	const char	*help;
} commands[] = {
	{ "run", "(default) migrate, signal readiness, serve the socket "
	    "until SIGTERM" },
	{ "migrate", "apply every pending migration in one transaction, "
	    "then exit" },
	{ "plan", "show pending migrations and drift; writes nothing" },
	{ "history", "show every migration, its state and when it ran; "
	    "writes nothing" },
	{ "accept", "accept FILE...: record an applied file as it is now "
	    "(drift meant: a comment mended), with who and why "
	    "($SCHEMAD_ACCEPT_REASON)" },
	{ "exec", "exec -- CMD [ARGS...]: migrate, then become CMD" },
	{ "new", "new NAME: write the next migration file, numbered and laid "
	  "out as the directory's" },
};

static _Noreturn void	usage(int);
static int	parse_version_arg(const char *, const char *, int64_t *);
static int	parse_args(int, char **, struct options *);
static int	load_config(struct config *, const struct options *);
static int	scan_migrations(const struct config *, unsigned,
		    const struct report *, struct migration_set *);
static void	waiting_hook(const struct db_wait *, void *);
static void	absent_hook(int, void *);
static void	following_hook(const struct plan *, void *);
static void	step_hook(const struct plan *, size_t, void *);
static void	progress_hook(const struct migrate_progress *, void *);
static int	cmd_look(const struct config *, const struct options *, int);
static int	cmd_accept(const struct config *, const struct options *);
static int	cmd_migrate(const struct config *, const struct options *);
static int	migrate_report(const struct config *, const struct options *,
		    FILE *);
static int	cmd_exec(const struct config *, const struct options *);
static int	cmd_new(const struct config *, const struct options *);
static void	on_stop(int);
static void	catch_stop(void);

/*
 * One entry of the help: left (a command, an option) in a column col
 * wide, then text wrapped to HELP_WIDTH, continued under itself, and tag
 * (NULL, or "[section] key") kept whole on one line; left too wide for
 * its column (and a blank after it) stands on a line of its own.
 */
#define HELP_WIDTH	79

static void
help_entry(FILE *fp, const char *left, int col, const char *text,
    const char *tag)
{
	const char	*p = text;
	int		 at, n;

	at = fprintf(fp, "%s", left);
	if (at >= col - 1) {
		fputc('\n', fp);
		at = 0;
	}
	at += fprintf(fp, "%*s", col - at, "");
	while (*p != '\0') {
		n = (int)strcspn(p, " ");
		if (at > col && at + 1 + n > HELP_WIDTH)
			at = fprintf(fp, "\n%*s", col, "") - 1;
		else if (at > col)
			at += fprintf(fp, " ");
		at += fprintf(fp, "%.*s", n, p);
		p += n + strspn(p + n, " ");
	}
	if (tag != NULL && at + 1 + (int)strlen(tag) > HELP_WIDTH)
		fprintf(fp, "\n%*s%s", col, "", tag);
	else if (tag != NULL)
		fprintf(fp, " %s", tag);
	fputc('\n', fp);
}

static _Noreturn void
usage(int rc)
{
	FILE	*fp = rc == EXIT_OK ? stdout : stderr;
	char	 opt[64], text[512];
	size_t	 i;

	fprintf(fp, "usage: schemad [options] [run | migrate | plan | "
	    "history]\n"
	    "       schemad [options] exec -- CMD [ARGS...]\n"
	    "       schemad [options] new NAME | accept FILE...\n\n"
	    "commands:\n");
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		snprintf(opt, sizeof opt, "  %s", commands[i].name);
		help_entry(fp, opt, 12, commands[i].help, NULL);
	}
	fprintf(fp, "\noptions:\n");
	snprintf(text, sizeof text, "configuration file (default %s)",
	    config_default_file());
	help_entry(fp, "  -c, --config FILE", 28, text, NULL);
	for (i = 0; i < config_nkeys; i++) {
		snprintf(opt, sizeof opt, "      --%s %s", config_keys[i].option,
		    config_keys[i].arg);
		snprintf(text, sizeof text, "[%s] %s", config_keys[i].section,
		    config_keys[i].name);
		help_entry(fp, opt, 28, config_keys[i].help, text);
	}
	help_entry(fp, "      --baseline N", 28, "adopt a database migrated "
	    "by other means: record versions up to N as applied without "
	    "running them", NULL);
	help_entry(fp, "      --json", 28, "print the result as one JSON "
	    "object", NULL);
	help_entry(fp, "      --placeholder N=V", 28, "a Flyway placeholder's "
	    "value, ${N}", "[placeholders] N");
	help_entry(fp, "      --force", 28, "accept: a file whose statements "
	    "changed too, not only its comments", NULL);
	help_entry(fp, "      --forget", 28, "accept: a file that is gone; "
	    "its row leaves the history", NULL);
	help_entry(fp, "  -v, --verbose", 28, "log debug messages too", NULL);
	help_entry(fp, "  -q, --quiet", 28, "log errors only", NULL);
	help_entry(fp, "  -h, --help", 28, "show this help", NULL);
	help_entry(fp, "  -V, --version", 28, "show the version", NULL);
	fprintf(fp, "\nEvery option that is a configuration key is also read "
	    "from the environment:\nSCHEMAD_DATABASE for --database, and so "
	    "on; -c from SCHEMAD_CONFIG;\n--placeholder N=V from "
	    "SCHEMAD_PLACEHOLDER_N. The command line wins, then the\n"
	    "environment, then the file.\n");
	fprintf(fp, "\nexit codes: 0 done, 1 migration failed, 2 usage or "
	    "configuration,\n3 pending (plan), 4 drift, 5 invalid migrations, "
	    "6 unusable database,\n7 stopped (SIGTERM) before commit, 75 temporary "
	    "failure (busy, I/O),\n126/127 exec: the command cannot run / "
	    "was not found; see schemad(8)\n");
	exit(rc);
}

static int
parse_version_arg(const char *option, const char *arg, int64_t *out)
{
	char		*end;
	long long	 n;

	errno = 0;
	n = strtoll(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno == ERANGE || n < 1) {
		log_warnx("%s: '%s' is not a positive whole number", option,
		    arg);
		return (-1);
	}
	*out = n;
	return (0);
}

/*
 * One line for a bad option, not the whole help: what getopt_long found
 * wrong (ch: '?' or ':') with arg, the word it came in: a long option by
 * its name, a short one by optopt.
 */
static void
bad_option(int ch, const char *arg, const struct option *lopts)
{
	size_t	n, i;

	if (strncmp(arg, "--", 2) != 0) {
		log_warnx("%s -%c (see schemad --help)", ch == ':' ?
		    "no value for" : "unknown option", optopt);
		return;
	}
	n = strcspn(arg + 2, "=");
	for (i = 0; lopts[i].name != NULL; i++)
		if (strlen(lopts[i].name) == n &&
		    strncmp(lopts[i].name, arg + 2, n) == 0)
			break;
	if (ch == ':')
		log_warnx("no value for %s (see schemad --help)", arg);
	else if (lopts[i].name != NULL)
		log_warnx("--%s takes no value (see schemad --help)",
		    lopts[i].name);
	else
		log_warnx("unknown option %.*s (see schemad --help)",
		    (int)n + 2, arg);
}

/* Parse the command line into opts; on error, say so and return -1. */
static int
parse_args(int argc, char **argv, struct options *opts)
{
	struct option	 *lopts;
	size_t		  i, n = 0;
	int		  ch, rc = 0;

	/* The keys' options, 10 more, and the zeroed one that ends them. */
	lopts = xcalloc(config_nkeys + 11, sizeof *lopts);
	for (i = 0; i < config_nkeys; i++)
		lopts[n++] = (struct option){ config_keys[i].option,
		    required_argument, NULL, OPT_KEY + (int)i };
	lopts[n++] = (struct option){ "config", required_argument, NULL, 'c' };
	lopts[n++] = (struct option){ "baseline", required_argument, NULL,
	    OPT_BASELINE };
	lopts[n++] = (struct option){ "json", no_argument, NULL, OPT_JSON };
	lopts[n++] = (struct option){ "placeholder", required_argument, NULL,
	    OPT_PLACEHOLDER };
	lopts[n++] = (struct option){ "force", no_argument, NULL, OPT_FORCE };
	lopts[n++] = (struct option){ "forget", no_argument, NULL, OPT_FORGET };
	lopts[n++] = (struct option){ "verbose", no_argument, NULL, 'v' };
	lopts[n++] = (struct option){ "quiet", no_argument, NULL, 'q' };
	lopts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	lopts[n++] = (struct option){ "version", no_argument, NULL, 'V' };

	opterr = 0;
	while (rc == 0 &&
	    (ch = getopt_long(argc, argv, ":c:vqhV", lopts, NULL)) != -1) {
		switch (ch) {
		case '?':
		case ':':
			bad_option(ch, argv[optind - 1], lopts);
			rc = -1;
			break;
		case 'c':
			opts->config_file = optarg;
			break;
		case OPT_BASELINE:
			rc = parse_version_arg("--baseline", optarg,
			    &opts->baseline);
			break;
		case OPT_JSON:
			opts->json = 1;
			break;
		case OPT_FORCE:
			opts->accept |= ACCEPT_FORCE;
			break;
		case OPT_FORGET:
			opts->accept |= ACCEPT_FORGET;
			break;
		case OPT_PLACEHOLDER:
			opts->placeholders = xreallocarray(opts->placeholders,
			    opts->nplaceholders + 1,
			    sizeof *opts->placeholders);
			opts->placeholders[opts->nplaceholders++] = optarg;
			break;
		case 'v':
			opts->verbose++;
			break;
		case 'q':
			opts->verbose = -1;
			break;
		case 'h':
			free(lopts);
			usage(EXIT_OK);
		case 'V':
			printf("schemad %s\n", PACKAGE_VERSION);
			exit(EXIT_OK);
		default:
			if (ch < OPT_KEY) {
				rc = -1;
				break;
			}
			opts->overrides = xreallocarray(opts->overrides,
			    opts->noverrides + 1, sizeof *opts->overrides);
			opts->overrides[opts->noverrides++] = (struct override){
			    &config_keys[ch - OPT_KEY], optarg };
		}
	}
	free(lopts);
	if (rc != 0)
		return (-1);
	opts->command = optind < argc ? argv[optind++] : "run";
	opts->args = argv + optind;
	return (0);
}

/*
 * Built-in defaults, then the file (-c, $SCHEMAD_CONFIG or the default
 * path), then the environment, then the command line.
 */
static int
load_config(struct config *conf, const struct options *opts)
{
	struct errlist	 errors = { NULL, 0 };
	const char	*file = opts->config_file, *eq;
	char		*cause, *name;
	size_t		 i;

	if (file == NULL)
		file = getenv("SCHEMAD_CONFIG");
	if (file == NULL)
		config_load(conf, config_default_file(), 0, &errors);
	else
		config_load(conf, file, 1, &errors);
	config_load_env(conf, &errors);
	for (i = 0; i < opts->noverrides; i++) {
		if (config_set(conf, opts->overrides[i].key,
		    opts->overrides[i].value, NULL, &cause) != 0) {
			errlist_add(&errors, "--%s: %s",
			    opts->overrides[i].key->option, cause);
			free(cause);
		}
	}
	for (i = 0; i < opts->nplaceholders; i++) {
		if ((eq = strchr(opts->placeholders[i], '=')) == NULL)
			errlist_add(&errors, "--placeholder %s: expected "
			    "NAME=VALUE", opts->placeholders[i]);
		else {
			name = xstrndup(opts->placeholders[i],
			    eq - opts->placeholders[i]);
			if (config_placeholder(conf, name, eq + 1, 1,
			    &cause) != 0) {
				errlist_add(&errors, "--placeholder: %s",
				    cause);
				free(cause);
			}
			free(name);
		}
	}
	errlist_log(&errors);
	i = errors.n;
	errlist_free(&errors);
	return (i == 0 ? 0 : -1);
}

/* Scan the migrations directory, reporting every problem. */
static int
scan_migrations(const struct config *conf, unsigned flags,
    const struct report *rp, struct migration_set *set)
{
	struct errlist	errors = { NULL, 0 };
	int		rc;

	if ((rc = migrations_scan_config(conf, flags, set, &errors)) != 0)
		report_errors(rp, EXIT_INVALID, &errors);
	errlist_free(&errors);
	return (rc);
}

static void
waiting_hook(const struct db_wait *w, void *arg)
{
	(void)arg;
	if (w->count == 0)
		log_info("another process holds the database's lock: waiting "
		    "up to %d ms (busy_timeout)", w->timeout_ms);
}

static void
absent_hook(int count, void *arg)
{
	const struct config	*conf = arg;

	if (count == 0)
		log_info("%s: waiting for the database file to appear",
		    conf->database);
}

static void
following_hook(const struct plan *plan, void *arg)
{
	const struct config	*conf = arg;
	static int		 said;

	if (!said++)
		log_info("%s: a follower, at version %" PRId64 ": waiting for "
		    "the primary to migrate", conf->database, plan->current);
}

static void
step_hook(const struct plan *plan, size_t i, void *arg)
{
	const struct plan_step	*step = &plan->steps[i];

	(void)arg;
	log_debug("%s %s (%zu of %zu)", step->action == PLAN_APPLY ?
	    "applying" : step->action == PLAN_SKIP ? "skipping" :
	    step->action == PLAN_ADOPT ? "adopting" : "recording baseline",
	    step->m->file, i + 1, plan->nsteps);
}

/* On a terminal, the live line of where the run is (progress.c). */
static void
progress_hook(const struct migrate_progress *p, void *arg)
{
	(void)arg;
	progress_show(p);
}

/* A failure with one message, as text on stderr and, with --json, stdout. */
static void
fail_one(const struct report *rp, int rc, char *cause)
{
	struct errlist	errors = { NULL, 0 };

	errlist_add(&errors, "%s", cause);
	errlist_log(&errors);
	report_errors(rp, rc, &errors);
	errlist_free(&errors);
}

/*
 * plan: what a run would do, its exit saying whether anything is pending
 * or drifted. history: every migration, applied or not, and its state:
 * the same look shown whole, which exits 0 whatever the states. Both list
 * the files with no statement yet, then refuse them (exit 5), or exit
 * with the error that kept them from looking.
 */
static int
cmd_look(const struct config *conf, const struct options *opts, int history)
{
	struct report		rp = { stdout, opts->json, history ? "history" :
				    "plan", conf->database, conf->migrations };
	struct migration_set	set;
	struct migrate_result	res;
	char			*cause = NULL;
	int			 rc;

	if (scan_migrations(conf, MIGRATIONS_LIST_UNWRITTEN, &rp, &set) != 0)
		return (EXIT_INVALID);
	rc = migrate_look(conf, &set, opts->baseline, NULL, &res, &cause);
	if (rc != EXIT_OK)
		fail_one(&rp, rc, cause);
	else {
		if (!history && res.plan.ndrift > 0)
			rc = EXIT_DRIFT;
		else if (!history && res.plan.nsteps > 0)
			rc = EXIT_PENDING;
		if (set.unwritten.n > 0)
			rc = EXIT_INVALID;
		if (history)
			report_history(&rp, &set, &res, rc);
		else
			report_plan(&rp, &set, &res, rc);
		errlist_log(&set.unwritten);
	}
	free(cause);
	migrate_result_free(&res);
	migrations_free(&set);
	return (rc);
}

/*
 * Record applied files as they are now (accept.c); SCHEMAD_ACCEPT_REASON
 * says why, in the audit row.
 */
static int
cmd_accept(const struct config *conf, const struct options *opts)
{
	struct report		rp = { stdout, 0, "accept", conf->database,
				    conf->migrations };
	struct migration_set	set;
	char			*cause = NULL;
	int			 rc;

	if (scan_migrations(conf, 0, &rp, &set) != 0)
		return (EXIT_INVALID);
	if ((rc = accept_files(conf, &set, opts->args, opts->accept, stdout,
	    &cause)) != EXIT_OK)
		log_warnx("%s", cause);
	free(cause);
	migrations_free(&set);
	return (rc);
}

/* Migrate, reporting on fp. */
static int
migrate_report(const struct config *conf, const struct options *opts,
    FILE *fp)
{
	struct report		 rp = { fp, opts->json, "migrate",
				    conf->database, conf->migrations };
	struct migrate_hooks	 hooks = { .waiting = waiting_hook,
				    .absent = absent_hook,
				    .following = following_hook,
				    .step = step_hook,
				    .progress = progress_hook,
				    .arg = (void *)(uintptr_t)conf };
	struct migration_set	 set;
	struct migrate_result	 res;
	char			*cause = NULL, buf[256];
	size_t			 i;
	int			 rc;

	if (scan_migrations(conf, MIGRATIONS_SAY_LAYOUT, &rp, &set) != 0)
		return (EXIT_INVALID);
	if (log_getverbose() >= 0)
		progress_open(STDERR_FILENO);
	rc = migrate_run(conf, &set, opts->baseline, &hooks, &res, &cause);
	progress_clear();
	if (rc != EXIT_OK) {
		log_warnx("%s", cause);
		for (i = 0; i < res.plan.ndrift; i++)
			log_warnx("%s", res.plan.drift[i].detail);
		if (res.locked)
			log_info("nothing was changed: the run was rolled "
			    "back");
		if (rc == EXIT_MIGRATION && res.plan.untracked > 0)
			log_info("hint: %s", report_untracked(&res.plan, buf,
			    sizeof buf));
	}
	for (i = 0; i < res.fk_old.n; i++)
		log_warning("%s (before this run; not caused by it)",
		    res.fk_old.v[i].text);
	report_migrate(&rp, &res, rc, cause);
	free(cause);
	migrate_result_free(&res);
	migrations_free(&set);
	return (rc);
}

static void
on_stop(int sig)
{
	(void)sig;
	db_stop(1);
}

/*
 * SIGTERM and SIGINT stop a run before COMMIT: it rolls back, and the
 * command exits EXIT_INTERRUPTED. (As a container's PID 1, with no
 * handler, they would not even be delivered.)
 */
static void
catch_stop(void)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

static int
cmd_migrate(const struct config *conf, const struct options *opts)
{
	catch_stop();
	return (migrate_report(conf, opts, stdout));
}

/*
 * Migrate, then become the command (same pid, so it gets the container's
 * signals); never start it after a failed migration. Standard output is
 * the command's: the report goes to standard error. Every descriptor of
 * schemad's is close-on-exec or closed; NOTIFY_SOCKET is left to the
 * command, whose readiness it is.
 */
static int
cmd_exec(const struct config *conf, const struct options *opts)
{
	int	rc;

	if (opts->args[0] == NULL) {
		log_warnx("exec: no command (schemad exec -- CMD [ARGS...])");
		return (EXIT_USAGE);
	}
	catch_stop();
	if ((rc = migrate_report(conf, opts, stderr)) != EXIT_OK) {
		log_warnx("exec: not starting %s: the migration failed",
		    opts->args[0]);
		return (rc);
	}
	if (db_stopped()) {
		log_warnx("exec: not starting %s: stopped", opts->args[0]);
		return (EXIT_INTERRUPTED);
	}
	fflush(NULL);
	execvp(opts->args[0], opts->args);
	rc = errno == ENOENT ? EXIT_NOTFOUND : EXIT_CANTEXEC;
	log_warn("exec: %s", opts->args[0]);
	return (rc);
}

static int
cmd_new(const struct config *conf, const struct options *opts)
{
	if (opts->args[0] == NULL || opts->args[1] != NULL) {
		log_warnx("new: one name (schemad new NAME)");
		return (EXIT_USAGE);
	}
	return (new_migration(conf, opts->args[0]));
}

int
main(int argc, char **argv)
{
	struct options	opts;
	struct config	conf;
	int		rc = EXIT_USAGE;

	log_init("schemad", 0);
	memset(&opts, 0, sizeof opts);
	if (parse_args(argc, argv, &opts) != 0)
		exit(EXIT_USAGE);
	log_setverbose(opts.verbose);
	config_init(&conf);
	if (load_config(&conf, &opts) != 0)
		goto out;

	if (strcmp(opts.command, "migrate") == 0)
		rc = cmd_migrate(&conf, &opts);
	else if (strcmp(opts.command, "plan") == 0)
		rc = cmd_look(&conf, &opts, 0);
	else if (strcmp(opts.command, "history") == 0)
		rc = cmd_look(&conf, &opts, 1);
	else if (strcmp(opts.command, "accept") == 0)
		rc = cmd_accept(&conf, &opts);
	else if (strcmp(opts.command, "run") == 0)
		rc = run_daemon(&conf);
	else if (strcmp(opts.command, "exec") == 0)
		rc = cmd_exec(&conf, &opts);
	else if (strcmp(opts.command, "new") == 0)
		rc = cmd_new(&conf, &opts);
	else
		log_warnx("unknown command '%s' (see schemad --help)",
		    opts.command);
out:
	config_free(&conf);
	free(opts.overrides);
	free(opts.placeholders);
	return (rc);
}
