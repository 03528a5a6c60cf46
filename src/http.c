/* SPDX-License-Identifier: MIT */
#include <sys/queue.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "json.h"
#include "listener.h"
#include "log.h"
#include "proto.h"
#include "state.h"
#include "xmalloc.h"

/*
 * The optional HTTP probes (libevent's evhttp), for Kubernetes and the
 * like; off unless [http] listen is set. GET and HEAD only (405, in text,
 * to the rest); every reply says its Content-Length, HEAD's too, and HEAD
 * gets no body (evhttp 2.1 would send it, and a client keeping the
 * connection would read it as the start of the next reply):
 *
 *	/readyz		200 when READY, 503 otherwise; the state as the
 *			socket's WAIT reply says it
 *	/livez		200 while the daemon runs
 *	/status		the state as JSON
 *	/metrics	Prometheus text format
 *
 * Like the socket, every answer derives from the one state, and shows the
 * fields that state.c's table marks for it.
 *
 * HTTP must never take the descriptors that the UNIX socket needs, so its
 * connections are capped (max_connections). evhttp asks http_bev() for the
 * bufferevent of each connection it accepts, and keeps no count; so a
 * reference to each is kept here, on a list, oldest first. The descriptor
 * is closed when the last reference goes (BEV_OPT_CLOSE_ON_FREE): so every
 * descriptor HTTP has open is on the list. evhttp frees a bufferevent when
 * it is done with the connection, which clears its callbacks; each accept,
 * and a timer each second (an accept may wait for a descriptor that only
 * a sweep gives back), drop the references to those (http_sweep). At the
 * cap, the oldest connection is shut down, and evhttp, reading its end,
 * closes it.
 *
 * Some requests libevent answers itself, with evhttp_send_error(), before
 * http_route sees them: a malformed or oversized request line or header
 * (400), a body over HTTP_MAX_BODY, or a malformed chunk (413), an Expect
 * other than 100-continue (417). That page is HTML, and libevent 2.1 has
 * no hook for it (evhttp_set_errorcb came in 2.2), nor a way to see a
 * request before its headers are read (evhttp_set_newreqcb, 2.2 too). So
 * the page is rewritten in the connection's output buffer, where
 * evhttp_send_error() puts head and body at once, before the socket is
 * written to: a callback on that buffer (http_output_cb) waits for a head
 * of type text/html (only libevent's pages have one) and the body after
 * it, and http_retext() puts in its place the same status and headers,
 * text/plain, and a line naming the fault. The page is always the
 * connection's last reply (Connection: close, and evhttp closes it), and
 * evhttp reads no request before the last reply is written out: so the
 * buffer holds that page alone, after a "100 Continue" at most, and a
 * request sent behind the bad one gets no answer. A page without
 * Content-Length answers a HEAD (libevent leaves it out only then): it
 * gets one, but no body, as our own replies to HEAD.
 *
 * A bufferevent filter would see the same bytes, but evhttp 2.1 writes a
 * reply while writing is disabled and then enables it, which a filter
 * does not notice (it stalls); and evhttp would take a reply as sent once
 * the filter, not the socket, had it, and shut the socket down under it.
 */

#define HTTP_MAX_BODY	4096	/* a body larger gets libevent's 413 */
#define HTTP_MAX_HEAD	1024	/* libevent's pages have shorter heads */
#define HTTP_SWEEP_SEC	1	/* closed connections given back this often */

/* A connection evhttp accepted. */
struct http_conn {
	struct bufferevent	*bev;	/* referenced until evhttp is done */
	int			 shut;	/* shut down to make room */
	TAILQ_ENTRY(http_conn)	 entry;
};

static struct evhttp		*http;
static struct evconnlistener	*listener;	/* http's, guarded */
static struct event		*sweeper;	/* http_sweep, each second */
static TAILQ_HEAD(, http_conn)	 conns = TAILQ_HEAD_INITIALIZER(conns);
static int			 nconns, nshut, max_conns;

static void	http_reply(struct evhttp_request *, int, const char *,
		    const char *, size_t);
static void	http_text(struct evhttp_request *, int, const char *);
static void	http_readyz(struct evhttp_request *);
static void	http_json_field(const struct state_field *, void *);
static void	http_status(struct evhttp_request *);
static void	http_metric(const struct state_field *, void *);
static void	http_metrics(struct evhttp_request *);
static void	http_route(struct evhttp_request *, void *);
static size_t	http_head_end(const char *, size_t, size_t);
static const char *http_fault(int, const char *, char *, size_t);
static void	http_retext(struct evbuffer *, size_t, const char *);
static void	http_output_cb(struct evbuffer *,
		    const struct evbuffer_cb_info *, void *);
static void	http_conn_free(struct http_conn *);
static void	http_sweep(void);
static void	http_sweep_timer(evutil_socket_t, short, void *);
static struct bufferevent *http_bev(struct event_base *, void *);

static void
http_reply(struct evhttp_request *req, int code, const char *type,
    const char *body, size_t len)
{
	struct evkeyvalq	*headers = evhttp_request_get_output_headers(req);
	struct evbuffer		*buf = evbuffer_new();
	char			 length[32];

	if (buf == NULL) {
		evhttp_send_error(req, 500, NULL);
		return;
	}
	snprintf(length, sizeof length, "%zu", len);
	evhttp_add_header(headers, "Content-Type", type);
	evhttp_add_header(headers, "Content-Length", length);
	evhttp_add_header(headers, "Cache-Control", "no-store");
	if (code == 405)
		evhttp_add_header(headers, "Allow", "GET, HEAD");
	if (evhttp_request_get_command(req) != EVHTTP_REQ_HEAD)
		evbuffer_add(buf, body, len);
	evhttp_send_reply(req, code, code == 200 ? "OK" :
	    code == 503 ? "Service Unavailable" : code == 405 ?
	    "Method Not Allowed" : "Not Found", buf);
	evbuffer_free(buf);
}

static void
http_text(struct evhttp_request *req, int code, const char *text)
{
	http_reply(req, code, "text/plain; charset=utf-8", text,
	    strlen(text));
}

static void
http_readyz(struct evhttp_request *req)
{
	const struct state	*st = state_get();
	char			 body[PROTO_MAXREPLY];

	proto_state(st, STATE_SHOW_WAIT, body, sizeof body - 1);
	strcat(body, "\n");
	http_text(req, st->name == STATE_READY ? 200 : 503, body);
}

static void
http_json_field(const struct state_field *f, void *arg)
{
	json_t	*v;

	if (!f->number)
		v = jout_text(f->value);
	else if (strchr(f->value, '.') != NULL)
		v = json_real(strtod(f->value, NULL));
	else
		v = json_integer(strtoll(f->value, NULL, 10));
	json_object_set_new(arg, f->key, v);
}

/* The state as one JSON object: its word, then the fields it has. */
static void
http_status(struct evhttp_request *req)
{
	const struct state	*st = state_get();
	json_t			*o;
	FILE			*fp;
	char			*body = NULL;
	size_t			 len = 0;

	if ((fp = open_memstream(&body, &len)) == NULL)
		fatal("open_memstream");
	o = json_pack("{s:s}", "state", state_word(st->name));
	state_walk(st, STATE_SHOW_JSON, http_json_field, o);
	jout_print(fp, o);
	fclose(fp);
	http_reply(req, 200, "application/json", body, len);
	free(body);
}

static void
http_metric(const struct state_field *f, void *arg)
{
	fprintf(arg, "# HELP %s %s\n# TYPE %s %s\n%s %s\n", f->metric,
	    f->help, f->metric, f->type, f->metric, f->value);
}

/* Prometheus text: readiness and the state's word, then its fields. */
static void
http_metrics(struct evhttp_request *req)
{
	const struct state	*st = state_get();
	FILE			*fp;
	char			*body = NULL;
	size_t			 len = 0;
	int			 i;

	if ((fp = open_memstream(&body, &len)) == NULL)
		fatal("open_memstream");
	fprintf(fp, "# HELP schemad_build_info The version of schemad that "
	    "runs.\n# TYPE schemad_build_info gauge\n"
	    "schemad_build_info{version=\"%s\"} 1\n", PACKAGE_VERSION);
	fprintf(fp, "# HELP schemad_ready 1 when the schema is current.\n"
	    "# TYPE schemad_ready gauge\nschemad_ready %d\n",
	    st->name == STATE_READY);
	fprintf(fp, "# HELP schemad_state The daemon's state.\n"
	    "# TYPE schemad_state gauge\n");
	for (i = STATE_STARTING; i <= STATE_STOPPING; i++)
		fprintf(fp, "schemad_state{state=\"%s\"} %d\n",
		    state_word(i), st->name == (enum state_name)i);
	state_walk(st, STATE_SHOW_METRIC, http_metric, fp);
	fclose(fp);
	http_reply(req, 200, "text/plain; version=0.0.4; charset=utf-8", body,
	    len);
	free(body);
}

static void
http_route(struct evhttp_request *req, void *arg)
{
	const struct evhttp_uri	*uri = evhttp_request_get_evhttp_uri(req);
	const char		*path = uri != NULL ?
				    evhttp_uri_get_path(uri) : NULL;

	(void)arg;
	if (path == NULL)
		path = "";
	if (evhttp_request_get_command(req) != EVHTTP_REQ_GET &&
	    evhttp_request_get_command(req) != EVHTTP_REQ_HEAD)
		http_text(req, 405, "method not allowed: GET or HEAD\n");
	else if (strcmp(path, "/readyz") == 0)
		http_readyz(req);
	else if (strcmp(path, "/livez") == 0)
		http_text(req, 200, "ok\n");
	else if (strcmp(path, "/status") == 0)
		http_status(req);
	else if (strcmp(path, "/metrics") == 0)
		http_metrics(req);
	else
		http_text(req, 404, "not found: /readyz, /livez, /status, "
		    "/metrics\n");
}

/* Where the head that starts at START ends, past its blank line; or 0. */
static size_t
http_head_end(const char *data, size_t len, size_t start)
{
	const char	*crlf2;

	crlf2 = memmem(data + start, len - start, "\r\n\r\n", 4);
	return (crlf2 == NULL ? 0 : (size_t)(crlf2 - data) + 4);
}

/* The line that says what was wrong, for a page of libevent's. */
static const char *
http_fault(int code, const char *reason, char *text, size_t len)
{
	switch (code) {
	case 400:
		return ("bad request: a malformed or oversized request line or "
		    "header\n");
	case 413:
		snprintf(text, len, "payload too large or malformed: a body of "
		    "at most %d bytes\n", HTTP_MAX_BODY);
		return (text);
	case 417:
		return ("expectation failed: only 100-continue\n");
	}
	snprintf(text, len, "%.*s\n", (int)strcspn(reason, "\r"), reason);
	return (text);
}

/*
 * Put text in place of libevent's page, whose head (HEAD, a string) starts
 * at START in BUF and runs to the page's end.
 */
static void
http_retext(struct evbuffer *buf, size_t start, const char *head)
{
	struct evbuffer	*out;
	const char	*line, *eol, *text, *reason = "";
	char		 textbuf[128];
	int		 code = 0, n = 0, body;

	if ((out = evbuffer_new()) == NULL)
		fatalx("evbuffer_new");
	evbuffer_unfreeze(buf, 1);	/* the socket's, as evhttp does */
	evbuffer_remove_buffer(buf, out, start);	/* a 100 Continue */
	if (sscanf(head, "HTTP/%*u.%*u %3d %n", &code, &n) == 1 && n > 0)
		reason = head + n;
	text = http_fault(code, reason, textbuf, sizeof textbuf);
	body = strcasestr(head, "\r\nContent-Length:") != NULL;
	for (line = head; (eol = strstr(line, "\r\n")) != line;
	    line = eol + 2) {
		if (strncasecmp(line, "Content-Type:", 13) != 0 &&
		    strncasecmp(line, "Content-Length:", 15) != 0)
			evbuffer_add(out, line, eol + 2 - line);
	}
	evbuffer_add_printf(out, "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Length: %zu\r\nCache-Control: no-store\r\n\r\n%s",
	    strlen(text), body ? text : "");
	evbuffer_drain(buf, evbuffer_get_length(buf));
	evbuffer_freeze(buf, 1);
	evbuffer_add_buffer(buf, out);
	evbuffer_free(out);
}

/*
 * Bytes were added to a connection's output: if they complete a page of
 * libevent's, a text/html head and its body, put text in its place.
 */
static void
http_output_cb(struct evbuffer *buf, const struct evbuffer_cb_info *info,
    void *arg)
{
	char		 head[HTTP_MAX_HEAD + 1];
	const char	*data;
	size_t		 len, start = 0, end;

	(void)arg;
	if (info->n_added == 0)
		return;
	len = evbuffer_get_length(buf);
	if (len > 2 * HTTP_MAX_HEAD)	/* a 100 Continue, a head */
		len = 2 * HTTP_MAX_HEAD;
	if ((data = (const char *)evbuffer_pullup(buf, len)) == NULL)
		return;
	for (;;) {
		end = http_head_end(data, len, start);
		if (end == 0 || end - start > HTTP_MAX_HEAD)
			return;
		if (strncmp(data + start, "HTTP/1.1 1", 10) != 0 &&
		    strncmp(data + start, "HTTP/1.0 1", 10) != 0)
			break;
		start = end;				/* a 100 Continue */
	}
	memcpy(head, data + start, end - start);
	head[end - start] = '\0';
	if (end < evbuffer_get_length(buf) &&
	    strcasestr(head, "\r\nContent-Type: text/html") != NULL)
		http_retext(buf, start, head);
}

static void
http_conn_free(struct http_conn *c)
{
	TAILQ_REMOVE(&conns, c, entry);
	bufferevent_decref(c->bev);	/* the last reference: closes it */
	nshut -= c->shut;
	nconns--;
	free(c);
}

/*
 * Drop the connections evhttp is done with: it cleared their callbacks.
 * The event callback, not the read one, which evhttp clears while it
 * writes a reply too.
 */
static void
http_sweep(void)
{
	struct http_conn	*c, *next;
	bufferevent_event_cb	 eventcb;

	for (c = TAILQ_FIRST(&conns); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry);
		bufferevent_getcb(c->bev, NULL, NULL, &eventcb, NULL);
		if (eventcb == NULL)
			http_conn_free(c);
	}
}

static void
http_sweep_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	http_sweep();
}

/*
 * evhttp accepted a connection and wants its bufferevent: count it, and at
 * the cap shut the oldest one down to make room.
 */
static struct bufferevent *
http_bev(struct event_base *base, void *arg)
{
	struct http_conn	*c;
	evutil_socket_t		 fd;

	(void)arg;
	http_sweep();
	TAILQ_FOREACH(c, &conns, entry) {
		if (nconns - nshut < max_conns)
			break;
		if (c->shut)
			continue;
		if ((fd = bufferevent_getfd(c->bev)) != -1)
			shutdown(fd, SHUT_RDWR);
		c->shut = 1;
		nshut++;
	}
	c = xcalloc(1, sizeof *c);
	c->bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (c->bev == NULL) {
		free(c);
		return (NULL);
	}
	if (evbuffer_add_cb(bufferevent_get_output(c->bev), http_output_cb,
	    NULL) == NULL) {
		bufferevent_free(c->bev);
		free(c);
		return (NULL);
	}
	bufferevent_incref(c->bev);
	TAILQ_INSERT_TAIL(&conns, c, entry);
	nconns++;
	return (c->bev);
}

/* Listen on ADDR:PORT ("127.0.0.1:9090", "[::1]:9090"). */
int
http_listen(struct event_base *base, const char *addr, int max,
    char **cause)
{
	struct evhttp_bound_socket	*bound;
	struct timeval			 tv = { HTTP_SWEEP_SEC, 0 };
	char				*host, *colon, *end;
	long				 port;

	host = xstrdup(addr);
	if ((colon = strrchr(host, ':')) == NULL) {
		xasprintf(cause, "http: '%s' is not ADDR:PORT", addr);
		free(host);
		return (-1);
	}
	*colon = '\0';
	port = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || port < 1 || port > 65535) {
		xasprintf(cause, "http: '%s': bad port", addr);
		free(host);
		return (-1);
	}
	if (*host == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	if ((http = evhttp_new(base)) == NULL ||
	    (bound = evhttp_bind_socket_with_handle(http, host,
	    (ev_uint16_t)port)) == NULL ||
	    listener_guard(base, (listener = evhttp_bound_socket_get_listener(
	    bound)), "http") != 0) {
		xasprintf(cause, "http: cannot listen on %s", addr);
		free(host);
		return (-1);
	}
	/* Every method reaches http_route, which answers 405 in text. */
	evhttp_set_allowed_methods(http, ~0);
	evhttp_set_max_headers_size(http, 8192);
	evhttp_set_max_body_size(http, HTTP_MAX_BODY);
	evhttp_set_timeout(http, 10);
	evhttp_set_gencb(http, http_route, NULL);
	evhttp_set_bevcb(http, http_bev, NULL);
	max_conns = max;
	sweeper = event_new(base, -1, EV_PERSIST, http_sweep_timer, NULL);
	if (sweeper == NULL || event_add(sweeper, &tv) != 0) {
		xasprintf(cause, "http: cannot start its timer");
		free(host);
		return (-1);
	}
	log_info("http: listening on %s (at most %d connections)", addr, max);
	free(host);
	return (0);
}

void
http_close(void)
{
	listener_forget(listener);
	listener = NULL;
	if (sweeper != NULL)
		event_free(sweeper);
	sweeper = NULL;
	if (http != NULL)
		evhttp_free(http);
	http = NULL;
	http_sweep();
	while (!TAILQ_EMPTY(&conns))	/* none, unless evhttp kept one */
		http_conn_free(TAILQ_FIRST(&conns));
}

/* The HTTP connections open now, and those shut down to make room. */
void
http_connections(int *open, int *shut)
{
	*open = nconns;
	*shut = nshut;
}
