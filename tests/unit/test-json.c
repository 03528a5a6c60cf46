/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "tap.h"

/*
 * What every JSON writer shares: a string or null, UTF-8 whatever the
 * text (a file's name may be anything); milliseconds from microseconds;
 * one compact object a line, escaped by jansson.
 */

/* obj as jout_print writes it. */
static char *
printed(json_t *obj)
{
	char	*text = NULL;
	size_t	 len = 0;
	FILE	*fp;

	if ((fp = open_memstream(&text, &len)) == NULL)
		abort();
	jout_print(fp, obj);
	fclose(fp);
	return (text);
}

int
main(void)
{
	json_t	*j;
	char	*s;

	j = jout_text(NULL);
	tap_ok(json_is_null(j), "NULL: null");
	json_decref(j);
	j = jout_text("caf\xc3\xa9");
	is_str(json_string_value(j), "caf\xc3\xa9", "UTF-8 as it is");
	json_decref(j);
	j = jout_text("caf\xe9 \xff");
	is_str(json_string_value(j), "caf? ?", "not UTF-8: each such byte "
	    "a '?'");
	json_decref(j);

	s = printed(json_pack("{s:o, s:o, s:o}", "ms", jout_ms(1500),
	    "fine", jout_ms(123456), "whole", jout_ms(2000)));
	is_str(s, "{\"ms\":1.5,\"fine\":123.456,\"whole\":2.0}\n",
	    "milliseconds to the microsecond, no noise digits");
	free(s);

	s = printed(json_pack("{s:s, s:i, s:b, s:n}", "text",
	    "a \"q\" \\ \n\t\x01", "n", 42, "yes", 1, "none"));
	is_str(s, "{\"text\":\"a \\\"q\\\" \\\\ \\n\\t\\u0001\",\"n\":42,"
	    "\"yes\":true,\"none\":null}\n", "one line, compact, in the "
	    "order built, escaped");
	free(s);
	return (tap_done());
}
