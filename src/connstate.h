/* SPDX-License-Identifier: MIT */
#ifndef CONNSTATE_H
#define CONNSTATE_H

#include <sqlite3.h>
#include <stdint.h>

#define CONNSTATE_MAX		32	/* connection settings known */
#define CONNSTATE_TEMP		((uint64_t)1 << 63) /* may leave TEMP objects */
#define CONNSTATE_VALUE_LEN	24

/* The values of the settings a migration changes, from before it ran. */
struct connstate {
	uint64_t	 settings;
	char		 value[CONNSTATE_MAX][CONNSTATE_VALUE_LEN];
};

const char	*connstate_refused(const char *pragma);
uint64_t	 connstate_setting(const char *pragma);
int		 connstate_save(sqlite3 *db, uint64_t settings,
		     struct connstate *saved, char **cause);
int		 connstate_restore(sqlite3 *db, const struct connstate *saved,
		     char **cause);

#endif
