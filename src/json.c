/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "json.h"

/*
 * The little JSON that --json output needs: strings escaped as RFC 8259
 * says, and object keys with their commas. (jout_, since the json_ names
 * are jansson's, which reads JSON.)
 */

void
jout_string(FILE *fp, const char *s)
{
	const unsigned char	*p;

	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		default:
			if (*p < 0x20)
				fprintf(fp, "\\u%04x", *p);
			else
				fputc(*p, fp);
		}
	}
	fputc('"', fp);
}

/* Write "key": with a comma before every key but the first. */
void
jout_key(FILE *fp, int *first, const char *key)
{
	if (!*first)
		fputc(',', fp);
	*first = 0;
	jout_string(fp, key);
	fputc(':', fp);
}
