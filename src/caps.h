/* SPDX-License-Identifier: MIT */
#ifndef CAPS_H
#define CAPS_H

#include <stddef.h>

/*
 * SQLite capabilities a migration may declare that it needs
 * ("-- schemad: requires fts5"), one bit each.
 */
int		 caps_parse(const char *name);
const char	*caps_name(unsigned bit);
unsigned	 caps_all(void);
unsigned	 caps_available(void);
void		 caps_format(unsigned caps, char *buf, size_t size);

#endif
