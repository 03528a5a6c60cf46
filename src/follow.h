/* SPDX-License-Identifier: MIT */
#ifndef FOLLOW_H
#define FOLLOW_H

#include <sqlite3.h>
#include <stdint.h>

struct config;
struct db_wait;
struct event_base;

/* A database watched for the commits replicated to it. */
struct follow_watch {
	sqlite3	*db;		/* read-only; opened at the first look */
	int	 now;		/* PRAGMA data_version at the last look */
	int	 seen;		/* ... when the caller last read it; -1 */
};

void	follow_watch_init(struct follow_watch *fw);
int	follow_changed(struct follow_watch *fw, const char *database,
	    struct db_wait *w, int *changed, char **cause);
void	follow_seen(struct follow_watch *fw);
void	follow_watch_close(struct follow_watch *fw);

void	follow_start(struct event_base *base, const struct config *conf,
	    int64_t target);
void	follow_stop(void);

#endif
