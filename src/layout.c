/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "layout.h"
#include "migrations.h"

/*
 * Other tools' layouts, one file each in src/tools/, and listed here:
 * how a tool names its files, which part of a file runs, what it refuses,
 * how `schemad new` names the next one, and how its history table is
 * adopted (struct layout). The scan (migrations.c) keeps what every layout
 * shares -- reading the directory, the trust checks, the statements -- and
 * asks the table for the rest. Adding a tool is one file and one row
 * below; HACKING has the steps.
 *
 * The order is the one a database's history tables are looked for in when
 * adopting (golang-migrate's schema_migrations, with its dirty column,
 * before dbmate's), and --format's list.
 *
 * This file also reads the sections that dbmate, goose and sql-migrate keep
 * in one file (each tool's struct layout_sections):
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
 * An annotation that asks for no transaction is refused, with how to go
 * on, and so is any the tool does not know.
 */

extern const struct layout	layout_golang_migrate, layout_dbmate,
				layout_goose, layout_sql_migrate, layout_sqlx,
				layout_diesel, layout_prisma, layout_drizzle,
				layout_flyway, layout_atlas;

static const struct layout *const layouts[] = {
	&layout_schemad,
	&layout_golang_migrate,
	&layout_dbmate,
	&layout_goose,
	&layout_sql_migrate,
	&layout_sqlx,
	&layout_diesel,
	&layout_prisma,
	&layout_drizzle,
	&layout_flyway,
	&layout_atlas
};
#define NLAYOUTS	(sizeof layouts / sizeof layouts[0])

/* "auto", then each layout's name that --format takes (layout_init). */
const char	*layout_names[NLAYOUTS + 2] = { "auto" };

/* Fill layout_names from the table; the configuration calls it first. */
void
layout_init(void)
{
	size_t	i, n = 1;

	for (i = 0; i < NLAYOUTS; i++) {
		if (layouts[i]->format)
			layout_names[n++] = layouts[i]->name;
	}
	layout_names[n] = NULL;
}

/* The table's row i, or NULL past its end. */
const struct layout *
layout_at(size_t i)
{
	return (i < NLAYOUTS ? layouts[i] : NULL);
}

/* The layout --format name asks for; LAYOUT_AUTO for "auto". */
const struct layout *
layout_parse(const char *name)
{
	size_t	i;

	for (i = 0; name != NULL && i < NLAYOUTS; i++) {
		if (layouts[i]->format && strcmp(name, layouts[i]->name) == 0)
			return (layouts[i]);
	}
	return (LAYOUT_AUTO);
}

/* The layout whose versioned files are named as kind says, or NULL. */
const struct layout *
layout_by_kind(int kind)
{
	size_t	i;

	for (i = 0; i < NLAYOUTS; i++) {
		if (layouts[i]->format && layouts[i]->kind == kind &&
		    layouts[i]->named != NULL)
			return (layouts[i]);
	}
	return (NULL);
}

const char *
layout_name(const struct layout *layout)
{
	return (layout == LAYOUT_AUTO ? "auto" : layout->name);
}

/* Turn [from, to) into spaces, keeping its newlines. */
void
layout_blank(char *from, const char *to)
{
	for (; from < to; from++) {
		if (*from != '\n')
			*from = ' ';
	}
}

/*
 * The layout whose annotation the line holds, of want's if it is not
 * LAYOUT_AUTO; *rest is what follows the mark.
 */
static const struct layout *
annotation(const char *line, const char *eol, const struct layout *want,
    const char **rest)
{
	const struct layout	*l;
	const char		*p = line + strspn(line, " \t");
	size_t			 i, n;

	if (strncmp(p, "--", 2) != 0)
		return (NULL);
	p += 2 + strspn(p + 2, " \t");
	for (i = 0; i < NLAYOUTS; i++) {
		l = layouts[i];
		if (l->sections == NULL || (want != LAYOUT_AUTO && l != want))
			continue;
		n = strlen(l->sections->mark);
		if (eol - p >= (ptrdiff_t)n &&
		    strncmp(p, l->sections->mark, n) == 0) {
			*rest = p + n;
			return (l);
		}
	}
	return (NULL);
}

/*
 * Is [p, eol) the words of phrase (in any case, blanks between), then
 * blanks or the end?
 */
static int
words_are(const char *p, const char *eol, const char *phrase,
    const char **after)
{
	size_t	n;

	while (*phrase != '\0') {
		n = strcspn(phrase, " ");
		p += strspn(p, " \t");
		if (eol - p < (ptrdiff_t)n || strncasecmp(p, phrase, n) != 0 ||
		    (p + n < eol && !isspace((unsigned char)p[n])))
			return (0);
		p += n;
		phrase += n + strspn(phrase + n, " ");
	}
	*after = p + strspn(p, " \t\r");
	return (1);
}

/* Is [p, eol) the words of phrase, for a tool's file? */
int
layout_words_are(const char *p, const char *eol, const char *phrase)
{
	const char	*after;

	return (words_are(p, eol, phrase, &after));
}

/*
 * The order of the tools that sort their files by name, byte by byte (Go's
 * string <): dbmate's and Atlas's. A qsort comparison of two struct
 * migration.
 */
int
layout_order_file(const void *a, const void *b)
{
	const struct migration	*ma = a, *mb = b;

	return (strcmp(ma->file, mb->file));
}

/* Is [p, eol) one of words? */
static int
one_of(const char *p, const char *eol, const char *const *words)
{
	const char	*after;

	for (; words != NULL && *words != NULL; words++) {
		if (words_are(p, eol, *words, &after))
			return (1);
	}
	return (0);
}

/* Why [p, eol) is refused, if it is one of the pairs in refused. */
static const char *
refusal(const char *p, const char *eol, const char *const *refused)
{
	const char	*after;

	for (; refused != NULL && *refused != NULL; refused += 2) {
		if (words_are(p, eol, refused[0], &after))
			return (refused[1]);
	}
	return (NULL);
}

/* Is [p, eol) blank, or a line comment? */
int
layout_comment(const char *p, const char *eol)
{
	p += strspn(p, " \t\r");
	return (p >= eol || strncmp(p, "--", 2) == 0);
}

/* The options on an up line: l's that asks for no transaction, refused. */
static void
up_options(const char *file, int line, const struct layout *l,
    const char *after, const char *eol, struct errlist *errors)
{
	const char	*no_tx = l->sections->no_tx;

	if (after >= eol)
		return;
	if (no_tx != NULL && strncasecmp(after, no_tx, strlen(no_tx)) == 0)
		errlist_add(errors, "%s:%d: '%.*s': %s", file, line,
		    (int)(eol - after), after, LAYOUT_NO_TRANSACTION);
	else
		errlist_add(errors, "%s:%d: unknown option '%.*s'", file, line,
		    (int)(eol - after), after);
}

/*
 * Read one file's sections. want is the layout asked for (LAYOUT_AUTO:
 * whichever tool's annotations the file has); *found is the one its
 * annotations say (schemad's for none). For a sectioned file, all but the
 * up section is blanked in buf, and *down says whether it had a down
 * section. What any tool marks that schemad refuses (refuse_any) is
 * refused in any layout. Returns -1 when the file cannot be read this way.
 */
int
layout_sections(const char *file, char *buf, size_t len,
    const struct layout *want, const struct layout **found, int *down,
    struct errlist *errors)
{
	const struct layout		*fam = NULL, *f;
	const struct layout_sections	*s;
	char				*p, *eol, *end = buf + len;
	char				*down_at = NULL;
	const char			*rest, *after, *why;
	size_t				 before = errors->n, i;
	int				 line, nup = 0, stray = 0;

	*found = &layout_schemad;
	*down = 0;
	p = buf;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;		/* a UTF-8 byte order mark */
	for (i = 0; i < NLAYOUTS; i++) {
		if (layouts[i]->refuse_any != NULL)
			layouts[i]->refuse_any(file, p, end, errors);
	}
	if (want != LAYOUT_AUTO && want->sections == NULL)
		return (errors->n == before ? 0 : -1);

	for (line = 1; p < end; p = eol + 1, line++) {
		if ((eol = memchr(p, '\n', end - p)) == NULL)
			eol = end;
		if ((f = annotation(p, eol, want, &rest)) == NULL) {
			if (nup == 0 && stray == 0 &&
			    !layout_comment(p, eol))
				stray = line;
			continue;
		}
		if (fam != NULL && f != fam) {
			errlist_add(errors, "%s:%d: a %s annotation in a %s "
			    "file", file, line, f->name, fam->name);
			continue;
		}
		fam = f;
		s = f->sections;
		if (words_are(rest, eol, s->up, &after)) {
			if (nup++ > 0)
				errlist_add(errors, "%s:%d: a second up "
				    "section", file, line);
			else
				up_options(file, line, f, after, eol, errors);
			if (stray != 0)
				errlist_add(errors, "%s:%d: text before the up "
				    "section would never run", file, stray);
			layout_blank(p, eol);
		} else if (words_are(rest, eol, s->down, &after)) {
			if (nup == 0)
				errlist_add(errors, "%s:%d: a down section "
				    "before the up section", file, line);
			down_at = p;
			break;
		} else if ((why = refusal(rest, eol, s->refused)) != NULL)
			errlist_add(errors, "%s:%d: %s", file, line, why);
		else if (one_of(rest, eol, s->words))
			layout_blank(p, eol);
		else
			errlist_add(errors, "%s:%d: unknown %s annotation "
			    "'%.*s'", file, line, f->name, (int)(eol - p), p);
	}
	if (fam == NULL)
		return (errors->n == before ? 0 : -1);
	*found = fam;
	if (nup == 0)
		errlist_add(errors, "%s: no up section ('-- %s%s')", file,
		    fam->sections->mark, fam->sections->up);
	if (down_at != NULL) {
		*down = 1;
		layout_blank(down_at, end);
	}
	return (errors->n == before ? 0 : -1);
}
