/* SPDX-License-Identifier: MIT */
#ifndef LEDGER_H
#define LEDGER_H

#include <stddef.h>
#include <stdint.h>

struct history_accept;
struct history_row;
struct migration;
struct migration_set;
struct plan;

/* A migration's state, as `schemad history` names it. */
enum ledger_state {
	LEDGER_APPLIED,		/* ran and committed */
	LEDGER_PENDING,		/* the next run does it */
	LEDGER_ADOPTED,		/* another tool ran it; recorded as applied */
	LEDGER_BASELINED,	/* recorded as applied by --baseline */
	LEDGER_SKIPPED,		/* recorded as not run: a capability missing */
	LEDGER_REPEATABLE,	/* a repeatable migration whose text ran */
	LEDGER_CHANGED,		/* drift: its file changed since */
	LEDGER_RENAMED,		/* drift: recorded under another name */
	LEDGER_MISSING,		/* drift: recorded, but its file is gone */
	LEDGER_OUT_OF_ORDER,	/* drift: new, but runs before an applied one */
	LEDGER_FORGOTTEN,	/* its file gone, its row taken out by accept */
	LEDGER_NSTATES
};

/* One migration: its file, its history row, or both. */
struct ledger_entry {
	const struct migration		*m;	/* NULL: no file */
	const struct history_row	*h;	/* NULL: never recorded */
	const struct history_accept	*acc;	/* the last accept of it, or
						   NULL */
	enum ledger_state		 state;
	int				 repeatable;
	char				*note;	/* why, or what comes next;
						   NULL */
};

/* Every migration: the versions in the order they run, then repeatables. */
struct ledger {
	struct ledger_entry	*v;
	size_t			 n;
	size_t			 count[LEDGER_NSTATES];
};

void	ledger_make(const struct migration_set *set, const struct plan *plan,
	    struct ledger *ledger);
void	ledger_free(struct ledger *ledger);
const char *ledger_state_name(enum ledger_state state);
char	*ledger_file(const struct ledger_entry *e, char *buf, size_t size);
int64_t	 ledger_version(const struct ledger_entry *e);
const char *ledger_label(const struct ledger_entry *e);
const char *ledger_name(const struct ledger_entry *e);

#endif
