/* SPDX-License-Identifier: MIT */
#ifndef MIGRATIONS_H
#define MIGRATIONS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "errlist.h"
#include "layout.h"

#define MIGRATIONS_CHECKSUM_LEN	64	/* hex SHA-256 */
#define MIGRATIONS_MAX_SIZE	(64 * 1024 * 1024) /* bytes a file may have */
#define MIGRATIONS_KEEP_SIZE	(64 * 1024 * 1024) /* the scan keeps, a set */

/* One migration file, as found in the directory. */
struct migration {
	int64_t		 version;
	char		*label;		/* Flyway's version, "1.10", or NULL */
	char		*name;		/* "add_email" */
	char		*file;		/* "0003_add_email.sql" */
	char		*path;		/* directory/file */
	char		 checksum[MIGRATIONS_CHECKSUM_LEN + 1];
	unsigned	 requires;	/* capabilities, caps.h */
	uint64_t	 settings;	/* connection state it changes, connstate.h */
	int		 maybe_link;	/* the directory says link, or cannot tell */
	char		*text;		/* as the scan read it, or NULL */
	size_t		 len;
	int		 kind;		/* enum name_kind */
	const struct layout *named;	/* whose names it has; NULL: plain */
	char		*misnamed;	/* why schemad's rule refuses its
					   name, which its layout may allow */
	int		 underscore;	/* ... its version ends with '_' */
	const struct layout *layout;	/* whose annotations it has */
	size_t		 left_out;	/* statements blanked: leave.c */
	int		 framed;	/* BEGIN ... COMMIT blanked: leave.c */
	int		 expanded;	/* its layout's expand changed the
					   text (kept, whatever its size) */
};

/* What migrations_parse_name found. */
enum name_kind {
	NAME_NONE,		/* not a migration's name */
	NAME_PLAIN,		/* NNNN_name.sql */
	NAME_UP,		/* NNNN_name.up.sql */
	NAME_DOWN,		/* NNNN_name.down.sql: never run */
	NAME_OWN,		/* a tool's own (named says whose): diesel's
				   VERSION_name/up.sql, Flyway's V1__x.sql */
	NAME_REPEAT		/* R__name.sql: run again when it changes */
};

/*
 * Every migration of a directory, in the order they run (by version, or
 * the layout's own: dbmate's by name); then the repeatable ones, by name
 * (rep points into v, past the n versioned ones).
 */
struct migration_set {
	char			*dir;
	struct migration	*v;
	size_t			 n;
	struct migration	*rep;
	size_t			 nrep;
	struct errlist		 warnings;	/* for the log; not errors */
	struct errlist		 unwritten;	/* files with no statement yet:
						   errors, but for plan's list */
	struct errlist		 others;	/* versioned names, not .sql:
						   check_others */
	size_t			 kept;		/* bytes of text kept */
	const struct layout	*layout;	/* asked for, then found */
	size_t			 ndown;		/* down files, sections */
	size_t			 downfiles;	/* .down.sql names */
	size_t			 undofiles;	/* a tool's own (Flyway's U1__) */
	const struct layout	*undo_by;	/* ... whose */
	size_t			 left_out;	/* statements blanked: leave.c */
	size_t			 framed;	/* files framed: leave.c */
	const struct placeholders *placeholders; /* Flyway's, or NULL */
	time_t			 started;	/* when the scan began */
};

/* How migrations_scan_config scans. */
#define MIGRATIONS_NAMES	0x01	/* only the names: nothing checked
					   beyond, nothing logged (new) */
#define MIGRATIONS_SAY_LAYOUT	0x02	/* log another tool's layout */
#define MIGRATIONS_LIST_UNWRITTEN 0x04	/* files with no statement yet stay
					   in the set, in set->unwritten,
					   for plan to say after its list */

/*
 * What schemad new writes where the SQL goes. A file that holds only this
 * (or nothing at all) has no statement yet, and is refused until it has.
 */
#define MIGRATIONS_TEMPLATE \
	"-- Write this migration's SQL below. It runs in one transaction with\n" \
	"-- every other pending migration: no BEGIN or COMMIT. Until it holds\n" \
	"-- a statement, plan and migrate refuse it.\n"

struct config;
struct placeholders;

extern size_t	migrations_keep;	/* MIGRATIONS_KEEP_SIZE; tests lower it */

int	migrations_parse_name(const char *file, int64_t *version,
	    char **name, char **cause);
int	migrations_check_text(const char *file, char *buf, size_t len,
	    struct migration *m, struct errlist *errors,
	    struct errlist *warnings);
const char *migrations_unwritten(char *buf, size_t len);
void	migrations_checksum(const char *buf, size_t len, char *hex);
void	migrations_sql_checksum(char *buf, size_t len, char *hex);
int	migrations_sql_checksum_of(const struct migration *m, char *hex,
	    char **cause);
int	migrations_read_file(const char *path, char **buf, size_t *len,
	    char **cause);
int	migrations_scan(const char *dir, int strict,
	    const struct layout *layout,
	    struct migration_set *set, struct errlist *errors);
int	migrations_scan_config(const struct config *conf, unsigned flags,
	    struct migration_set *set, struct errlist *errors);
void	migrations_drop(struct migration_set *set, size_t i);
const struct migration *migrations_newest(const struct migration_set *set);
int	migrations_version_cmp(const struct migration *a,
	    const struct migration *b);
int	migrations_load(const struct migration *m, char **buf, size_t *len,
	    char **tofree, char **cause);
const char *migrations_layout(const struct migration_set *set, char *buf,
	    size_t size);
void	migrations_free(struct migration_set *set);

#endif
