/* SPDX-License-Identifier: MIT */
#ifndef JSON_H
#define JSON_H

#include <stdio.h>

void	json_string(FILE *fp, const char *s);
void	json_key(FILE *fp, int *first, const char *key);

#endif
