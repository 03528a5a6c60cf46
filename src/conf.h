/* SPDX-License-Identifier: MIT */
#ifndef CONF_H
#define CONF_H

#include <stddef.h>
#include <stdio.h>

struct errlist;

/* What schemad was told to do, from the built-in defaults, a file, options. */
/*
 * Flyway's placeholders, ${name} (src/tools/flyway.c): [placeholders]
 * name = value, one a line, and --placeholder name=value. Names are
 * matched without case, as Flyway matches them.
 */
struct placeholders {
	char	**name;
	char	**value;
	size_t	  n;
};

struct config {
	char	*file;		/* the configuration file read, or NULL */
	char	*database;	/* path of the SQLite database */
	int	 busy_timeout;	/* ms to wait for another writer's lock */
	char	*journal_mode;	/* set before migrating; NULL: leave alone */
	int	 create;	/* CREATE_*: a missing database file */
	char	*role;		/* "auto", "primary" or "follower": role.c */
	char	*litefs_url;	/* LiteFS's node API, or NULL */
	int	 poll_interval;	/* ms between a follower's looks */
	char	*migrations;	/* directory of NNNN_name.sql files */
	int	 strict_modes;	/* refuse files others could change */
	char	*format;	/* the directory's layout: layout.h */
	int	 adopt;		/* record another tool's history */
	char	*backup_dir;	/* copy the database here first; NULL: never */
	int	 backup_keep;	/* how many backups to keep */
	char	*socket;	/* path of the UNIX socket (run) */
	int	 socket_mode;	/* its permission bits */
	char	*socket_group;	/* its group; NULL: the daemon's */
	int	 max_clients;	/* connections at once */
	int	 idle_timeout;	/* s before an idle client is closed */
	int	 max_wait;	/* s a WAIT may last at most */
	char	*on_failure;	/* run: "exit" or "stay" after a failure */
	char	*http;		/* ADDR:PORT of the HTTP probes; NULL: off */
	int	 http_max_connections; /* HTTP connections open at once */
	int	 ready_fd;	/* write "\n" here when ready; -1: off */
	char	*state_file;	/* kept up to date with the state; NULL: off */
	struct placeholders placeholders;
};

/* What a missing database file means: config's create. */
#define CREATE_NO	0	/* an error */
#define CREATE_YES	1	/* a new, empty database */
#define CREATE_WAIT	2	/* wait until it appears */

enum config_type {
	CONFIG_PATH,		/* relative to the configuration file */
	CONFIG_STRING,
	CONFIG_INT,
	CONFIG_MODE,		/* octal permission bits */
	CONFIG_BOOL,
	CONFIG_CHOICE
};

/* One configuration key: the single description of a file key and option. */
struct config_key {
	const char		 *section;
	const char		 *name;
	const char		 *option;	/* long option, without "--" */
	enum config_type	  type;
	size_t			  offset;	/* of the field in struct config */
	int			  min, max;	/* CONFIG_INT */
	const char *const	 *choices;	/* CONFIG_CHOICE, NULL-terminated;
						   CONFIG_BOOL: more words, for
						   2, 3, ... */
	const char		 *arg;		/* placeholder in --help */
	const char		 *help;
};

extern const struct config_key	config_keys[];
extern const size_t		config_nkeys;

void	config_init(struct config *conf);
void	config_free(struct config *conf);
int	config_load(struct config *conf, const char *path, int must_exist,
	    struct errlist *errors);
int	config_load_fp(struct config *conf, FILE *fp, const char *name,
	    struct errlist *errors);
int	config_load_env(struct config *conf, struct errlist *errors);
void	config_env_name(const struct config_key *key, char *buf, size_t size);
const struct config_key *config_find_option(const char *option);
int	config_placeholder(struct config *conf, const char *name,
	    const char *value, int again, char **cause);
int	config_set(struct config *conf, const struct config_key *key,
	    const char *value, const char *base, char **cause);
const char *config_default_file(void);

#endif
