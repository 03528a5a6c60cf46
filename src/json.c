/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "xmalloc.h"

/*
 * What schemad writes as JSON (plan and migrate --json, /status,
 * schemactl --json) is built with jansson and written by it, one object a
 * line; these are the few things every writer needs beside it.
 */

/*
 * A string, or null for NULL. Text that is not UTF-8 (a file's name may
 * be anything) has each byte of 0x80 and above written as '?': JSON is
 * UTF-8.
 */
json_t *
jout_text(const char *s)
{
	json_t	*j;
	char	*copy, *p;

	if (s == NULL)
		return (json_null());
	if ((j = json_string(s)) != NULL)
		return (j);
	copy = xstrdup(s);
	for (p = copy; *p != '\0'; p++) {
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	}
	j = json_string(copy);
	free(copy);
	return (j);
}

/* Microseconds as milliseconds, to the microsecond. */
json_t *
jout_ms(int64_t us)
{
	return (json_real(us / 1000.0));
}

/* Write obj on one line of fp, and free it. */
void
jout_print(FILE *fp, json_t *obj)
{
	if (json_dumpf(obj, fp, JSON_COMPACT | JSON_REAL_PRECISION(15)) != 0)
		fputs("{}", fp);
	fputc('\n', fp);
	json_decref(obj);
}
