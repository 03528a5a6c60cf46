/* SPDX-License-Identifier: MIT */
#ifndef DRIZZLE_H
#define DRIZZLE_H

#include "errlist.h"

struct migration_set;

int	drizzle_journal(const struct migration_set *set,
	    struct errlist *errors);

#endif
