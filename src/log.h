/* SPDX-License-Identifier: MIT */
#ifndef LOG_H
#define LOG_H

#include <stdarg.h>

void	log_init(const char *progname, int verbose);
void	log_setverbose(int verbose);
int	log_getverbose(void);
void	log_set_clear(void (*fn)(void));
void	log_stamp(void);
void	log_warn(const char *fmt, ...)
	    __attribute__((__format__ (printf, 1, 2)));
void	log_warnx(const char *fmt, ...)
	    __attribute__((__format__ (printf, 1, 2)));
void	log_warning(const char *fmt, ...)
	    __attribute__((__format__ (printf, 1, 2)));
void	log_info(const char *fmt, ...)
	    __attribute__((__format__ (printf, 1, 2)));
void	log_debug(const char *fmt, ...)
	    __attribute__((__format__ (printf, 1, 2)));
void	vlog(int pri, const char *fmt, va_list ap)
	    __attribute__((__format__ (printf, 2, 0)));
_Noreturn void fatal(const char *fmt, ...)
	    __attribute__((__format__ (printf, 1, 2)));
_Noreturn void fatalx(const char *fmt, ...)
	    __attribute__((__format__ (printf, 1, 2)));

#endif
