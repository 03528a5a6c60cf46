/* SPDX-License-Identifier: MIT */
#ifndef ACCEPT_H
#define ACCEPT_H

#include <stdio.h>

struct config;
struct migration_set;

#define ACCEPT_FORCE	0x1	/* statements changed, or not known: record */
#define ACCEPT_FORGET	0x2	/* a file gone: take its row out */

int	accept_files(const struct config *conf,
	    const struct migration_set *set, char *const *args,
	    unsigned flags, FILE *fp, char **cause);

#endif
