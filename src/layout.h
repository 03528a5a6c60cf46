/* SPDX-License-Identifier: MIT */
#ifndef LAYOUT_H
#define LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "errlist.h"

struct adopt_table;
struct migration;
struct migration_set;

/* What a refused "no transaction" marker is told. */
#define LAYOUT_NO_TRANSACTION \
	"schemad runs every migration in one transaction: drop the marker " \
	"if the step can run in one, or do the step outside the migrations " \
	"(before or after schemad)"

/* The annotations of a tool that keeps up and down sections in one file. */
struct layout_sections {
	const char	*mark;		/* after "--" and blanks: "+goose " */
	const char	*up;		/* "Up" */
	const char	*down;		/* "Down" */
	const char	*no_tx;		/* an up option that asks for no
					   transaction: "transaction:false" */
	const char *const *words;	/* more it knows, blanked: goose's
					   StatementBegin */
	const char *const *refused;	/* pairs: what it knows and schemad
					   refuses, and why */
};

/*
 * One tool's layout (src/tools/, one file each; layout.c's table lists
 * them). NULL and 0 mean "as schemad's own". The scan (migrations.c) asks
 * these what it cannot know by itself; HACKING says how to add a tool.
 */
struct layout {
	const char	*name;		/* --format's word: "prisma" */
	const char	*title;		/* in messages: "Prisma" */
	int		 format;	/* a --format of its own */

	/* How it names files, and which part of a file runs. */
	int		 kind;		/* NAME_PLAIN: schemad's names, the
					   text decides; NAME_UP: .up.sql;
					   NAME_OWN: its own (parse_name,
					   dir_file) */
	const char	*named;		/* one of them, in a message: "an
					   .up.sql file" */
	int		 pairs;		/* .up.sql and .down.sql files too,
					   beside plain ones (sqlx) */
	int		 names;		/* LAYOUT_NAMES_*: what may follow
					   the version */
	int		(*parse_name)(struct migration_set *set,
			    const char *file, int64_t *version, char **label,
			    char **name, struct errlist *errors);
					/* its own file names (Flyway's):
					   NAME_OWN, NAME_REPEAT, NAME_DOWN
					   (counted), NAME_NONE: not its; -1 */
	const char	*dir_file;	/* a migration is a directory
					   VERSION_name/ holding this file */
	const char	*dir_down;	/* ... and this one, never run */
	const char	*marker;	/* a file that says a directory is
					   its (drizzle's journal), or NULL */
	const struct layout_sections *sections; /* or NULL: all of a file
					   runs */
	const char	*down;		/* what is never run, in the log:
					   "down section", "undo file" */
	const char	*down_files;	/* its down files, out of place:
					   ".down.sql files" */
	int		 repeatables;	/* R__name.sql files may be there */
	int		(*side_file)(struct migration_set *set,
			    const char *file, struct errlist *errors);
					/* a file beside the migrations that
					   is its (Flyway's .sql.conf): 1 */

	int		(*expand)(const struct migration_set *set,
			    const struct migration *m, char **buf,
			    size_t *len, struct errlist *errors);
					/* the text that runs, from the
					   file's (Flyway's placeholders):
					   1, a new *buf; 0, as it is; -1 */

	/* What it refuses, beyond what every layout does. */
	void		(*refuse_any)(const char *path, const char *text,
			    const char *end, struct errlist *errors);
					/* in any layout: its markers */
	void		(*refuse)(const char *path, const char *text,
			    size_t len, struct errlist *errors);
					/* in its own layout */
	void		(*check_set)(struct migration_set *set,
			    struct errlist *errors);
					/* the directory as a whole; it may
					   leave migrations out
					   (migrations_drop) */
	int		(*order)(const void *a, const void *b);
					/* the order it runs its migrations
					   in (qsort's, two struct
					   migration); NULL: by version */

	/* How `schemad new` names the next file. */
	int		 stamped;	/* a UTC timestamp, whatever the
					   directory holds */
	void		(*new_stem)(const struct migration_set *set,
			    const char *num, const char *name, char *buf,
			    size_t size);
					/* or NULL: NUM_name */
	const char	*new_files[2];	/* ".up.sql", ".down.sql"; NULL:
					   ".sql" */
	const char	*new_text;	/* the annotations (the up one its
					   first line), or NULL */

	/* How its history table is adopted (adopt.c), or NULL. */
	const struct adopt_table *adopt;
};

/* What a layout's names may have after the version. */
#define LAYOUT_NAMES_SCHEMAD	0	/* '_', letters, digits, '_', '-' */
#define LAYOUT_NAMES_UNDERSCORE	1	/* '_', then anything */
#define LAYOUT_NAMES_ANY	2	/* anything */

/* The layout asked for when it is found from the directory. */
#define LAYOUT_AUTO	((const struct layout *)NULL)

extern const struct layout	layout_schemad;	/* the default */
extern const char		*layout_names[];	/* --format's words */

void		 layout_init(void);
const struct layout *layout_at(size_t i);
const struct layout *layout_parse(const char *name);
const struct layout *layout_by_kind(int kind);
const char	*layout_name(const struct layout *layout);
int		 layout_sections(const char *file, char *buf, size_t len,
		     const struct layout *want, const struct layout **found,
		     int *down, struct errlist *errors);
void		 layout_blank(char *from, const char *to);
int		 layout_comment(const char *p, const char *eol);
int		 layout_words_are(const char *p, const char *eol,
		     const char *phrase);
int		 layout_order_file(const void *a, const void *b);

#endif
