/* SPDX-License-Identifier: MIT */
#ifndef HISTORY_H
#define HISTORY_H

#include <sqlite3.h>
#include <stdint.h>

struct migration;
struct plan;
struct plan_step;

#define HISTORY_TABLE	"schemad_history"
#define REPEAT_TABLE	"schemad_repeatable"
#define ACCEPT_TABLE	"schemad_accepted"

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
	char			*sql_checksum;	/* of its statements alone, or
						   NULL */
};

/* One row of the accepted table: drift that schemad accept recorded. */
struct history_accept {
	int64_t		 version;
	char		*name;
	char		*what;		/* "changed", "renamed", "forgotten" */
	char		*applied_at;	/* the history row's */
	char		*accepted_at;
	int64_t		 uid;
	char		*user;		/* the uid's name, or NULL */
	char		*reason;	/* SCHEMAD_ACCEPT_REASON, or NULL */
	int		 forced;
};

/* What the database says about itself. */
struct history {
	int			 exists;	/* the table exists */
	int			 user_version;
	unsigned		 lacks;		/* columns the table lacks
						   (history_lacks) */
	struct history_row	*v;		/* in version order */
	size_t			 n;
	struct history_row	*rep;		/* repeatables, by name */
	size_t			 nrep;
	struct history_accept	*acc;		/* by version, then time */
	size_t			 nacc;
};

/* What one step's row says, whichever backend records it. */
struct history_entry {
	const struct migration	*m;
	enum history_status	 status;
	int			 retry;		/* over a skipped version's row */
	int64_t			 duration_us;
	char			 applied_at[32];	/* UTC, ISO 8601 */
	char			 detail[128];	/* "": none */
	char			 sql_checksum[65]; /* "": not known */
};

/* The statements that record a step; history_statements() says which. */
enum history_sql {
	HISTORY_INSERT,		/* a version's row */
	HISTORY_REPLACE,	/* the same, over a skipped version's row */
	HISTORY_FORGET,		/* a repeatable's row of another text */
	HISTORY_REPEAT,		/* a repeatable's row */
	HISTORY_NSQL
};

/* One of them, with the values it binds, by position. */
struct history_stmt {
	enum history_sql	 sql;
	const char		*text;
	size_t			 n;
	struct {
		int		 number;	/* i; otherwise s (NULL: NULL) */
		int64_t		 i;
		const char	*s;
	}			 v[10];
};

/* The file backend's statements, prepared once a run. */
struct history_recorder {
	sqlite3		*db;
	sqlite3_stmt	*stmt[HISTORY_NSQL];
};

extern const char history_ddl[], repeat_ddl[], history_user_tables[];
extern const char history_tables[], history_select[], repeat_select[];
extern const char accept_ddl[], accept_select[];

const char *history_status_name(enum history_status status);
enum history_status history_status_parse(const char *name);
const char *history_by(void);
int	history_read(sqlite3 *db, struct history *hist, char **cause);
int	history_newest(sqlite3 *db, int64_t *version, char **cause);
void	history_free(struct history *hist);
void	history_accept_set(struct history_accept *a, const char *const *v,
	    int64_t version, int64_t uid, int forced);
void	history_row_field(struct history_row *h, const char *name,
	    const char *text, int64_t i);
unsigned history_lacks(const char *const *names, size_t n);
const char *history_add_column(unsigned lacks);
int	history_create(sqlite3 *db, unsigned lacks, int repeatables,
	    char **cause);
void	history_entry(struct history_entry *e, const struct migration *m,
	    enum history_status status, int64_t duration_us);
void	history_entry_step(struct history_entry *e, const struct plan *plan,
	    const struct plan_step *step, int64_t baseline,
	    int64_t duration_us);
size_t	history_statements(const struct history_entry *e,
	    struct history_stmt out[2]);
int	history_record(struct history_recorder *r,
	    const struct history_entry *e, char **cause);
void	history_recorder_free(struct history_recorder *r);

#endif
