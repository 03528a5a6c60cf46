/* SPDX-License-Identifier: MIT */
#include <sys/socket.h>

#include <event2/event.h>
#include <event2/http.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static int	tap_count;
static int	tap_failed;

int
tap_ok(int cond, const char *fmt, ...)
{
	va_list	ap;

	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	return (cond);
}

void
tap_diag(const char *fmt, ...)
{
	va_list	ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

void
tap_skip(const char *why, const char *fmt, ...)
{
	va_list	ap;

	tap_count++;
	printf("ok %d - ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", why);
}

int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return (tap_failed == 0 ? 0 : 1);
}

/* Write text into dir/file (a test's fixture); a failure ends the test. */
void
tap_put(const char *dir, const char *file, const char *text)
{
	char	 path[1024];
	FILE	*fp;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	if ((fp = fopen(path, "w")) == NULL || fputs(text, fp) == EOF ||
	    fclose(fp) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

static void *
tap_http_loop(void *arg)
{
	event_base_dispatch(arg);
	return (NULL);
}

/* Serve HTTP on 127.0.0.1 from a thread of its own; the port. */
int
tap_http(void (*serve)(struct evhttp_request *, void *))
{
	struct event_base		*base;
	struct evhttp			*http;
	struct evhttp_bound_socket	*bound;
	struct sockaddr_in		 sin;
	socklen_t			 len = sizeof sin;
	pthread_t			 thread;

	if ((base = event_base_new()) == NULL ||
	    (http = evhttp_new(base)) == NULL ||
	    (bound = evhttp_bind_socket_with_handle(http, "127.0.0.1", 0)) ==
	    NULL ||
	    getsockname(evhttp_bound_socket_get_fd(bound),
	    (struct sockaddr *)&sin, &len) != 0)
		abort();
	evhttp_set_gencb(http, serve, NULL);
	if (pthread_create(&thread, NULL, tap_http_loop, base) != 0)
		abort();
	return (ntohs(sin.sin_port));
}

int
tap_starts(const char *s, const char *prefix)
{
	return (strncmp(s, prefix, strlen(prefix)) == 0);
}

/*
 * What the code under test writes to fd (the log on stderr, schemactl's
 * answers on stdout), from tap_capture_begin() to tap_capture_end(),
 * which returns it (the caller frees it). No TAP line may be printed
 * between.
 */
static int	capture_fd = -1, capture_saved = -1;
static FILE	*capture_file;

void
tap_capture_begin(int fd)
{
	fflush(stdout);
	fflush(stderr);
	capture_fd = fd;
	if ((capture_file = tmpfile()) == NULL ||
	    (capture_saved = dup(fd)) == -1 ||
	    dup2(fileno(capture_file), fd) == -1)
		abort();
}

char *
tap_capture_end(void)
{
	char	*text;
	long	 len;

	fflush(stdout);
	fflush(stderr);
	if (dup2(capture_saved, capture_fd) == -1)
		abort();
	close(capture_saved);
	len = ftell(capture_file);
	if ((text = calloc(1, (size_t)len + 1)) == NULL)
		abort();
	rewind(capture_file);
	if (len > 0 && fread(text, 1, (size_t)len, capture_file) !=
	    (size_t)len)
		abort();
	fclose(capture_file);
	return (text);
}
