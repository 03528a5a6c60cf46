/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "tap.h"

static void
test_requests(void)
{
	struct proto_request	r;
	char			long_line[PROTO_MAXLINE + 10];

	is_int(proto_parse_request("STATUS", &r), PROTO_STATUS, "STATUS");
	is_int(proto_parse_request("status\r", &r), PROTO_STATUS,
	    "status, lower case, with CR");
	is_int(proto_parse_request("PING", &r), PROTO_PING, "PING");
	is_int(proto_parse_request("WAIT", &r), PROTO_WAIT, "WAIT");
	is_int(r.timeout_ms, -1, "WAIT: no timeout");
	is_int(proto_parse_request("WAIT 1500", &r), PROTO_WAIT, "WAIT 1500");
	is_int(r.timeout_ms, 1500, "WAIT 1500: timeout");
	is_int(proto_parse_request("wait 10 version=7", &r), PROTO_WAIT,
	    "WAIT with a version");
	tap_ok(r.timeout_ms == 10 && r.version == 7, "timeout 10, version 7");
	is_int(proto_parse_request("WAIT version=3", &r), PROTO_WAIT,
	    "WAIT version=3 alone");
	is_int(r.version, 3, "version 3");
	is_int(proto_parse_request("", &r), PROTO_INVALID, "empty: invalid");
	is_int(proto_parse_request("HELLO", &r), PROTO_INVALID, "unknown");
	tap_ok(r.error != NULL && strstr(r.error, "unknown request") != NULL,
	    "unknown: says so");
	is_int(proto_parse_request("WAIT -1", &r), PROTO_INVALID,
	    "negative timeout");
	is_int(proto_parse_request("WAIT 1 2", &r), PROTO_INVALID,
	    "two timeouts");
	is_int(proto_parse_request("WAIT version=0", &r), PROTO_INVALID,
	    "version 0");
	is_int(proto_parse_request("WAIT 99999999999999999999", &r),
	    PROTO_INVALID, "timeout overflow");
	is_int(proto_parse_request("STATUS now", &r), PROTO_INVALID,
	    "STATUS takes no argument");
	memset(long_line, 'A', sizeof long_line - 1);
	long_line[sizeof long_line - 1] = '\0';
	is_int(proto_parse_request(long_line, &r), PROTO_INVALID, "too long");
	is_int(proto_parse_request("\x01\xff\x80", &r), PROTO_INVALID,
	    "binary garbage");
}

static void
test_replies(void)
{
	struct proto_reply	r;
	char			line[PROTO_MAXREPLY];

	snprintf(line, sizeof line, "READY");
	proto_field_int(line, sizeof line, "version", 5);
	proto_field(line, sizeof line, "error", "no such \"table\" \\ here");
	proto_field(line, sizeof line, "empty", "");
	is_str(line, "READY version=5 error=\"no such \\\"table\\\" \\\\ here\" "
	    "empty=\"\"", "fields are quoted as needed");
	is_int(proto_parse_reply(line, &r), 0, "the reply parses back");
	is_str(r.word, "READY", "word");
	is_int(r.nfields, 3, "three fields");
	is_str(proto_reply_get(&r, "version"), "5", "version=5");
	is_str(proto_reply_get(&r, "error"), "no such \"table\" \\ here",
	    "quoted value unquoted");
	is_str(proto_reply_get(&r, "empty"), "", "empty value");
	is_str(proto_reply_get(&r, "nosuch"), NULL, "missing key");

	snprintf(line, sizeof line, "FAILED error=\"unterminated");
	is_int(proto_parse_reply(line, &r), -1, "unterminated quote refused");
	snprintf(line, sizeof line, "PONG\n");
	tap_ok(proto_parse_reply(line, &r) == 0 && strcmp(r.word, "PONG") == 0
	    && r.nfields == 0, "PONG");

	/* Truncation never writes past the buffer nor leaves it unended. */
	{
		char	small[16] = "READY";

		proto_field(small, sizeof small, "error", "a long, long value");
		tap_ok(strlen(small) < sizeof small, "truncated: %s", small);
	}
}

int
main(void)
{
	test_requests();
	test_replies();
	return (tap_done());
}
