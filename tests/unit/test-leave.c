/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leave.h"
#include "tap.h"

/*
 * What a run leaves out in every layout: drizzle-kit's OFF/ON pair as it
 * writes it (text from drizzle-kit 0.31's generate), any case and blanks;
 * Prisma's pair inside defer_foreign_keys, which stays; a lone ON; the
 * COMMIT / PRAGMA / BEGIN sandwich of hand-edited files, both ways; a
 * whole file in BEGIN ... COMMIT (Pocket ID's golang-migrate files). What
 * stays: an OFF no ON follows, and every other transaction statement.
 * Blanked text keeps its lines.
 */

static int	framed;

/*
 * Leave out of text; *n how many, framed whether the file was framed;
 * the text that runs (freed by caller).
 */
static char *
left(const char *text, size_t *n)
{
	char	*buf = strdup(text);

	*n = leave_out_fk(buf, strlen(buf), &framed);
	return (buf);
}

/* Is s, with its blanks squeezed out of each line, want? */
static int
runs(const char *s, const char *want)
{
	char	 buf[1024];
	size_t	 n = 0;
	int	 blank = 1;

	for (; *s != '\0' && n + 1 < sizeof buf; s++) {
		if (*s == ' ' && blank)
			continue;
		blank = *s == '\n';
		buf[n++] = *s;
	}
	buf[n] = '\0';
	return (strcmp(buf, want) == 0);
}

int
main(void)
{
	char	*out;
	size_t	 n;

	out = left("PRAGMA foreign_keys=OFF;--> statement-breakpoint\n"
	    "CREATE TABLE `__new_posts` (`id` integer);\n--> "
	    "statement-breakpoint\nDROP TABLE `posts`;--> "
	    "statement-breakpoint\nALTER TABLE `__new_posts` RENAME TO "
	    "`posts`;--> statement-breakpoint\nPRAGMA foreign_keys=ON;", &n);
	is_int(n, 2, "drizzle-kit's pair: two statements");
	tap_ok(strstr(out, "PRAGMA") == NULL && strstr(out, "DROP TABLE "
	    "`posts`;--> statement-breakpoint\n") != NULL &&
	    strncmp(out, "                        --> statement-breakpoint\n",
	    49) == 0, "blanked, the rest as it was, line for line");
	free(out);

	out = left("PRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_keys=OFF;\n"
	    "DROP TABLE a;\n  pragma main.FOREIGN_KEYS = on ;\n"
	    "PRAGMA defer_foreign_keys=OFF;\n", &n);
	is_int(n, 2, "Prisma's: the pair, any case, blanks and schema");
	tap_ok(runs(out, "PRAGMA defer_foreign_keys=ON;\n\nDROP TABLE a;\n\n"
	    "PRAGMA defer_foreign_keys=OFF;\n"), "defer_foreign_keys stays "
	    "(the run puts it back): %s", out);
	free(out);

	out = left("PRAGMA foreign_keys = ON;\nCREATE TABLE t (x);\n", &n);
	tap_ok(n == 1 && runs(out, "\nCREATE TABLE t (x);\n"),
	    "a lone ON, as diesel files begin");
	free(out);

	out = left("CREATE TABLE a (x);\nCOMMIT;\nPRAGMA foreign_keys=OFF;\n"
	    "BEGIN TRANSACTION;\nDROP TABLE b;\nCOMMIT;\n"
	    "PRAGMA foreign_keys=ON;\nBEGIN;\n", &n);
	tap_ok(n == 6 && runs(out, "CREATE TABLE a (x);\n\n\n\nDROP TABLE b;"
	    "\n\n\n\n"), "the COMMIT / PRAGMA / BEGIN sandwich, both ways: %s",
	    out);
	free(out);

	/* Pocket ID's 20250822000000_foreign_keys_improvements.up.sql. */
	out = left("PRAGMA foreign_keys=OFF;\nBEGIN;\nPRAGMA foreign_keys=OFF;"
	    "\n-- Delete\nUPDATE a SET b = NULL;\nCOMMIT;\n"
	    "PRAGMA foreign_keys=ON;\n", &n);
	tap_ok(n == 3 && framed && runs(out, "\n\n\n-- Delete\nUPDATE a SET "
	    "b = NULL;\n\n\n"), "a whole file framed in BEGIN ... COMMIT, "
	    "the second OFF with the pair: %s", out);
	free(out);
	out = left("BEGIN;\nCREATE TABLE t (x);\nCOMMIT;\n", &n);
	tap_ok(n == 0 && framed && runs(out, "\nCREATE TABLE t (x);\n\n"),
	    "framed, without PRAGMAs: %s", out);
	free(out);
	out = left("BEGIN;\nCREATE TABLE t (x);\nCOMMIT;\nCREATE TABLE u "
	    "(x);\n", &n);
	tap_ok(n == 0 && !framed && strstr(out, "BEGIN;") != NULL &&
	    strstr(out, "COMMIT;") != NULL, "a transaction with a statement "
	    "after it is no frame: both stay, to be refused");
	free(out);
	out = left("BEGIN;\nCREATE TABLE t (x);\nCOMMIT;\nBEGIN;\n"
	    "CREATE TABLE u (x);\nCOMMIT;\n", &n);
	tap_ok(!framed && strstr(out, "BEGIN;") != NULL, "two transactions "
	    "are no frame");
	free(out);
	out = left("BEGIN;\nROLLBACK;\nBEGIN;\nCREATE TABLE t (x);\nCOMMIT;"
	    "\n", &n);
	tap_ok(!framed, "a BEGIN ... COMMIT with a ROLLBACK and BEGIN inside "
	    "is no frame");
	free(out);

	out = left("PRAGMA foreign_keys=OFF;\nCREATE TABLE t (x);\n", &n);
	tap_ok(n == 0 && strstr(out, "PRAGMA foreign_keys=OFF;") != NULL,
	    "an OFF no ON follows stays, for the scan to refuse");
	free(out);
	out = left("COMMIT;\nCREATE TABLE t (x);\nBEGIN;\n", &n);
	tap_ok(n == 0 && strstr(out, "COMMIT;") != NULL, "a COMMIT and BEGIN "
	    "around anything else stay, to be refused");
	free(out);
	out = left("COMMIT;\nPRAGMA foreign_keys=OFF;\n", &n);
	tap_ok(n == 0, "a COMMIT that no BEGIN follows stays");
	free(out);
	out = left("PRAGMA foreign_keys;\nPRAGMA foreign_keys = 1;\n", &n);
	tap_ok(n == 1 && strstr(out, "PRAGMA foreign_keys;") != NULL,
	    "reading it stays; = 1 is ON");
	free(out);
	return (tap_done());
}
