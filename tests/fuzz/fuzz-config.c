/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the configuration parser (inih through schemad's line
 * reader and key table), fed any bytes as a file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "conf.h"
#include "errlist.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	 conf;
	struct errlist	 errors = { NULL, 0 };
	FILE		*fp;

	if (size == 0 || (fp = fmemopen((void *)data, size, "r")) == NULL)
		return (0);
	config_init(&conf);
	config_load_fp(&conf, fp, "/fuzz/schemad.conf", &errors);
	fclose(fp);
	errlist_free(&errors);
	config_free(&conf);
	return (0);
}
