/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: migration file names (schemad's and Flyway's), Flyway's
 * version order, and a migration's text (its header directives and the
 * statement scanner that splits and checks it; Flyway's checksum and
 * placeholders).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "errlist.h"
#include "conf.h"
#include "tools/flyway.h"
#include "migrations.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * A Flyway name: a versioned one has a version that equals itself; and
 * the order is antisymmetric, the text split at its first newline giving
 * two versions to compare.
 */
static void
flyway_names(char *buf)
{
	struct placeholders ph = { NULL, NULL, 0 };
	struct errlist	 errors = { NULL, 0 };
	char	*label, *name, *cause = NULL, *nl, *out;
	size_t	 outlen;
	int	 kind, ab, ba;

	kind = flyway_parse_name(buf, &label, &name, &cause);
	if (kind == FLYWAY_VERSIONED && (label == NULL || *label == '\0' ||
	    flyway_version_cmp(label, label) != 0))
		abort();
	free(label);
	free(name);
	free(cause);
	if ((nl = strchr(buf, '\n')) != NULL) {
		*nl = '\0';
		ab = flyway_version_cmp(buf, nl + 1);
		ba = flyway_version_cmp(nl + 1, buf);
		*nl = '\n';
		if (ab != -ba)
			abort();
	}
	flyway_checksum(buf, strlen(buf));
	if (flyway_replace("f", "f", &ph, 0, buf, strlen(buf), &out, &outlen,
	    &errors) == 1 && strlen(out) != outlen)
		abort();
	free(out);
	errlist_free(&errors);
}

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
	flyway_names(buf);
	migrations_check_text("fuzz.sql", buf, size, &m, &errors, &warnings);
	migrations_unwritten(buf, size);
	errlist_free(&errors);
	errlist_free(&warnings);
	free(buf);
	return (0);
}
