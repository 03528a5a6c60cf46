/* SPDX-License-Identifier: MIT */
#ifndef TAP_H
#define TAP_H

/*
 * A minimal TAP producer for the unit tests, read by automake's
 * tap-driver.sh: tap_ok() prints "ok N - ..." or "not ok N - ...",
 * tap_done() prints the plan and returns the exit status. And helpers
 * the tests share: tap_put() writes a file for them; tap_starts() says
 * whether a string begins with a prefix; tap_http() starts an HTTP
 * server of libevent's on loopback, in a thread of its own that lasts as
 * long as the test, which answers every request with serve;
 * tap_capture_begin() and tap_capture_end() catch what is written to a
 * descriptor (the log, stdout) between.
 */
struct evhttp_request;

int	tap_ok(int cond, const char *fmt, ...)
	    __attribute__((__format__ (printf, 2, 3)));
void	tap_diag(const char *fmt, ...)
	    __attribute__((__format__ (printf, 1, 2)));
void	tap_skip(const char *why, const char *fmt, ...)
	    __attribute__((__format__ (printf, 2, 3)));
int	tap_done(void);
void	tap_put(const char *dir, const char *file, const char *text);
int	tap_http(void (*serve)(struct evhttp_request *, void *));
int	tap_starts(const char *s, const char *prefix);
void	tap_capture_begin(int fd);
char   *tap_capture_end(void);

#define is_int(got, want, ...) do {					\
	long long g_ = (got), w_ = (want);				\
	if (!tap_ok(g_ == w_, __VA_ARGS__))				\
		tap_diag("got %lld, expected %lld", g_, w_);		\
} while (0)

#define is_str(got, want, ...) do {					\
	const char *g_ = (got), *w_ = (want);				\
	int ok_ = (g_ == NULL && w_ == NULL) || (g_ != NULL &&		\
	    w_ != NULL && strcmp(g_, w_) == 0);				\
	if (!tap_ok(ok_, __VA_ARGS__))					\
		tap_diag("got '%s', expected '%s'", g_ ? g_ : "(null)",	\
		    w_ ? w_ : "(null)");				\
} while (0)

#endif
