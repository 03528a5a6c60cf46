/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errlist.h"
#include "log.h"
#include "tap.h"

/*
 * A list of problems, reported all at once: messages formatted as added,
 * kept in order, logged one a line, freed to empty (and usable again).
 */

int
main(void)
{
	struct errlist	 el = { NULL, 0 };
	char		*logged;

	log_init("schemad", 0);
	errlist_log(&el);
	errlist_add(&el, "%s:%d: %s", "0001_a.sql", 3, "no such table: t");
	errlist_add(&el, "second");
	is_int(el.n, 2, "two messages");
	is_str(el.msgs[0], "0001_a.sql:3: no such table: t", "formatted");
	is_str(el.msgs[1], "second", "in order");

	tap_capture_begin(2);
	errlist_log(&el);
	logged = tap_capture_end();
	is_str(logged, "schemad: error: 0001_a.sql:3: no such table: t\n"
	    "schemad: error: second\n", "logged one a line, as errors");
	free(logged);
	tap_capture_begin(2);
	errlist_warn(&el);
	logged = tap_capture_end();
	is_str(logged, "schemad: warning: 0001_a.sql:3: no such table: t\n"
	    "schemad: warning: second\n", "or as warnings");
	free(logged);

	errlist_free(&el);
	tap_ok(el.n == 0 && el.msgs == NULL, "freed: empty");
	errlist_add(&el, "again");
	is_int(el.n, 1, "and usable again");
	errlist_free(&el);
	return (tap_done());
}
