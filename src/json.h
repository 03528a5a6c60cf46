/* SPDX-License-Identifier: MIT */
#ifndef JSON_H
#define JSON_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

json_t	*jout_text(const char *s);
json_t	*jout_ms(int64_t us);
void	 jout_print(FILE *fp, json_t *obj);

#endif
