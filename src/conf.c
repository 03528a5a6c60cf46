/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "layout.h"
#include "errlist.h"
#include "role.h"
#include "xmalloc.h"

/*
 * The configuration: built-in defaults, then an INI file (parsed by inih),
 * then command-line options. One table, config_keys, describes every key
 * and the option that overrides it, so that the file, getopt_long() and
 * --help cannot disagree.
 *
 * inih reports only the first syntax error and no line numbers to the
 * handler, so the file is fed to it through config_reader(), which counts
 * lines, checks each line's shape and refuses over-long lines itself: every
 * error names its file and line, and all of them are reported at once.
 */

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#ifndef LOCALSTATEDIR
#define LOCALSTATEDIR "/var"
#endif
#ifndef RUNSTATEDIR
#define RUNSTATEDIR "/run"
#endif

#define CONFIG_FIELD(conf, key) ((char *)(conf) + (key)->offset)

static const char *const journal_modes[] = {
	"delete", "truncate", "persist", "wal", NULL
};
static const char *const failure_policies[] = { "exit", "stay", NULL };
static const char *const create_more[] = { "wait", NULL };	/* CREATE_WAIT */

const struct config_key config_keys[] = {
	{ "database", "path", "database", CONFIG_PATH,
	  offsetof(struct config, database), 0, 0, NULL, "PATH",
	  "the SQLite database file, or rqlite://HOST:PORT (a node of an "
	  "rqlite cluster)" },
	{ "database", "busy_timeout", "busy-timeout", CONFIG_INT,
	  offsetof(struct config, busy_timeout), 0, INT_MAX, NULL, "MS",
	  "how long to wait for another writer's lock (milliseconds)" },
	{ "database", "journal_mode", "journal-mode", CONFIG_CHOICE,
	  offsetof(struct config, journal_mode), 0, 0, journal_modes,
	  "MODE", "delete, truncate, persist or wal; set before migrating" },
	{ "database", "create", "create", CONFIG_BOOL,
	  offsetof(struct config, create), 0, 0, create_more, "yes|no|wait",
	  "a missing database file: create it, refuse, or wait until it "
	  "appears (a restore, a replica)" },
	{ "database", "role", "role", CONFIG_CHOICE,
	  offsetof(struct config, role), 0, 0, role_names,
	  "auto|primary|follower", "migrate, or follow the primary's "
	  "migrations (a LiteFS replica); auto: found from LiteFS" },
	{ "database", "litefs_url", "litefs-url", CONFIG_STRING,
	  offsetof(struct config, litefs_url), 0, 0, NULL, "URL",
	  "LiteFS's node API (http://127.0.0.1:20202), whose /info says "
	  "whether this node is the primary (unset: its .primary file)" },
	{ "database", "poll_interval", "poll-interval", CONFIG_INT,
	  offsetof(struct config, poll_interval), 10, 60000, NULL, "MS",
	  "how often a follower looks for the primary's commit" },
	{ "migrations", "directory", "migrations", CONFIG_PATH,
	  offsetof(struct config, migrations), 0, 0, NULL, "DIR",
	  "the directory of NNNN_name.sql migration files" },
	{ "migrations", "strict_modes", "strict-modes", CONFIG_BOOL,
	  offsetof(struct config, strict_modes), 0, 0, NULL, "yes|no",
	  "refuse migrations others could change, and symlinks out" },
	{ "migrations", "format", "format", CONFIG_CHOICE,
	  offsetof(struct config, format), 0, 0, layout_names,
	  "FORMAT", "whose layout the directory has: auto (found from it), "
	  "schemad, or another tool's (schemad(8) lists them)" },
	{ "migrations", "adopt", "adopt", CONFIG_BOOL,
	  offsetof(struct config, adopt), 0, 0, NULL, "yes|no",
	  "on a database with another tool's history and none of ours, "
	  "record what it applied (never by surprise: off by default)" },
	{ "backup", "directory", "backup-dir", CONFIG_PATH,
	  offsetof(struct config, backup_dir), 0, 0, NULL, "DIR",
	  "copy the database here before migrating (off when unset)" },
	{ "backup", "keep", "backup-keep", CONFIG_INT,
	  offsetof(struct config, backup_keep), 1, 10000, NULL, "N",
	  "how many backups to keep" },
	{ "socket", "path", "socket", CONFIG_PATH,
	  offsetof(struct config, socket), 0, 0, NULL, "PATH",
	  "the UNIX socket clients ask and wait on (run)" },
	{ "socket", "mode", "socket-mode", CONFIG_MODE,
	  offsetof(struct config, socket_mode), 0, 0777, NULL, "MODE",
	  "the socket's permissions, in octal" },
	{ "socket", "group", "socket-group", CONFIG_STRING,
	  offsetof(struct config, socket_group), 0, 0, NULL, "GROUP",
	  "the socket's group (unset: the daemon's)" },
	{ "socket", "max_clients", "max-clients", CONFIG_INT,
	  offsetof(struct config, max_clients), 1, 1000000, NULL, "N",
	  "connections served at once" },
	{ "socket", "idle_timeout", "idle-timeout", CONFIG_INT,
	  offsetof(struct config, idle_timeout), 1, 86400, NULL, "S",
	  "seconds before a client that asks nothing is closed" },
	{ "socket", "max_wait", "max-wait", CONFIG_INT,
	  offsetof(struct config, max_wait), 1, 86400, NULL, "S",
	  "the longest a WAIT may last (seconds)" },
	{ "daemon", "on_failure", "on-failure", CONFIG_CHOICE,
	  offsetof(struct config, on_failure), 0, 0, failure_policies,
	  "exit|stay", "after a failed run before READY: exit, or stay up "
	  "answering FAILED" },
	{ "daemon", "ready_fd", "ready-fd", CONFIG_INT,
	  offsetof(struct config, ready_fd), 0, INT_MAX, NULL, "N",
	  "when ready, write a newline to fd N and close it (s6, dinit, "
	  "OpenRC)" },
	{ "daemon", "state_file", "state-file", CONFIG_PATH,
	  offsetof(struct config, state_file), 0, 0, NULL, "PATH",
	  "a file replaced with the state at every change (off when unset)" },
	{ "http", "listen", "http", CONFIG_STRING,
	  offsetof(struct config, http), 0, 0, NULL, "ADDR:PORT",
	  "serve /readyz, /livez, /status, /metrics (off when unset)" },
	{ "http", "max_connections", "http-max-connections", CONFIG_INT,
	  offsetof(struct config, http_max_connections), 1, 100000, NULL,
	  "N", "HTTP connections open at once; past it the oldest is closed" },
};
const size_t config_nkeys = sizeof config_keys / sizeof config_keys[0];

/* The state of one file being parsed. */
struct config_parse {
	struct config	*conf;
	const char	*file;
	char		*base;		/* directory of the file */
	FILE		*fp;
	int		 line;
	int		 bad_section;	/* inside an unknown [section] */
	int		 seen[sizeof config_keys / sizeof config_keys[0]];
	char		*buf;
	size_t		 bufsize;
	struct errlist	*errors;
};

static int	 config_section_known(const char *, size_t);
static void	 config_check_line(struct config_parse *, char *);
static char	*config_reader(char *, int, void *);
static int	 config_handler(void *, const char *, const char *,
		     const char *);
static int	 config_parse_int(const struct config_key *, const char *,
		     int *, char **);
static int	 config_parse_bool(const char *, int *);
static void	 config_bad_choice(const struct config_key *, const char *,
		     char **);

void
config_init(struct config *conf)
{
	memset(conf, 0, sizeof *conf);
	layout_init();		/* format's words */
	conf->database = xstrdup(LOCALSTATEDIR "/lib/schemad/schemad.db");
	conf->migrations = xstrdup(SYSCONFDIR "/schemad/migrations");
	conf->busy_timeout = 120000;
	conf->create = CREATE_YES;
	conf->strict_modes = 1;
	conf->backup_keep = 3;
	conf->socket = xstrdup(RUNSTATEDIR "/schemad/schemad.sock");
	conf->socket_mode = 0660;
	conf->max_clients = 10000;
	conf->http_max_connections = 64;
	conf->idle_timeout = 60;
	conf->max_wait = 3600;
	conf->on_failure = xstrdup("exit");
	conf->format = xstrdup("auto");
	conf->role = xstrdup("auto");
	conf->poll_interval = 100;
	conf->ready_fd = -1;
}

void
config_free(struct config *conf)
{
	size_t	i;

	for (i = 0; i < config_nkeys; i++) {
		if (config_keys[i].type == CONFIG_PATH ||
		    config_keys[i].type == CONFIG_STRING ||
		    config_keys[i].type == CONFIG_CHOICE)
			free(*(char **)CONFIG_FIELD(conf, &config_keys[i]));
	}
	for (i = 0; i < conf->placeholders.n; i++) {
		free(conf->placeholders.name[i]);
		free(conf->placeholders.value[i]);
	}
	free(conf->placeholders.name);
	free(conf->placeholders.value);
	free(conf->file);
	memset(conf, 0, sizeof *conf);
}

/*
 * Give the placeholder name value; again: a name given before takes the
 * new value (the command line's), else it is refused (the file's). As in
 * Flyway, "flyway:" names its own placeholders and no other; a value is
 * one line, so that errors name the lines of the files.
 */
int
config_placeholder(struct config *conf, const char *name, const char *value,
    int again, char **cause)
{
	struct placeholders	*ph = &conf->placeholders;
	size_t			 i;

	if (*name == '\0' || strchr(name, '}') != NULL) {
		xasprintf(cause, "'%s' cannot be a placeholder's name", name);
		return (-1);
	}
	if (strncasecmp(name, "flyway:", 7) == 0) {
		xasprintf(cause, "'%s': the flyway: prefix is Flyway's own "
		    "placeholders'", name);
		return (-1);
	}
	if (strpbrk(value, "\r\n") != NULL) {
		xasprintf(cause, "the placeholder '%s': a value is one line",
		    name);
		return (-1);
	}
	for (i = 0; i < ph->n; i++) {
		if (strcasecmp(ph->name[i], name) != 0)
			continue;
		if (!again) {
			xasprintf(cause, "the placeholder '%s' is given twice",
			    name);
			return (-1);
		}
		free(ph->value[i]);
		ph->value[i] = xstrdup(value);
		return (0);
	}
	ph->name = xreallocarray(ph->name, ph->n + 1, sizeof *ph->name);
	ph->value = xreallocarray(ph->value, ph->n + 1, sizeof *ph->value);
	ph->name[ph->n] = xstrdup(name);
	ph->value[ph->n++] = xstrdup(value);
	return (0);
}

const char *
config_default_file(void)
{
	return (SYSCONFDIR "/schemad.conf");
}

const struct config_key *
config_find_option(const char *option)
{
	size_t	i;

	for (i = 0; i < config_nkeys; i++) {
		if (strcmp(config_keys[i].option, option) == 0)
			return (&config_keys[i]);
	}
	return (NULL);
}

static int
config_parse_int(const struct config_key *key, const char *value, int *out,
    char **cause)
{
	char	*end;
	long	 n;
	int	 base = key->type == CONFIG_MODE ? 8 : 10;

	errno = 0;
	n = strtol(value, &end, base);
	if (*value == '\0' || *end != '\0' || errno == ERANGE) {
		xasprintf(cause, "%s: '%s' is not %s", key->name, value,
		    base == 8 ? "an octal mode" : "a whole number");
		return (-1);
	}
	if (n < key->min || n > key->max) {
		xasprintf(cause, "%s: %ld is out of range (%d to %d)",
		    key->name, n, key->min, key->max);
		return (-1);
	}
	*out = (int)n;
	return (0);
}

static int
config_parse_bool(const char *value, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1", NULL };
	static const char *const no[] = { "no", "false", "off", "0", NULL };
	int	i;

	for (i = 0; yes[i] != NULL; i++) {
		if (strcasecmp(value, yes[i]) == 0) {
			*out = 1;
			return (0);
		}
		if (strcasecmp(value, no[i]) == 0) {
			*out = 0;
			return (0);
		}
	}
	return (-1);
}

static void
config_bad_choice(const struct config_key *key, const char *value,
    char **cause)
{
	char	buf[256] = "";
	size_t	i;

	for (i = 0; key->choices[i] != NULL; i++) {
		if (i > 0)
			strncat(buf, ", ", sizeof buf - strlen(buf) - 1);
		strncat(buf, key->choices[i], sizeof buf - strlen(buf) - 1);
	}
	xasprintf(cause, "%s: '%s' is not one of: %s", key->name, value, buf);
}

/* "is not yes or no", or "is not yes, no or wait". */
static void
config_bad_bool(const struct config_key *key, const char *value,
    char **cause)
{
	char	buf[256] = "yes";
	size_t	i, n = 0;

	while (key->choices != NULL && key->choices[n] != NULL)
		n++;
	strncat(buf, n > 0 ? ", no" : " or no", sizeof buf - strlen(buf) - 1);
	for (i = 0; i < n; i++) {
		strncat(buf, i + 1 == n ? " or " : ", ",
		    sizeof buf - strlen(buf) - 1);
		strncat(buf, key->choices[i], sizeof buf - strlen(buf) - 1);
	}
	xasprintf(cause, "%s: '%s' is not %s", key->name, value, buf);
}

/*
 * Set one key from its text. A relative path is taken relative to base (the
 * directory of the configuration file) when base is not NULL.
 */
int
config_set(struct config *conf, const struct config_key *key,
    const char *value, const char *base, char **cause)
{
	char	**sp = (char **)CONFIG_FIELD(conf, key);
	int	 *ip = (int *)CONFIG_FIELD(conf, key);
	int	  i;

	switch (key->type) {
	case CONFIG_INT:
	case CONFIG_MODE:
		return (config_parse_int(key, value, ip, cause));
	case CONFIG_BOOL:
		if (config_parse_bool(value, ip) == 0)
			return (0);
		for (i = 0; key->choices != NULL && key->choices[i] != NULL;
		    i++) {
			if (strcasecmp(value, key->choices[i]) == 0) {
				*ip = 2 + i;
				return (0);
			}
		}
		config_bad_bool(key, value, cause);
		return (-1);
	case CONFIG_CHOICE:
		if (*value == '\0') {
			free(*sp);
			*sp = NULL;
			return (0);
		}
		for (i = 0; key->choices[i] != NULL; i++) {
			if (strcasecmp(value, key->choices[i]) == 0) {
				free(*sp);
				*sp = xstrdup(key->choices[i]);
				return (0);
			}
		}
		config_bad_choice(key, value, cause);
		return (-1);
	case CONFIG_STRING:
		free(*sp);
		*sp = *value == '\0' ? NULL : xstrdup(value);
		return (0);
	case CONFIG_PATH:
		if (*value == '\0') {
			xasprintf(cause, "%s: empty path", key->name);
			return (-1);
		}
		free(*sp);
		if (base != NULL && *value != '/' && strstr(value, "://") == NULL)
			xasprintf(sp, "%s/%s", base, value);
		else
			*sp = xstrdup(value);
		return (0);
	}
	return (-1);
}

static int
config_section_known(const char *name, size_t len)
{
	size_t	i;

	if (len == 12 && strncmp(name, "placeholders", 12) == 0)
		return (1);
	for (i = 0; i < config_nkeys; i++) {
		if (strlen(config_keys[i].section) == len &&
		    strncmp(config_keys[i].section, name, len) == 0)
			return (1);
	}
	return (0);
}

/*
 * Check the shape of one line (already stripped of leading space): blank,
 * a comment, a [section] schemad knows, or key = value. A bad line is
 * reported and blanked, so that inih skips it; the keys of a bad section
 * are not checked (they would only repeat the section's error).
 */
static void
config_check_line(struct config_parse *cp, char *line)
{
	char	*end;

	if (*line == '\0' || *line == '\n' || *line == ';' || *line == '#')
		return;
	if (*line == '[') {
		if ((end = strchr(line, ']')) == NULL) {
			errlist_add(cp->errors, "%s:%d: missing ']' after "
			    "section name", cp->file, cp->line);
			cp->bad_section = 1;	/* its keys go unchecked */
			*line = '\0';
			return;
		}
		cp->bad_section = !config_section_known(line + 1,
		    end - line - 1);
		if (cp->bad_section) {
			errlist_add(cp->errors, "%s:%d: unknown section "
			    "[%.*s]", cp->file, cp->line, (int)(end - line - 1),
			    line + 1);
		}
		return;
	}
	if (strpbrk(line, "=:") == NULL) {
		errlist_add(cp->errors, "%s:%d: expected 'key = value' or "
		    "'[section]'", cp->file, cp->line);
		*line = '\0';
	}
}

/* inih's line reader: count lines, refuse long ones, check each line. */
static char *
config_reader(char *str, int num, void *stream)
{
	struct config_parse	*cp = stream;
	ssize_t			 len;
	char			*line;

	if ((len = getline(&cp->buf, &cp->bufsize, cp->fp)) == -1)
		return (NULL);
	cp->line++;
	line = cp->buf + strspn(cp->buf, " \t");
	if (memchr(cp->buf, '\0', (size_t)len) != NULL) {
		errlist_add(cp->errors, "%s:%d: a NUL byte; the configuration "
		    "is text", cp->file, cp->line);
		*line = '\0';
	} else if ((int)strlen(line) >= num) {
		errlist_add(cp->errors, "%s:%d: line longer than %d bytes",
		    cp->file, cp->line, num - 1);
		*line = '\0';
	} else
		config_check_line(cp, line);
	snprintf(str, num, "%s", line);
	return (str);
}

static int
config_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct config_parse	*cp = user;
	const struct config_key	*key;
	char			*cause;
	size_t			 i;

	if (cp->bad_section)
		return (1);
	if (*section == '\0') {
		errlist_add(cp->errors, "%s:%d: key '%s' outside a [section]",
		    cp->file, cp->line, name);
		return (1);
	}
	if (strcmp(section, "placeholders") == 0) {
		if (config_placeholder(cp->conf, name, value, 0, &cause) != 0) {
			errlist_add(cp->errors, "%s:%d: %s", cp->file,
			    cp->line, cause);
			free(cause);
		}
		return (1);
	}
	for (i = 0; i < config_nkeys; i++) {
		key = &config_keys[i];
		if (strcmp(key->section, section) == 0 &&
		    strcmp(key->name, name) == 0)
			break;
	}
	if (i == config_nkeys) {
		errlist_add(cp->errors, "%s:%d: unknown key '%s' in [%s]",
		    cp->file, cp->line, name, section);
		return (1);
	}
	if (cp->seen[i] != 0) {
		errlist_add(cp->errors, "%s:%d: '%s' already set on line %d",
		    cp->file, cp->line, name, cp->seen[i]);
		return (1);
	}
	cp->seen[i] = cp->line;
	if (config_set(cp->conf, key, value, cp->base, &cause) != 0) {
		errlist_add(cp->errors, "%s:%d: %s", cp->file, cp->line, cause);
		free(cause);
	}
	return (1);
}

/* The environment variable for a key: SCHEMAD_ and its option's name. */
void
config_env_name(const struct config_key *key, char *buf, size_t size)
{
	size_t	i, len;

	len = (size_t)snprintf(buf, size, "SCHEMAD_%s", key->option);
	for (i = 8; i < len && i < size; i++)
		buf[i] = buf[i] == '-' ? '_' : toupper((unsigned char)buf[i]);
}

#define PLACEHOLDER_ENV	"SCHEMAD_PLACEHOLDER_"

extern char	**environ;

/*
 * Set the keys that have an environment variable (containers are
 * configured so), and Flyway's placeholders; relative paths are relative
 * to the working directory.
 */
int
config_load_env(struct config *conf, struct errlist *errors)
{
	const char	*value;
	char		 name[64], *cause, *key, **env;
	size_t		 i, before = errors->n;

	for (i = 0; i < config_nkeys; i++) {
		config_env_name(&config_keys[i], name, sizeof name);
		if ((value = getenv(name)) == NULL)
			continue;
		if (config_set(conf, &config_keys[i], value, NULL,
		    &cause) != 0) {
			errlist_add(errors, "%s: %s", name, cause);
			free(cause);
		}
	}
	/* SCHEMAD_PLACEHOLDER_NAME=value, as Flyway's FLYWAY_PLACEHOLDERS_. */
	for (env = environ; *env != NULL; env++) {
		if (strncmp(*env, PLACEHOLDER_ENV, strlen(PLACEHOLDER_ENV)) != 0 ||
		    (value = strchr(*env, '=')) == NULL)
			continue;
		key = xstrndup(*env + strlen(PLACEHOLDER_ENV),
		    value - *env - strlen(PLACEHOLDER_ENV));
		if (config_placeholder(conf, key, value + 1, 1, &cause) != 0) {
			errlist_add(errors, "%s%s: %s", PLACEHOLDER_ENV, key,
			    cause);
			free(cause);
		}
		free(key);
	}
	return (errors->n == before ? 0 : -1);
}

/*
 * Read configuration from an open stream; name is the file's name in error
 * messages, and its directory is the base of relative paths.
 */
int
config_load_fp(struct config *conf, FILE *fp, const char *name,
    struct errlist *errors)
{
	struct config_parse	 cp;
	size_t			 before = errors->n;
	const char		*slash;
	int			 rc;

	memset(&cp, 0, sizeof cp);
	cp.conf = conf;
	cp.file = name;
	cp.errors = errors;
	cp.fp = fp;
	if ((slash = strrchr(name, '/')) != NULL)
		cp.base = xstrndup(name, slash == name ? 1 : slash - name);

	rc = ini_parse_stream(config_reader, &cp, config_handler, &cp);
	if (rc > 0 && errors->n == before)
		errlist_add(errors, "%s:%d: syntax error", name, rc);
	if (ferror(fp))
		errlist_add(errors, "%s: read error", name);

	free(cp.buf);
	free(cp.base);
	free(conf->file);
	conf->file = xstrdup(name);
	return (errors->n == before ? 0 : -1);
}

/*
 * Read a configuration file into conf. A file that does not exist is an
 * error only when must_exist is set. Returns -1 with every problem added to
 * errors.
 */
int
config_load(struct config *conf, const char *path, int must_exist,
    struct errlist *errors)
{
	FILE	*fp;
	int	 rc;

	if ((fp = fopen(path, "r")) == NULL) {
		if (errno == ENOENT && !must_exist)
			return (0);
		errlist_add(errors, "%s: %s", path, strerror(errno));
		return (-1);
	}
	rc = config_load_fp(conf, fp, path, errors);
	fclose(fp);
	return (rc);
}
