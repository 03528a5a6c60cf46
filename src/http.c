/* SPDX-License-Identifier: MIT */
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http.h"
#include "json.h"
#include "log.h"
#include "ready.h"
#include "state.h"
#include "xmalloc.h"

/*
 * The optional HTTP probes (libevent's evhttp), for Kubernetes and the
 * like; off unless [http] listen is set. GET and HEAD only (evhttp answers
 * 405 to the rest):
 *
 *	/readyz		200 when READY, 503 otherwise
 *	/livez		200 while the daemon runs
 *	/status		the state as JSON
 *	/metrics	Prometheus text format
 *
 * Like the socket, every answer derives from the one state.
 */

static struct evhttp	*http;

static void	http_reply(struct evhttp_request *, int, const char *,
		    const char *, size_t);
static void	http_readyz(struct evhttp_request *);
static void	http_status(struct evhttp_request *);
static void	http_metrics(struct evhttp_request *);
static void	http_route(struct evhttp_request *, void *);

static void
http_reply(struct evhttp_request *req, int code, const char *type,
    const char *body, size_t len)
{
	struct evbuffer	*buf = evbuffer_new();

	if (buf == NULL) {
		evhttp_send_error(req, 500, NULL);
		return;
	}
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", type);
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Cache-Control", "no-store");
	evbuffer_add(buf, body, len);
	evhttp_send_reply(req, code, code == 200 ? "OK" :
	    code == 503 ? "Service Unavailable" : "Not Found", buf);
	evbuffer_free(buf);
}

static void
http_readyz(struct evhttp_request *req)
{
	const struct state	*st = state_get();
	char			 body[64];
	int			 n;

	n = snprintf(body, sizeof body, "%s version=%d\n",
	    state_word(st->name), st->version);
	http_reply(req, st->name == STATE_READY ? 200 : 503,
	    "text/plain; charset=utf-8", body, (size_t)n);
}

static void
http_status(struct evhttp_request *req)
{
	const struct state	*st = state_get();
	struct tm		 tm;
	FILE			*fp;
	char			*body = NULL, since[32];
	size_t			 len = 0;
	int			 first = 1;

	if ((fp = open_memstream(&body, &len)) == NULL)
		fatal("open_memstream");
	gmtime_r(&st->since.tv_sec, &tm);
	strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &tm);
	fputc('{', fp);
	json_key(fp, &first, "state");
	json_string(fp, state_word(st->name));
	json_key(fp, &first, "version");
	fprintf(fp, "%d", st->version);
	json_key(fp, &first, "target");
	fprintf(fp, "%d", st->target);
	json_key(fp, &first, "step");
	fprintf(fp, "%d", st->step);
	json_key(fp, &first, "steps");
	fprintf(fp, "%d", st->nsteps);
	json_key(fp, &first, "migration");
	json_string(fp, st->migration);
	json_key(fp, &first, "error");
	json_string(fp, st->error);
	json_key(fp, &first, "since");
	json_string(fp, since);
	json_key(fp, &first, "waiting");
	fprintf(fp, "%d", ready_waiting());
	fputs("}\n", fp);
	fclose(fp);
	http_reply(req, 200, "application/json", body, len);
	free(body);
}

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
	fprintf(fp, "# HELP schemad_schema_version The database's "
	    "user_version.\n# TYPE schemad_schema_version gauge\n"
	    "schemad_schema_version %d\n", st->version);
	fprintf(fp, "# HELP schemad_target_version The newest migration's "
	    "version.\n# TYPE schemad_target_version gauge\n"
	    "schemad_target_version %d\n", st->target);
	fprintf(fp, "# HELP schemad_ready 1 when the schema is current.\n"
	    "# TYPE schemad_ready gauge\nschemad_ready %d\n",
	    st->name == STATE_READY);
	fprintf(fp, "# HELP schemad_state The daemon's state.\n"
	    "# TYPE schemad_state gauge\n");
	for (i = STATE_STARTING; i <= STATE_STOPPING; i++)
		fprintf(fp, "schemad_state{state=\"%s\"} %d\n",
		    state_word(i), st->name == (enum state_name)i);
	fprintf(fp, "# HELP schemad_last_run_duration_seconds How long the "
	    "last migration run took.\n"
	    "# TYPE schemad_last_run_duration_seconds gauge\n"
	    "schemad_last_run_duration_seconds %.6f\n", st->last_run_sec);
	fprintf(fp, "# HELP schemad_migrations_applied_total Migrations "
	    "applied since start.\n"
	    "# TYPE schemad_migrations_applied_total counter\n"
	    "schemad_migrations_applied_total %ld\n", st->applied);
	fprintf(fp, "# HELP schemad_failures_total Failed migration runs "
	    "since start.\n# TYPE schemad_failures_total counter\n"
	    "schemad_failures_total %ld\n", st->failures);
	fprintf(fp, "# HELP schemad_waiting_clients Socket clients in a "
	    "WAIT.\n# TYPE schemad_waiting_clients gauge\n"
	    "schemad_waiting_clients %d\n", ready_waiting());
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
	if (strcmp(path, "/readyz") == 0)
		http_readyz(req);
	else if (strcmp(path, "/livez") == 0)
		http_reply(req, 200, "text/plain; charset=utf-8", "ok\n", 3);
	else if (strcmp(path, "/status") == 0)
		http_status(req);
	else if (strcmp(path, "/metrics") == 0)
		http_metrics(req);
	else
		http_reply(req, 404, "text/plain; charset=utf-8",
		    "not found: /readyz, /livez, /status, /metrics\n", 46);
}

/* Listen on ADDR:PORT ("127.0.0.1:9090", "[::1]:9090"). */
int
http_listen(struct event_base *base, const char *addr, char **cause)
{
	char	*host, *colon, *end;
	long	 port;

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
	    evhttp_bind_socket(http, host, (ev_uint16_t)port) != 0) {
		xasprintf(cause, "http: cannot listen on %s", addr);
		free(host);
		return (-1);
	}
	evhttp_set_allowed_methods(http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD);
	evhttp_set_max_headers_size(http, 8192);
	evhttp_set_max_body_size(http, 0);
	evhttp_set_timeout(http, 10);
	evhttp_set_gencb(http, http_route, NULL);
	log_info("http: listening on %s", addr);
	free(host);
	return (0);
}

void
http_close(void)
{
	if (http != NULL)
		evhttp_free(http);
	http = NULL;
}
