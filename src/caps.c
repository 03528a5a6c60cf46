/* SPDX-License-Identifier: MIT */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "caps.h"

/*
 * What the SQLite library schemad runs on can do. Each capability is probed
 * by using it, on a private in-memory database, so that an extension that
 * was loaded or compiled in counts alike and the migrated database is never
 * touched.
 */

static const struct {
	const char	*name;
	const char	*probe;
} caps[] = {
	{ "fts3", "CREATE VIRTUAL TABLE temp.p_fts3 USING fts3(x)" },
	{ "fts4", "CREATE VIRTUAL TABLE temp.p_fts4 USING fts4(x)" },
	{ "fts5", "CREATE VIRTUAL TABLE temp.p_fts5 USING fts5(x)" },
	{ "fts5-trigram", "CREATE VIRTUAL TABLE temp.p_tri USING "
	    "fts5(x, tokenize = 'trigram')" },
	{ "rtree", "CREATE VIRTUAL TABLE temp.p_rtree USING rtree(i, a, b)" },
	{ "geopoly", "CREATE VIRTUAL TABLE temp.p_geo USING geopoly(x)" },
	{ "json1", "SELECT json('[1]')" },
	{ "math", "SELECT sqrt(4)" },
	{ "dbstat", "SELECT count(*) FROM dbstat" },
};
#define NCAPS (sizeof caps / sizeof caps[0])

/* The bit of a capability name, or -1 for an unknown name. */
int
caps_parse(const char *name)
{
	size_t	i;

	for (i = 0; i < NCAPS; i++) {
		if (strcasecmp(name, caps[i].name) == 0)
			return (1 << i);
	}
	return (-1);
}

const char *
caps_name(unsigned bit)
{
	size_t	i;

	for (i = 0; i < NCAPS; i++) {
		if (bit == 1U << i)
			return (caps[i].name);
	}
	return ("?");
}

/* Every capability schemad knows, for error messages. */
unsigned
caps_all(void)
{
	return ((1U << NCAPS) - 1);
}

/* Write the names of the capabilities in caps, comma separated. */
void
caps_format(unsigned bits, char *buf, size_t size)
{
	size_t	i, len = 0;

	*buf = '\0';
	for (i = 0; i < NCAPS && len < size; i++) {
		if ((bits & (1U << i)) == 0)
			continue;
		len += snprintf(buf + len, size - len, "%s%s",
		    len == 0 ? "" : ",", caps[i].name);
	}
}

/* Probe, once, which capabilities this SQLite library has. */
unsigned
caps_available(void)
{
	static int	 probed;
	static unsigned	 avail;
	sqlite3		*db;
	size_t		 i;

	if (probed)
		return (avail);
	probed = 1;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE,
	    NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return (avail);
	}
	for (i = 0; i < NCAPS; i++) {
		if (sqlite3_exec(db, caps[i].probe, NULL, NULL,
		    NULL) == SQLITE_OK)
			avail |= 1U << i;
	}
	sqlite3_close(db);
	return (avail);
}
