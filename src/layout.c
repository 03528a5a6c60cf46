/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "layout.h"

/*
 * Other tools' migration files, read as they are. Names are migrations.c's
 * (NNNN_name.up.sql and .down.sql for golang-migrate and sqlx, diesel's
 * and Prisma's directories); this file
 * reads the sections that dbmate, goose and sql-migrate keep in one file:
 *
 *	dbmate		-- migrate:up		-- migrate:down
 *	goose		-- +goose Up		-- +goose Down
 *	sql-migrate	-- +migrate Up		-- +migrate Down
 *
 * Only the up section runs. The text that runs is the file with all else
 * -- what precedes the up section, the annotations, the down section --
 * turned into spaces, line for line, so that an error still names the
 * file's own line. goose's and sql-migrate's StatementBegin/StatementEnd
 * need nothing: schemad finds where a trigger's statement ends by itself.
 *
 * drizzle-kit writes its SQLite table rebuilds between "PRAGMA
 * foreign_keys=OFF;" and "PRAGMA foreign_keys=ON;". A run already has
 * foreign keys off and checks them before COMMIT, so in drizzle's layout
 * exactly that pair, OFF then ON, is blanked, a no-op (layout_fk_pairs);
 * anywhere else, or unpaired, it is refused as always. "-->
 * statement-breakpoint" is a comment to SQLite, and schemad finds the
 * statements by itself.
 *
 * A run is one transaction, so what asks for none is refused, with how to
 * go on: dbmate's "transaction:false", goose's "NO TRANSACTION",
 * sql-migrate's "notransaction", sqlx's "-- no-transaction" first line
 * and Atlas's "-- atlas:txmode none", in any layout. So are goose's
 * ENVSUB (schemad runs the text as it is), Atlas's "-- atlas:delimiter"
 * and any annotation it does not know.
 */

const char *const layout_names[] = { "auto", "schemad", "golang-migrate",
    "dbmate", "goose", "sql-migrate", "diesel", "prisma", "drizzle", "flyway",
    NULL };

static const struct family {
	enum layout	 layout;
	const char	*mark;		/* after "--" and blanks */
	const char	*up;
	const char	*down;
} families[] = {
	{ LAYOUT_DBMATE, "migrate:", "up", "down" },
	{ LAYOUT_GOOSE, "+goose ", "Up", "Down" },
	{ LAYOUT_SQL_MIGRATE, "+migrate ", "Up", "Down" },
};
#define NFAMILIES	(sizeof families / sizeof families[0])

enum layout
layout_parse(const char *name)
{
	size_t	i;

	for (i = 0; layout_names[i] != NULL; i++) {
		if (strcmp(name, layout_names[i]) == 0)
			return ((enum layout)i);
	}
	return (LAYOUT_AUTO);
}

const char *
layout_name(enum layout layout)
{
	return (layout_names[layout]);
}

/* Does the layout keep up and down sections in one file? */
int
layout_sectioned(enum layout layout)
{
	return (layout == LAYOUT_DBMATE || layout == LAYOUT_GOOSE ||
	    layout == LAYOUT_SQL_MIGRATE);
}

/* Turn [from, to) into spaces, keeping its newlines. */
static void
blank(char *from, const char *to)
{
	for (; from < to; from++) {
		if (*from != '\n')
			*from = ' ';
	}
}

/* The family whose annotation the line holds; *rest is what follows. */
static const struct family *
annotation(const char *line, const char *eol, const char **rest)
{
	const char	*p = line + strspn(line, " \t");
	size_t		 i, n;

	if (strncmp(p, "--", 2) != 0)
		return (NULL);
	p += 2 + strspn(p + 2, " \t");
	for (i = 0; i < NFAMILIES; i++) {
		n = strlen(families[i].mark);
		if (eol - p >= (ptrdiff_t)n &&
		    strncmp(p, families[i].mark, n) == 0) {
			*rest = p + n;
			return (&families[i]);
		}
	}
	return (NULL);
}

/* Is [p, eol) the word w (in any case), then blanks or the end? */
static int
word_is(const char *p, const char *eol, const char *w, const char **after)
{
	size_t	n = strlen(w);

	p += strspn(p, " \t");
	if (eol - p < (ptrdiff_t)n || strncasecmp(p, w, n) != 0 ||
	    (p + n < eol && !isspace((unsigned char)p[n])))
		return (0);
	*after = p + n + strspn(p + n, " \t\r");
	return (1);
}

/*
 * Is there "PRAGMA foreign_keys=ON" or OFF (as drizzle-kit writes it,
 * any case and blanks) at p? The length to its ';', or 0.
 */
static size_t
fk_pragma(const char *p, const char *on_off)
{
	const char	*q = p;
	size_t		 n;

	if (strncasecmp(q, "PRAGMA", 6) != 0)
		return (0);
	q += 6 + strspn(q + 6, " \t");
	if (strncasecmp(q, "foreign_keys", 12) != 0)
		return (0);
	q += 12 + strspn(q + 12, " \t");
	if (*q++ != '=')
		return (0);
	q += strspn(q, " \t");
	n = strlen(on_off);
	if (strncasecmp(q, on_off, n) != 0)
		return (0);
	q += n + strspn(q + n, " \t");
	return (*q == ';' ? (size_t)(q + 1 - p) : 0);
}

/*
 * drizzle-kit's PRAGMA foreign_keys=OFF ... =ON pairs, each statement at
 * the start of a line: blank each pair; return how many.
 */
int
layout_fk_pairs(char *buf, size_t len)
{
	char	*p, *eol, *end = buf + len, *off = NULL;
	size_t	 n, offlen = 0;
	int	 pairs = 0;

	for (p = buf; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', end - p)) == NULL)
			eol = end;
		p += strspn(p, " \t");
		if ((n = fk_pragma(p, "OFF")) > 0) {
			off = p;
			offlen = n;
		} else if (off != NULL && (n = fk_pragma(p, "ON")) > 0) {
			blank(off, off + offlen);
			blank(p, p + n);
			off = NULL;
			pairs++;
		}
	}
	return (pairs);
}

/* Is [p, eol) blank, or a line comment? */
static int
blank_or_comment(const char *p, const char *eol)
{
	p += strspn(p, " \t\r");
	return (p >= eol || strncmp(p, "--", 2) == 0);
}

/*
 * Atlas's file directives, among the comments at the top: "-- atlas:txmode
 * none" asks for no transaction, and "-- atlas:delimiter" for statements
 * that do not end with ';'; both are refused.
 */
static void
atlas_directives(const char *file, const char *p, const char *end,
    struct errlist *errors)
{
	const char	*eol, *q;
	int		 line;

	for (line = 1; p < end; p = eol + 1, line++) {
		if ((eol = memchr(p, '\n', end - p)) == NULL)
			eol = end;
		if (!blank_or_comment(p, eol))
			return;
		q = p + strspn(p, " \t");
		if (strncmp(q, "-- atlas:", 9) != 0)
			continue;
		q += 9;
		if (strncmp(q, "txmode", 6) == 0 &&
		    word_is(q + 6, eol, "none", &q))
			errlist_add(errors, "%s:%d: 'atlas:txmode none' "
			    "(Atlas): %s", file, line, LAYOUT_NO_TRANSACTION);
		else if (strncmp(q, "delimiter", 9) == 0)
			errlist_add(errors, "%s:%d: 'atlas:delimiter' (Atlas): "
			    "schemad ends statements at ';' as SQLite does; "
			    "write the file that way", file, line);
	}
}

/*
 * Read one file's sections. want is the layout asked for (LAYOUT_AUTO:
 * whichever tool's annotations the file has); *found is the one its
 * annotations say (LAYOUT_SCHEMAD for none). For a sectioned file, all but
 * the up section is blanked in buf, and *down says whether it had a down
 * section. Returns -1 when the file cannot be read this way.
 */
int
layout_sections(const char *file, char *buf, size_t len, enum layout want,
    enum layout *found, int *down, struct errlist *errors)
{
	const struct family	*fam = NULL, *f;
	char			*p, *eol, *end = buf + len;
	char			*down_at = NULL;
	const char		*rest, *after;
	size_t			 before = errors->n;
	int			 line, nup = 0, stray = 0;

	*found = LAYOUT_SCHEMAD;
	*down = 0;
	p = buf;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;		/* a UTF-8 byte order mark */
	if (strncmp(p, "-- no-transaction", 17) == 0 &&
	    (p[17] == '\n' || p[17] == '\r' || p[17] == '\0'))
		errlist_add(errors, "%s:1: '-- no-transaction' (sqlx): %s",
		    file, LAYOUT_NO_TRANSACTION);
	atlas_directives(file, p, end, errors);
	if (want != LAYOUT_AUTO && !layout_sectioned(want))
		return (errors->n == before ? 0 : -1);

	for (line = 1; p < end; p = eol + 1, line++) {
		if ((eol = memchr(p, '\n', end - p)) == NULL)
			eol = end;
		if ((f = annotation(p, eol, &rest)) == NULL ||
		    (want != LAYOUT_AUTO && f->layout != want)) {
			if (nup == 0 && stray == 0 &&
			    !blank_or_comment(p, eol))
				stray = line;
			continue;
		}
		if (fam != NULL && f != fam) {
			errlist_add(errors, "%s:%d: a %s annotation in a %s "
			    "file", file, line, layout_name(f->layout),
			    layout_name(fam->layout));
			continue;
		}
		fam = f;
		if (word_is(rest, eol, f->up, &after)) {
			if (nup++ > 0)
				errlist_add(errors, "%s:%d: a second up "
				    "section", file, line);
			else if (after < eol && (strncmp(after,
			    "transaction:false", 17) == 0 ||
			    strncasecmp(after, "notransaction", 13) == 0))
				errlist_add(errors, "%s:%d: '%.*s': %s", file,
				    line, (int)(eol - after), after,
				    LAYOUT_NO_TRANSACTION);
			else if (after < eol)
				errlist_add(errors, "%s:%d: unknown option "
				    "'%.*s'", file, line, (int)(eol - after),
				    after);
			if (stray != 0)
				errlist_add(errors, "%s:%d: text before the up "
				    "section would never run", file, stray);
			blank(p, eol);
		} else if (word_is(rest, eol, f->down, &after)) {
			if (nup == 0)
				errlist_add(errors, "%s:%d: a down section "
				    "before the up section", file, line);
			down_at = p;
			break;
		} else if (word_is(rest, eol, "NO", &after) &&
		    word_is(after, eol, "TRANSACTION", &after)) {
			errlist_add(errors, "%s:%d: 'NO TRANSACTION' (goose): "
			    "%s", file, line, LAYOUT_NO_TRANSACTION);
		} else if (word_is(rest, eol, "ENVSUB", &after)) {
			errlist_add(errors, "%s:%d: ENVSUB (goose): schemad "
			    "runs a migration's text as it is, and does not "
			    "substitute environment variables", file, line);
		} else if (word_is(rest, eol, "StatementBegin", &after) ||
		    word_is(rest, eol, "StatementEnd", &after))
			blank(p, eol);
		else
			errlist_add(errors, "%s:%d: unknown %s annotation "
			    "'%.*s'", file, line, layout_name(f->layout),
			    (int)(eol - p), p);
	}
	if (fam == NULL)
		return (errors->n == before ? 0 : -1);
	*found = fam->layout;
	if (nup == 0)
		errlist_add(errors, "%s: no up section ('-- %s%s')", file,
		    fam->mark, fam->up);
	if (down_at != NULL) {
		*down = 1;
		blank(down_at, end);
	}
	return (errors->n == before ? 0 : -1);
}
