/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <inttypes.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "proto.h"
#include "state.h"

/*
 * Parsing and formatting of the socket protocol; pure functions, no I/O.
 *
 *	request	= ("STATUS" | "PING" | "WAIT" [SP timeout_ms] [SP "version=" N])
 *		  [CR] LF
 *	reply	= word *(SP key "=" value) LF
 *
 * Request words are case-insensitive. Anything else is answered with
 * "ERROR <why>", and the connection goes on. A reply to STATUS or WAIT is
 * the state (proto_state): its word, then its fields (state.c's table)
 * for the channel.
 */

static int	parse_number(const char *, long long, long long, long long *);

static int
parse_number(const char *s, long long min, long long max, long long *out)
{
	char		*end;
	long long	 n;

	if (!isdigit((unsigned char)*s))
		return (-1);
	errno = 0;
	n = strtoll(s, &end, 10);
	if (*end != '\0' || errno == ERANGE || n < min || n > max)
		return (-1);
	*out = n;
	return (0);
}

/* Parse one request line (without its newline). */
int
proto_parse_request(const char *line, struct proto_request *req)
{
	char	 buf[PROTO_MAXLINE], *word, *last, *arg;
	long long n;

	memset(req, 0, sizeof *req);
	req->type = PROTO_INVALID;
	req->timeout_ms = -1;
	if (strlen(line) >= sizeof buf) {
		req->error = "request too long";
		return (req->type);
	}
	strcpy(buf, line);
	buf[strcspn(buf, "\r")] = '\0';
	if ((word = strtok_r(buf, " \t", &last)) == NULL) {
		req->error = "empty request";
		return (req->type);
	}
	if (strcasecmp(word, "STATUS") == 0 || strcasecmp(word, "PING") == 0) {
		if (strtok_r(NULL, " \t", &last) != NULL) {
			req->error = "unexpected argument";
			return (req->type);
		}
		req->type = toupper((unsigned char)*word) == 'S' ?
		    PROTO_STATUS : PROTO_PING;
		return (req->type);
	}
	if (strcasecmp(word, "WAIT") != 0) {
		req->error = "unknown request (STATUS, WAIT [timeout_ms], PING)";
		return (req->type);
	}
	while ((arg = strtok_r(NULL, " \t", &last)) != NULL) {
		if (strncasecmp(arg, "version=", 8) == 0 && req->version == 0 &&
		    parse_number(arg + 8, 1, INT64_MAX, &n) == 0)
			req->version = n;
		else if (req->timeout_ms == -1 && parse_number(arg, 0, LONG_MAX,
		    &n) == 0)
			req->timeout_ms = n;
		else {
			req->error = "bad WAIT argument (WAIT [timeout_ms] "
			    "[version=N])";
			return (req->type);
		}
	}
	req->type = PROTO_WAIT;
	return (req->type);
}

/* Append " key=value" to the NUL-terminated buf, quoting as needed. */
void
proto_field(char *buf, size_t size, const char *key, const char *value)
{
	size_t		 len = strlen(buf);
	const char	*p;
	int		 quote;

	quote = *value == '\0' || strpbrk(value, " \t\"\\=") != NULL;
	len += snprintf(buf + len, len < size ? size - len : 0, " %s=%s", key,
	    quote ? "\"" : "");
	for (p = value; *p != '\0' && len + 3 < size; p++) {
		if (*p == '"' || *p == '\\')
			buf[len++] = '\\';
		buf[len++] = iscntrl((unsigned char)*p) ? ' ' : *p;
	}
	if (quote && len + 1 < size)
		buf[len++] = '"';
	if (len < size)
		buf[len] = '\0';
}

void
proto_field_int(char *buf, size_t size, const char *key, long value)
{
	char	num[32];

	snprintf(num, sizeof num, "%ld", value);
	proto_field(buf, size, key, num);
}

/* Split a reply line in place into its word and fields. */
int
proto_parse_reply(char *line, struct proto_reply *reply)
{
	char	*p = line, *out;

	memset(reply, 0, sizeof *reply);
	line[strcspn(line, "\r\n")] = '\0';
	reply->word = p;
	p += strcspn(p, " ");
	while (*p == ' ') {
		*p++ = '\0';
		if (*p == '\0' || reply->nfields == PROTO_MAXFIELDS)
			break;
		reply->keys[reply->nfields] = p;
		if ((p = strchr(p, '=')) == NULL)
			return (-1);
		*p++ = '\0';
		reply->values[reply->nfields++] = out = p;
		if (*p != '"') {
			p += strcspn(p, " ");
			continue;
		}
		for (p++; *p != '"'; p++) {
			if (*p == '\0')
				return (-1);
			if (*p == '\\' && p[1] != '\0')
				p++;
			*out++ = *p;
		}
		*out = '\0';
		p++;
	}
	return (*reply->word == '\0' ? -1 : 0);
}

const char *
proto_reply_get(const struct proto_reply *reply, const char *key)
{
	size_t	i;

	for (i = 0; i < reply->nfields; i++) {
		if (strcmp(reply->keys[i], key) == 0)
			return (reply->values[i]);
	}
	return (NULL);
}

struct line {
	char	*buf;
	size_t	 size;
};

static void
line_field(const struct state_field *f, void *arg)
{
	struct line	*l = arg;

	proto_field(l->buf, l->size, f->key, f->value);
}

/* The reply line for a state: its word, then the fields for show. */
void
proto_state(const struct state *s, int show, char *buf, size_t size)
{
	struct line	l = { buf, size };

	snprintf(buf, size, "%s", state_word(s->name));
	state_walk(s, show, line_field, &l);
}
