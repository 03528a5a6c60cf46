/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "errlist.h"
#include "log.h"
#include "xmalloc.h"

/*
 * Errors collected by a check that goes on after the first one, so that an
 * operator sees every mistake in one run (config files, migration names).
 */

void
errlist_add(struct errlist *el, const char *fmt, ...)
{
	va_list	ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		fatal("errlist_add");
	va_end(ap);
	el->msgs = xreallocarray(el->msgs, el->n + 1, sizeof *el->msgs);
	el->msgs[el->n++] = msg;
}

/* Log every message, one a line. */
void
errlist_log(const struct errlist *el)
{
	size_t	i;

	for (i = 0; i < el->n; i++)
		log_warnx("%s", el->msgs[i]);
}

/* The same, as warnings: nothing stops for them. */
void
errlist_warn(const struct errlist *el)
{
	size_t	i;

	for (i = 0; i < el->n; i++)
		log_warning("%s", el->msgs[i]);
}

void
errlist_free(struct errlist *el)
{
	size_t	i;

	for (i = 0; i < el->n; i++)
		free(el->msgs[i]);
	free(el->msgs);
	el->msgs = NULL;
	el->n = 0;
}
