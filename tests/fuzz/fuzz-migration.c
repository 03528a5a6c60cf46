/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: migration file names, and a migration's text (its
 * header directives and the statement scanner that splits and checks it).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "errlist.h"
#include "migrations.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct errlist	 errors = { NULL, 0 }, warnings = { NULL, 0 };
	struct migration m;
	char		*buf, *name = NULL, *cause = NULL;
	int64_t		 version;

	buf = malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (strlen(buf) < 256 &&
	    migrations_parse_name(buf, &version, &name, &cause) == 1 &&
	    (version < 0 || name == NULL || *name == '\0'))
		abort();
	free(name);
	free(cause);
	migrations_check_text("fuzz.sql", buf, size, &m, &errors, &warnings);
	errlist_free(&errors);
	errlist_free(&warnings);
	free(buf);
	return (0);
}
