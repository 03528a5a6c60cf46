/* SPDX-License-Identifier: MIT */
#ifndef HISTORY_H
#define HISTORY_H

#include <sqlite3.h>
#include <stdint.h>

struct migration;

#define HISTORY_TABLE	"schemad_history"
#define REPEAT_TABLE	"schemad_repeatable"

enum history_status {
	HISTORY_APPLIED,	/* ran and committed */
	HISTORY_BASELINE,	/* marked as applied by --baseline, never ran */
	HISTORY_SKIPPED		/* not run: a capability it needs is missing */
};

/* One row of the history table. */
struct history_row {
	int64_t			 version;
	char			*name;
	char			*checksum;	/* NULL for a baseline of no file */
	enum history_status	 status;
	char			*applied_at;	/* UTC, ISO 8601 */
	int64_t			 duration_us;
	char			*detail;
	char			*label;		/* Flyway's version, or NULL */
};

/* What the database says about itself. */
struct history {
	int			 exists;	/* the table exists */
	int			 user_version;
	struct history_row	*v;		/* in version order */
	size_t			 n;
	struct history_row	*rep;		/* repeatables, by name */
	size_t			 nrep;
};

extern const char history_ddl[], repeat_ddl[], history_user_tables[];

const char *history_status_name(enum history_status status);
enum history_status history_status_parse(const char *name);
const char *history_by(void);
int	history_read(sqlite3 *db, struct history *hist, char **cause);
int	history_newest(sqlite3 *db, int64_t *version, char **cause);
void	history_free(struct history *hist);
int	history_create(sqlite3 *db, int repeatables, char **cause);
int	history_recorder(sqlite3 *db, int repeatables, sqlite3_stmt **stmt,
	    char **cause);
int	history_record(sqlite3_stmt *stmt, const struct migration *m,
	    enum history_status status, int64_t duration_us,
	    const char *detail, char **cause);

#endif
