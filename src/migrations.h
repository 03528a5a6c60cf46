/* SPDX-License-Identifier: MIT */
#ifndef MIGRATIONS_H
#define MIGRATIONS_H

#include <stddef.h>

struct errlist;

#define MIGRATIONS_CHECKSUM_LEN	64	/* hex SHA-256 */

/* One migration file, as found in the directory. */
struct migration {
	int		 version;
	char		*name;		/* "add_email" */
	char		*file;		/* "0003_add_email.sql" */
	char		*path;		/* directory/file */
	char		 checksum[MIGRATIONS_CHECKSUM_LEN + 1];
	unsigned	 requires;	/* capabilities, caps.h */
	int		 maybe_link;	/* the directory says link, or cannot tell */
};

/* Every migration of a directory, in version order. */
struct migration_set {
	char			*dir;
	struct migration	*v;
	size_t			 n;
};

int	migrations_parse_name(const char *file, int *version, char **name,
	    char **cause);
int	migrations_check_text(const char *file, char *buf, size_t len,
	    unsigned *requires, struct errlist *errors);
void	migrations_checksum(const char *buf, size_t len, char *hex);
int	migrations_read_file(const char *path, char **buf, size_t *len,
	    char **cause);
int	migrations_scan(const char *dir, int strict, struct migration_set *set,
	    struct errlist *errors);
int	migrations_load(const struct migration *m, char **buf, size_t *len,
	    char **cause);
void	migrations_free(struct migration_set *set);

#endif
