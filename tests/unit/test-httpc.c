/* SPDX-License-Identifier: MIT */
#include <event2/buffer.h>
#include <event2/http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "httpc.h"
#include "role.h"
#include "tap.h"

/*
 * The HTTP client, against a server of libevent's on loopback in a thread
 * of its own playing LiteFS's node API; and the role that its /info gives.
 */

static const char	*info = "{\"isPrimary\":false}";

static void
serve(struct evhttp_request *req, void *arg)
{
	struct evbuffer	*out = evbuffer_new();

	(void)arg;
	if (strcmp(evhttp_request_get_uri(req), "/info") == 0) {
		evbuffer_add_printf(out, "%s", info);
		evhttp_send_reply(req, 200, "OK", out);
	} else {
		evbuffer_add_printf(out, "not found");
		evhttp_send_reply(req, 404, "Not Found", out);
	}
	evbuffer_free(out);
}

/* The role resolved, and whether it was learned as how says. */
static int
role_of(const struct config *conf, enum role_how how)
{
	struct role_info	ri;

	role_resolve(conf, 1, &ri);
	is_str(role_how_name(ri.how), role_how_name(how), "learned from %s",
	    role_how_name(how));
	return ((int)ri.role);
}

int
main(void)
{
	struct config	 conf;
	char		 url[64], *body, *cause = NULL;

	snprintf(url, sizeof url, "http://127.0.0.1:%d", tap_http(serve));

	{
		char	target[96];

		snprintf(target, sizeof target, "%s/info", url);
		is_int(httpc_get(target, 2, &body, &cause), 200, "GET: 200");
		is_str(body, info, "and the body");
		free(body);
		snprintf(target, sizeof target, "%s/nosuch", url);
		is_int(httpc_get(target, 2, &body, &cause), 404,
		    "another status is returned as it is");
		free(body);
	}
	is_int(httpc_get("http://127.0.0.1:1/info", 2, &body, &cause), -1,
	    "nobody listening: -1");
	tap_ok(cause != NULL && strstr(cause, "127.0.0.1:1") != NULL,
	    "with a cause naming the URL: %s", cause ? cause : "");
	free(cause);
	cause = NULL;
	is_int(httpc_get("not a url", 2, &body, &cause), -1, "not a URL: -1");
	free(cause);

	config_init(&conf);
	free(conf.database);
	conf.database = strdup("/nonexistent/app.db");
	conf.litefs_url = strdup(url);
	is_int(role_of(&conf, ROLE_LITEFS_API), ROLE_FOLLOWER,
	    "/info says isPrimary false: a follower (no .primary needed)");
	info = "{\"isPrimary\":true}";
	is_int(role_of(&conf, ROLE_LITEFS_API), ROLE_PRIMARY,
	    "isPrimary true: the primary");
	info = "{\"nothing\":1}";
	is_int(role_of(&conf, ROLE_ONLY), ROLE_PRIMARY,
	    "an answer without isPrimary: .primary decides (none: primary)");
	free(conf.litefs_url);
	conf.litefs_url = strdup("http://127.0.0.1:1");
	is_int(role_of(&conf, ROLE_ONLY), ROLE_PRIMARY,
	    "no answer: .primary decides (none: primary)");
	config_free(&conf);
	/* The server's thread ends with the test. */
	return (tap_done());
}
