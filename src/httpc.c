/* SPDX-License-Identifier: MIT */
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "httpc.h"
#include "xmalloc.h"

/*
 * A small HTTP client: one request, made and answered before it returns,
 * on an event loop of its own (libevent's evhttp), so that any thread may
 * call it. For LiteFS's node API (GET /info) and rqlite (POST JSON).
 */

struct reply {
	struct event_base	*base;
	int			 status;	/* 0: no response */
	char			*body;
	char			*error;
};

static void
httpc_done(struct evhttp_request *req, void *arg)
{
	struct reply		*r = arg;
	struct evbuffer		*in;
	size_t			 len;

	/* Answered: the loop ends here, not when the server closes. */
	event_base_loopbreak(r->base);
	if (req == NULL || evhttp_request_get_response_code(req) == 0) {
		r->error = xstrdup("no response");
		return;
	}
	r->status = evhttp_request_get_response_code(req);
	in = evhttp_request_get_input_buffer(req);
	len = evbuffer_get_length(in);
	r->body = xmalloc(len + 1);
	evbuffer_remove(in, r->body, len);
	r->body[len] = '\0';
}

int
httpc_get(const char *url, int timeout_s, char **body, char **cause)
{
	return (httpc_request(url, NULL, timeout_s, body, cause));
}

/*
 * GET url, or POST json to it, waiting at most timeout_s seconds. Returns
 * the HTTP status with the body in *body (the caller frees it), or -1
 * with a cause.
 */
int
httpc_request(const char *url, const char *json, int timeout_s, char **body,
    char **cause)
{
	struct evhttp_uri		*uri;
	struct event_base		*base = NULL;
	struct evhttp_connection	*conn = NULL;
	struct evhttp_request		*req;
	struct reply			 r = { NULL, 0, NULL, NULL };
	const char			*host, *path, *query;
	char				*target;
	int				 port;

	*body = NULL;
	if ((uri = evhttp_uri_parse(url)) == NULL ||
	    (host = evhttp_uri_get_host(uri)) == NULL) {
		xasprintf(cause, "%s: not a URL", url);
		if (uri != NULL)
			evhttp_uri_free(uri);
		return (-1);
	}
	port = evhttp_uri_get_port(uri) > 0 ? evhttp_uri_get_port(uri) : 80;
	path = evhttp_uri_get_path(uri);
	query = evhttp_uri_get_query(uri);
	xasprintf(&target, "%s%s%s", path != NULL && *path != '\0' ? path :
	    "/", query != NULL ? "?" : "", query != NULL ? query : "");
	if ((r.base = base = event_base_new()) == NULL ||
	    (conn = evhttp_connection_base_new(base, NULL, host,
	    (unsigned short)port)) == NULL ||
	    (req = evhttp_request_new(httpc_done, &r)) == NULL) {
		xasprintf(cause, "%s: cannot make the request", url);
		goto out;
	}
	evhttp_connection_set_timeout(conn, timeout_s);
	evhttp_connection_set_retries(conn, 0);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Host",
	    host);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Connection",
	    "close");
	if (json != NULL) {
		evhttp_add_header(evhttp_request_get_output_headers(req),
		    "Content-Type", "application/json");
		evbuffer_add(evhttp_request_get_output_buffer(req), json,
		    strlen(json));
	}
	if (evhttp_make_request(conn, req, json != NULL ? EVHTTP_REQ_POST :
	    EVHTTP_REQ_GET, target) != 0) {
		xasprintf(cause, "%s: cannot send the request", url);
		goto out;
	}
	event_base_dispatch(base);
	if (r.status == 0)
		xasprintf(cause, "%s: %s", url, r.error != NULL ? r.error :
		    "no response");
out:
	if (conn != NULL)
		evhttp_connection_free(conn);
	if (base != NULL)
		event_base_free(base);
	evhttp_uri_free(uri);
	free(target);
	free(r.error);
	if (r.status == 0) {
		free(r.body);
		return (-1);
	}
	*body = r.body;
	return (r.status);
}
