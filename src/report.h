/* SPDX-License-Identifier: MIT */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

struct errlist;
struct migrate_result;
struct migration_set;
struct plan;

/* What the one-shot commands print: text for people, --json for scripts. */
struct report {
	FILE		*fp;
	int		 json;
	const char	*command;	/* "plan", "migrate" */
	const char	*database;
	const char	*migrations;
};

void	report_plan(const struct report *rp,
	    const struct migration_set *set, const struct migrate_result *res,
	    int rc);
void	report_history(const struct report *rp,
	    const struct migration_set *set, const struct migrate_result *res,
	    int rc);
void	report_migrate(const struct report *rp,
	    const struct migrate_result *res, int rc, const char *error);
void	report_errors(const struct report *rp, int rc,
	    const struct errlist *errors);
const char *report_status(int rc);
const char *report_untracked(const struct plan *plan, char *buf,
	    size_t size);

#endif
