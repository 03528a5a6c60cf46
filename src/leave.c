/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "layout.h"
#include "leave.h"
#include "sqlscan.h"
#include "xmalloc.h"

/*
 * What a run leaves out of a migration's text, in every layout: the
 * statements that only turn foreign keys off and on around a table
 * rebuild, which the tools write because they run a file outside a
 * transaction (drizzle-kit, Prisma, hand-written golang-migrate, diesel
 * and Flyway files). A run already has foreign keys off and runs
 * foreign_key_check before it commits, and inside its transaction
 * PRAGMA foreign_keys would do nothing. So, blanked (line for line, so
 * that errors still name the file's own lines):
 *
 *	PRAGMA foreign_keys = OFF ... PRAGMA foreign_keys = ON
 *				a pair, OFF first
 *	PRAGMA foreign_keys = ON
 *				alone (diesel files begin with it)
 *	COMMIT; PRAGMA ...; BEGIN
 *				a transaction ended only to run foreign-key
 *				PRAGMAs (foreign_keys, defer_foreign_keys)
 *				and begun again, as hand-edited drizzle and
 *				Prisma files do
 *	BEGIN ... COMMIT	around the whole file, only foreign-key
 *				PRAGMAs outside it: the file's own
 *				transaction, which golang-migrate projects
 *				run without its wrap write (PRAGMA
 *				foreign_keys=OFF; BEGIN; ... COMMIT; PRAGMA
 *				foreign_keys=ON;). Files run one after
 *				another, that is the sandwich above at each
 *				boundary, and the run's own BEGIN and COMMIT
 *				at the ends. Counted apart, as a frame.
 *
 * Within a pair, a second OFF does nothing and goes with it. An OFF that
 * no ON follows is left for the scan to refuse, and so is any other
 * transaction statement, with file and line. Prisma's
 * defer_foreign_keys around its pairs may stay: it is a connection
 * setting that the run puts back after the file (connstate.c).
 */

enum kind {
	K_OTHER,
	K_FK_OFF,		/* PRAGMA foreign_keys = OFF */
	K_FK_ON,
	K_DEFER,		/* PRAGMA defer_foreign_keys = ... */
	K_COMMIT,		/* COMMIT, END [TRANSACTION] */
	K_BEGIN			/* BEGIN [DEFERRED|...] [TRANSACTION] */
};

struct stmt {
	char		*text;
	size_t		 len;
	enum kind	 kind;
};

/* The value a PRAGMA sets: the word after '=' or '(', unquoted. */
static void
pragma_value(const struct sqlstmt *st, char *buf, size_t size)
{
	const char	*p = st->text, *end = st->text + st->len;
	size_t		 n = 0;

	while (p < end && *p != '=' && *p != '(')
		p++;
	if (p < end)
		p++;
	while (p < end && strchr(" \t\r\n'\"", *p) != NULL)
		p++;
	while (p < end && n + 1 < size && strchr(" \t\r\n'\");)", *p) == NULL)
		buf[n++] = *p++;
	buf[n] = '\0';
}

static enum kind
classify(const struct sqlstmt *st)
{
	char	name[32], value[16];
	int	set;

	if (sqlscan_pragma(st, name, sizeof name, &set)) {
		if (!set)
			return (K_OTHER);
		if (strcasecmp(name, "defer_foreign_keys") == 0)
			return (K_DEFER);
		if (strcasecmp(name, "foreign_keys") != 0)
			return (K_OTHER);
		pragma_value(st, value, sizeof value);
		if (strcasecmp(value, "OFF") == 0 || strcmp(value, "0") == 0 ||
		    strcasecmp(value, "false") == 0 ||
		    strcasecmp(value, "no") == 0)
			return (K_FK_OFF);
		if (strcasecmp(value, "ON") == 0 || strcmp(value, "1") == 0 ||
		    strcasecmp(value, "true") == 0 ||
		    strcasecmp(value, "yes") == 0)
			return (K_FK_ON);
		return (K_OTHER);
	}
	sqlscan_word(st, 0, name, sizeof name);
	if (strcasecmp(name, "COMMIT") == 0 || strcasecmp(name, "END") == 0)
		return (K_COMMIT);
	if (strcasecmp(name, "BEGIN") == 0)
		return (K_BEGIN);
	return (K_OTHER);
}

static int
is_fk(enum kind k)
{
	return (k == K_FK_OFF || k == K_FK_ON || k == K_DEFER);
}

static void
blank(struct stmt *s, size_t *n)
{
	layout_blank(s->text, s->text + s->len);
	s->kind = K_OTHER;
	(*n)++;
}

/* Is v[0..n) BEGIN ... COMMIT, with foreign-key PRAGMAs only outside? */
static int
frame(struct stmt *v, size_t n, size_t *first, size_t *last)
{
	size_t	i, j, k;

	for (i = 0; i < n && is_fk(v[i].kind); i++)
		;
	for (j = n; j > i && is_fk(v[j - 1].kind); j--)
		;
	if (j - i < 2 || v[i].kind != K_BEGIN || v[j - 1].kind != K_COMMIT)
		return (0);
	for (k = i + 1; k < j - 1; k++)
		if (v[k].kind == K_BEGIN || v[k].kind == K_COMMIT)
			return (0);
	*first = i;
	*last = j - 1;
	return (1);
}

/*
 * Blank, in buf, the statements a run leaves out; how many, the frame's
 * BEGIN and COMMIT not counted: *framed says whether there was one. buf
 * must be NUL-terminated.
 */
size_t
leave_out_fk(char *buf, size_t len, int *framed)
{
	struct sqlscan	 scan;
	struct sqlstmt	 st;
	struct stmt	*v = NULL;
	size_t		 n = 0, i, j, k, off = 0, blanked = 0, ends = 0;
	int		 open = 0;

	sqlscan_init(&scan, buf, len);
	while (sqlscan_next(&scan, &st)) {
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n].text = buf + (st.text - buf);
		v[n].len = st.len;
		v[n++].kind = classify(&st);
	}
	/* COMMIT, foreign-key PRAGMAs only, BEGIN. */
	for (i = 0; i < n; i++) {
		if (v[i].kind != K_COMMIT)
			continue;
		for (j = i + 1; j < n && (v[j].kind == K_FK_OFF ||
		    v[j].kind == K_FK_ON || v[j].kind == K_DEFER); j++)
			;
		if (j == i + 1 || j == n || v[j].kind != K_BEGIN)
			continue;
		for (k = i; k <= j; k++)
			blank(&v[k], &blanked);
		i = j;
	}
	/* The whole file framed. */
	*framed = frame(v, n, &i, &j);
	if (*framed) {
		blank(&v[i], &ends);
		blank(&v[j], &ends);
	}
	/* Pairs, OFF (one or more) then ON; an ON alone. */
	for (i = 0; i < n; i++) {
		if (v[i].kind == K_FK_OFF && !open) {
			off = i;
			open = 1;
		} else if (v[i].kind == K_FK_ON) {
			for (k = off; open && k < i; k++)
				if (v[k].kind == K_FK_OFF)
					blank(&v[k], &blanked);
			blank(&v[i], &blanked);
			open = 0;
		}
	}
	free(v);
	return (blanked);
}
