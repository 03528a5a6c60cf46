/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the socket protocol. Any line must parse as a request
 * without harm, and as a reply; any value formatted with proto_field()
 * must parse back to itself (control characters aside, which it replaces).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_request	 req;
	struct proto_reply	 reply;
	char			 line[PROTO_MAXREPLY], value[256];
	const char		*got;
	size_t			 i, n = size < sizeof value ? size : sizeof value - 1;
	int			 plain = 1;

	memcpy(value, data, n);
	value[n] = '\0';
	proto_parse_request(value, &req);
	snprintf(line, sizeof line, "%s", value);
	proto_parse_reply(line, &reply);

	for (i = 0; i < strlen(value); i++) {
		if ((unsigned char)value[i] < 0x20 || value[i] == 0x7f)
			plain = 0;
	}
	snprintf(line, sizeof line, "READY");
	proto_field(line, sizeof line, "k", value);
	if (plain) {
		if (proto_parse_reply(line, &reply) != 0)
			abort();
		if ((got = proto_reply_get(&reply, "k")) == NULL ||
		    strcmp(got, value) != 0)
			abort();
	}
	return (0);
}
