/* SPDX-License-Identifier: MIT */
#ifndef DB_H
#define DB_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#define DB_READONLY	0x1	/* never write, not even to recover */
#define DB_CREATE	0x2	/* a missing file becomes an empty database */
#define DB_LOOK		0x4	/* only read, but recover a crashed writer */

/* Told now and then while a statement runs (the daemon reports progress). */
struct db_progress {
	void	(*fn)(void *);
	void	 *arg;
};

/*
 * One wait for other processes' locks, measured by the clock from its
 * first refused try (db.c has the policy).
 */
struct db_wait {
	int	 timeout_ms;	/* busy_timeout */
	int64_t	 start;		/* the first refusal (ms, monotonic); 0: none */
	int64_t	 slice_end;	/* this try's own end; 0: the timeout's */
	int	 count;		/* pauses so far */
	int	 busy;		/* others commit meanwhile: try often */
	void	(*hook)(const struct db_wait *, void *); /* each pause */
	void	*arg;
};

int	db_exists(const char *path);
int	db_check_file(const char *path, char **cause);
int	db_present(const char *path);
int	db_open(const char *path, int flags, struct db_wait *wait,
	    sqlite3 **dbp, char **cause);
void	db_close(sqlite3 *db);
void	db_watch(sqlite3 *db, struct db_progress *progress);
void	db_busy_wait(sqlite3 *db, struct db_wait *w);
void	db_wait_init(struct db_wait *w, int timeout_ms);
int	db_wait_next(struct db_wait *w);
int	db_wait_over(const struct db_wait *w);
int64_t	db_waited_ms(const struct db_wait *w);
void	db_wait_slice(struct db_wait *w, int ms);
int	db_wait_fail(const struct db_wait *w, const char *what, char **cause);
void	db_stop(int stop);
int	db_stopped(void);
int	db_pause(int ms);
int	db_fail(sqlite3 *db, int rc, const char *what, char **cause);
int	db_exec(sqlite3 *db, const char *sql, char **cause);
int	db_run(sqlite3_stmt *stmt, const char *what, char **cause);
int	db_int(sqlite3 *db, const char *sql, int *out, char **cause);
int	db_text(sqlite3 *db, const char *sql, char *buf, size_t size,
	    char **cause);
int	db_get_journal_mode(sqlite3 *db, char *mode, char **cause);
int	db_journal_mode(sqlite3 *db, const char *mode, struct db_wait *w,
	    char **cause);

#endif
