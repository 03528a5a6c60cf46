/* SPDX-License-Identifier: MIT */
#ifndef JSON_H
#define JSON_H

#include <stdio.h>

void	jout_string(FILE *fp, const char *s);
void	jout_key(FILE *fp, int *first, const char *key);

#endif
