/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "tap.h"

/*
 * The capabilities a migration may require: names to bits and back, any
 * case; a list of them written as a directive's; and what this SQLite
 * has, probed once (Debian's has JSON and FTS5, and no geopoly).
 */

int
main(void)
{
	char		buf[256];
	unsigned	all = caps_all(), avail;
	int		fts5, json;

	fts5 = caps_parse("fts5");
	json = caps_parse("JSON1");
	tap_ok(fts5 > 0 && (fts5 & (fts5 - 1)) == 0, "fts5: one bit");
	tap_ok(json > 0 && json != fts5, "json1, any case: another bit");
	is_int(caps_parse("fts6"), -1, "an unknown name: -1");
	is_str(caps_name((unsigned)fts5), "fts5", "the bit's name");
	is_str(caps_name(0), "?", "no bit: ?");
	tap_ok((all & (unsigned)fts5) && (all & (unsigned)json),
	    "caps_all has both");

	caps_format((unsigned)(fts5 | json), buf, sizeof buf);
	is_str(buf, "fts5,json1", "a list, in the table's order");
	caps_format(0, buf, sizeof buf);
	is_str(buf, "", "none: empty");
	caps_format(all, buf, 12);
	tap_ok(strlen(buf) < 12, "a short buffer is not overrun: %s", buf);

	avail = caps_available();
	tap_ok((avail & (unsigned)json) != 0, "this SQLite has JSON");
	tap_ok((avail & ~all) == 0, "and nothing that is not a capability");
	is_int(caps_available(), avail, "probed once: the same answer again");
	return (tap_done());
}
