/* SPDX-License-Identifier: MIT */
#ifndef PROTO_H
#define PROTO_H

#include <stddef.h>
#include <stdint.h>

/*
 * The socket protocol, shared by schemad and schemactl: one request a line,
 * one reply a line. A reply is the state word, then key=value fields; a
 * value with a space, a quote or a backslash, or an empty one, is quoted
 * ("...", with \" and \\), as in logfmt.
 */

#define PROTO_MAXLINE	512	/* longest request line, newline included */
#define PROTO_MAXREPLY	2048	/* longest reply line */
#define PROTO_MAXFIELDS	32

enum proto_type {
	PROTO_STATUS,		/* STATUS: answer now */
	PROTO_WAIT,		/* WAIT [timeout_ms] [version=N] */
	PROTO_PING,		/* PING: PONG */
	PROTO_INVALID		/* answer ERROR <why> */
};

struct proto_request {
	enum proto_type	 type;
	long		 timeout_ms;	/* WAIT; -1: as long as the server allows */
	int64_t		 version;	/* WAIT: at least; 0: any */
	const char	*error;		/* PROTO_INVALID: why */
};

/* A parsed reply line; the strings point into the line that was parsed. */
struct proto_reply {
	char	*word;			/* READY, FAILED, ..., PONG, ERROR */
	size_t	 nfields;
	char	*keys[PROTO_MAXFIELDS];
	char	*values[PROTO_MAXFIELDS];
};

struct state;

int	proto_parse_request(const char *line, struct proto_request *req);
void	proto_state(const struct state *st, int show, char *buf,
	    size_t size);
void	proto_field(char *buf, size_t size, const char *key,
	    const char *value);
void	proto_field_int(char *buf, size_t size, const char *key, long value);
int	proto_parse_reply(char *line, struct proto_reply *reply);
const char *proto_reply_get(const struct proto_reply *reply,
	    const char *key);

#endif
