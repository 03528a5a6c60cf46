/* SPDX-License-Identifier: MIT */
#ifndef SQLSCAN_H
#define SQLSCAN_H

#include <stddef.h>

/* A scan over the SQL text of one migration file, statement by statement. */
struct sqlscan {
	char	*buf;		/* NUL-terminated text */
	size_t	 len;
	size_t	 pos;
	int	 line;		/* line of buf[pos], from 1 */
};

/* One complete statement: from its first token through its ';'. */
struct sqlstmt {
	const char	*text;
	size_t		 len;
	int		 line;	/* line of the first token */
};

void	sqlscan_init(struct sqlscan *scan, char *buf, size_t len);
int	sqlscan_next(struct sqlscan *scan, struct sqlstmt *stmt);
size_t	sqlscan_squeeze(const struct sqlstmt *stmt, char *out);
size_t	sqlscan_word(const struct sqlstmt *stmt, size_t from, char *word,
	    size_t size);
int	sqlscan_pragma(const struct sqlstmt *stmt, char *name, size_t size,
	    int *set);
size_t	sqlscan_bom(const char *text, size_t len);
int	sqlscan_lines(const char *text, size_t len);
const char *sqlscan_forbidden(const struct sqlstmt *stmt);

#endif
