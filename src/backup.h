/* SPDX-License-Identifier: MIT */
#ifndef BACKUP_H
#define BACKUP_H

#include <sqlite3.h>
#include <stdint.h>

int	backup_make(sqlite3 *db, const char *dbpath, const char *dir,
	    int64_t version, char **made, char **cause);
int	backup_prune(const char *dbpath, const char *dir, int keep,
	    char **cause);

#endif
