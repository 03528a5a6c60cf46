/* SPDX-License-Identifier: MIT */
#ifndef DB_H
#define DB_H

#include <sqlite3.h>

#define DB_READONLY	0x1
#define DB_CREATE	0x2

int	db_exists(const char *path);
int	db_open(const char *path, int flags, int busy_timeout, sqlite3 **dbp,
	    char **cause);
void	db_close(sqlite3 *db);
void	db_busy_timeout(sqlite3 *db, int timeout_ms);
int	db_fail(sqlite3 *db, int rc, const char *what, char **cause);
int	db_exec(sqlite3 *db, const char *sql, char **cause);
int	db_run(sqlite3_stmt *stmt, const char *what, char **cause);
int	db_int(sqlite3 *db, const char *sql, int *out, char **cause);
int	db_get_journal_mode(sqlite3 *db, char *mode, char **cause);
int	db_journal_mode(sqlite3 *db, const char *mode, int timeout_ms,
	    char **cause);

#endif
