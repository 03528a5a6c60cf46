/* SPDX-License-Identifier: MIT */
#ifndef ADOPT_H
#define ADOPT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

struct migration;
struct migration_set;

/* How a tool's rows say what it applied. */
enum adopt_rows {
	ROWS_EACH,		/* a row a migration applied */
	ROWS_UP_TO,		/* one row: every file up to it */
	ROWS_LAST,		/* the last row of a version says */
	ROWS_PRISMA,		/* 0 applied, 1 unfinished, 2 rolled back */
	ROWS_HASH,		/* the file's SHA-256, not its version */
	ROWS_LABEL		/* Flyway's version, matched to a label */
};

/* What a row's flag (the second column) says, where a tool has it. */
enum adopt_flag {
	FLAG_APPLIED,
	FLAG_FAILED,		/* failed, or unfinished */
	FLAG_UNDONE,		/* goose, Flyway: taken back */
	FLAG_UP_TO,		/* a baseline: every version up to this one */
	FLAG_REPEATABLE		/* Flyway: the version column is the script */
};

/* A tool's history table (struct layout's adopt), and how to read it. */
struct adopt_table {
	const char	*table;
	const char	*column;	/* that tells it apart, or NULL */
	enum adopt_rows	 rows;
	const char	*sql;		/* version, flag, checksum */
	const char	*digest;	/* of the file's text, or NULL */
};

/* What another migration tool's history table says was applied. */
struct adopted {
	const char	*tool;		/* "dbmate"; NULL: none found */
	const char	*table;		/* "schema_migrations" */
	int64_t		*v;		/* the versions it applied, sorted */
	size_t		 n;
	char		*refusal;	/* why it cannot be adopted, or NULL */
	char		**changed;	/* files it kept another checksum of */
	size_t		 nchanged;
	char		**rep;		/* repeatables it ran as they are */
	size_t		 nrep;
};

int	adopt_read(sqlite3 *db, const struct migration_set *set,
	    struct adopted *a, char **cause);
int	adopt_has(const struct adopted *a, int64_t version);
int	adopt_repeatable(const struct adopted *a, const struct migration *m);
void	adopt_free(struct adopted *a);

#endif
