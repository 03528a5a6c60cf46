/* SPDX-License-Identifier: MIT */
/* SHA384_Init() and friends, as migrations.c's SHA256_*: see there. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <ctype.h>
#include <inttypes.h>
#include <openssl/sha.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "adopt.h"
#include "db.h"
#include "exitcode.h"
#include "tools/flyway.h"
#include "layout.h"
#include "migrations.h"
#include "xmalloc.h"

/*
 * Another tool's history, read so that switching to schemad applies
 * nothing twice. On a database with no schemad history, the first of
 * these tables found (each tool's struct adopt_table, in layout.c's
 * order) says what was applied:
 *
 *	golang-migrate	schema_migrations (version, dirty): one row, the
 *			version reached; every file up to it was applied
 *	dbmate		schema_migrations (version): a row a migration
 *	goose		goose_db_version (version_id, is_applied): the last
 *			row of a version says whether it is applied
 *	sql-migrate	gorp_migrations (id: the file's name)
 *	sqlx		_sqlx_migrations (version, success, checksum: the
 *			file's SHA-384)
 *	diesel		__diesel_schema_migrations (version)
 *	Prisma		_prisma_migrations (migration_name, checksum: the
 *			file's SHA-256, finished_at, rolled_back_at)
 *	drizzle		__drizzle_migrations (hash: the file's SHA-256)
 *	Flyway		flyway_schema_history (version: its label, type,
 *			script, checksum: Flyway's CRC-32, success); a
 *			BASELINE row stands for every version up to its
 *			own, DELETE and UNDO_SQL rows take one back, and a
 *			row without a version is a repeatable migration
 *	Atlas		atlas_schema_revisions (version, type: 1 a
 *			baseline, applied of total statements, error)
 *
 * A last run that the tool marked as failed or unfinished (golang-migrate's
 * dirty, sqlx's success = 0, Prisma's finished_at NULL, Flyway's success =
 * 0, Atlas's error or applied < total) cannot be adopted: what it left is
 * unknown. A file whose checksum differs from the one the
 * tool kept is drift, as in schemad's own history. The table itself is
 * only read, so that going back stays possible.
 */



/* A version as a tool wrote it: its leading digits, '-' skipped. */
static int64_t
version_of(const char *s)
{
	int64_t	v = 0;
	int	n = 0;

	for (; isdigit((unsigned char)*s) || (*s == '-' && n > 0); s++) {
		if (*s == '-')
			continue;
		if (v > (INT64_MAX - 9) / 10)
			return (-1);
		v = v * 10 + (*s - '0');
		n++;
	}
	return (n > 0 ? v : -1);
}

static int
cmp_version(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x < y ? -1 : x > y);
}

static void
add(struct adopted *a, int64_t v)
{
	a->v = xreallocarray(a->v, a->n + 1, sizeof *a->v);
	a->v[a->n++] = v;
}

/* Forget what an earlier row said of the repeatable migration script. */
static void
drop_repeatable(struct adopted *a, const char *script)
{
	size_t	i = 0;

	while (i < a->nrep) {
		if (strcmp(a->rep[i], script) == 0) {
			free(a->rep[i]);
			a->rep[i] = a->rep[--a->nrep];
		} else
			i++;
	}
}

static void
drop(struct adopted *a, int64_t v)
{
	size_t	i = 0;

	while (i < a->n) {
		if (a->v[i] == v)
			a->v[i] = a->v[--a->n];
		else
			i++;
	}
}

/* The migration of set numbered v, or NULL. */
static const struct migration *
find(const struct migration_set *set, int64_t v)
{
	size_t	i;

	for (i = 0; i < set->n; i++) {
		if (set->v[i].version == v)
			return (&set->v[i]);
	}
	return (NULL);
}

/* Note a file the tool kept another checksum of, or that is gone. */
static void
changed(struct adopted *a, const char *fmt, ...)
{
	va_list	ap;

	a->changed = xreallocarray(a->changed, a->nchanged + 1,
	    sizeof *a->changed);
	va_start(ap, fmt);
	if (vasprintf(&a->changed[a->nchanged], fmt, ap) == -1)
		a->changed[a->nchanged] = xstrdup("changed");
	va_end(ap);
	a->nchanged++;
}

/* drizzle's row: the file whose SHA-256 is hash was applied. */
static void
by_hash(const struct migration_set *set, struct adopted *a,
    const char *tool, const char *hash)
{
	size_t	i;

	for (i = 0; i < set->n; i++) {
		if (strcasecmp(set->v[i].checksum, hash) == 0) {
			add(a, set->v[i].version);
			return;
		}
	}
	changed(a, "%s applied a migration that no file is now (SHA-256 "
	    "%.12s...): changed, or gone", tool, hash);
}

/*
 * Flyway's checksum of a migration, as Flyway took it: of the file as it
 * is (the tools' checksums are of their files, before schemad leaves out
 * or replaces anything); a repeatable migration's also after its
 * placeholders (*alt), which is the one Flyway keeps. -1 with a cause.
 */
static int
crc_of(const struct migration_set *set, const struct migration *m,
    int32_t *sum, int32_t *alt, char **cause)
{
	struct errlist	 errors = { NULL, 0 };
	char		*buf;
	size_t		 len;
	int		 rc = 0;

	if (migrations_read_file(m->path, &buf, &len, cause) != 0)
		return (-1);
	*sum = *alt = flyway_checksum(buf, len);
	if (m->expanded && set->layout->expand != NULL) {
		if (set->layout->expand(set, m, &buf, &len, &errors) == -1) {
			xasprintf(cause, "%s", errors.msgs[0]);
			rc = -1;
		} else
			*alt = flyway_checksum(buf, len);
	}
	errlist_free(&errors);
	free(buf);
	return (rc);
}

/*
 * A Flyway row: its version (label) is matched to a file's, as plan
 * matches them; a BASELINE row stands for every file up to it, and a row
 * without a version is a repeatable migration (label: its script), kept
 * when the file's checksum is still the one Flyway ran.
 */
static int
by_label(const struct migration_set *set, struct adopted *a,
    const char *label, int flag, const char *sum, char **cause)
{
	const struct migration	*m = NULL;
	size_t			 i;
	int32_t			 crc, alt, kept;

	if (flag == FLAG_REPEATABLE) {
		for (i = 0; i < set->nrep; i++) {
			if (strcmp(set->rep[i].file, label) != 0)
				continue;
			if (crc_of(set, &set->rep[i], &crc, &alt, cause) != 0)
				return (-1);
			drop_repeatable(a, label);
			kept = sum != NULL ? (int32_t)strtol(sum, NULL, 10) : 0;
			if (sum != NULL && (crc == kept || alt == kept)) {
				a->rep = xreallocarray(a->rep, a->nrep + 1,
				    sizeof *a->rep);
				a->rep[a->nrep++] = xstrdup(label);
			}
		}
		return (0);
	}
	for (i = 0; i < set->n; i++) {
		if (flag == FLAG_UP_TO && set->v[i].label != NULL &&
		    flyway_version_cmp(set->v[i].label, label) <= 0)
			add(a, set->v[i].version);
		if (set->v[i].label != NULL &&
		    flyway_version_cmp(set->v[i].label, label) == 0)
			m = &set->v[i];
	}
	if (flag == FLAG_UP_TO)
		return (0);
	if (m == NULL) {
		if (flag == FLAG_APPLIED)
			changed(a, "Flyway applied version %s, which no file "
			    "has now", label);
		return (0);
	}
	if (flag == FLAG_UNDONE) {
		drop(a, m->version);
		return (0);
	}
	add(a, m->version);
	if (sum == NULL)
		return (0);
	if (crc_of(set, m, &crc, &alt, cause) != 0)
		return (-1);
	if (crc != (int32_t)strtol(sum, NULL, 10))
		changed(a, "%s changed after Flyway applied it (its CRC-32 "
		    "checksum differs)", m->file);
	return (0);
}

/* Does the checksum the tool kept match the file? */
static int
same_sum(const struct adopt_table *t, const struct migration *m,
    const char *kept, char **cause)
{
	unsigned char	 md[SHA384_DIGEST_LENGTH];
	SHA512_CTX	 ctx;
	char		 hex[2 * SHA384_DIGEST_LENGTH + 1], *buf;
	size_t		 len, i;

	if (strcmp(t->digest, "SHA256") == 0)
		return (strcasecmp(kept, m->checksum) == 0);
	/* The file as it is, as the tool took it (see crc_of). */
	if (migrations_read_file(m->path, &buf, &len, cause) != 0)
		return (-1);
	if (SHA384_Init(&ctx) != 1 || SHA384_Update(&ctx, buf, len) != 1 ||
	    SHA384_Final(md, &ctx) != 1) {
		free(buf);
		xasprintf(cause, "%s: SHA-384 failed", m->path);
		return (-1);
	}
	free(buf);
	for (i = 0; i < sizeof md; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return (strcasecmp(kept, hex) == 0);
}

/* Read tool's table t's rows into a. */
static int
read_rows(sqlite3 *db, const struct adopt_table *t, const char *tool,
    const struct migration_set *set, struct adopted *a, char **cause)
{
	const struct migration	*m;
	sqlite3_stmt		*stmt;
	const char		*text, *sum;
	int64_t			 v;
	size_t			 i, j;
	int			 rc, flag, same;

	if ((rc = sqlite3_prepare_v2(db, t->sql, -1, &stmt, NULL)) !=
	    SQLITE_OK)
		return (db_fail(db, rc, t->table, cause));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		text = (const char *)sqlite3_column_text(stmt, 0);
		flag = sqlite3_column_int(stmt, 1);
		sum = (const char *)sqlite3_column_text(stmt, 2);
		if (t->rows == ROWS_HASH && text != NULL) {
			by_hash(set, a, tool, text);
			continue;
		}
		if (flag == FLAG_FAILED && t->rows != ROWS_LAST &&
		    a->refusal == NULL && text != NULL)
			xasprintf(&a->refusal, "%s's %s says its run of %s "
			    "failed or did not finish: what it left is "
			    "unknown; mend the database and mark it done with "
			    "%s first", tool, t->table, text, tool);
		if (t->rows == ROWS_LABEL && text != NULL) {
			if (by_label(set, a, text, flag, sum, cause) != 0)
				break;
			continue;
		}
		if (text == NULL || (v = version_of(text)) < 0 ||
		    (t->rows == ROWS_PRISMA && flag == 2))
			continue;
		if (t->rows == ROWS_LAST && flag == 1) {
			drop(a, v);
			continue;
		}
		if (t->rows == ROWS_UP_TO || flag == FLAG_UP_TO) {
			for (i = 0; i < set->n && set->v[i].version <= v; i++)
				add(a, set->v[i].version);
			continue;
		}
		add(a, v);
		if (sum == NULL || t->digest == NULL ||
		    (m = find(set, v)) == NULL)
			continue;
		if ((same = same_sum(t, m, sum, cause)) == -1)
			break;
		if (!same) {
			a->changed = xreallocarray(a->changed, a->nchanged + 1,
			    sizeof *a->changed);
			xasprintf(&a->changed[a->nchanged++], "%s changed "
			    "after %s applied it (its %s checksum differs)",
			    m->file, tool, t->digest);
		}
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return (EXIT_MIGRATION);	/* a file that cannot be read */
	if (rc != SQLITE_DONE)
		return (db_fail(db, rc, t->table, cause));
	if (a->n > 0)
		qsort(a->v, a->n, sizeof *a->v, cmp_version);
	for (i = 0, j = 0; i < a->n; i++) {	/* once each */
		if (j == 0 || a->v[j - 1] != a->v[i])
			a->v[j++] = a->v[i];
	}
	a->n = j;
	return (EXIT_OK);
}

/*
 * Find another tool's history table and read it; a->tool stays NULL when
 * there is none. The caller holds a transaction.
 */
int
adopt_read(sqlite3 *db, const struct migration_set *set, struct adopted *a,
    char **cause)
{
	const struct layout	*l;
	const struct adopt_table *t;
	char			*sql;
	size_t			 i;
	int			 rc, found;

	memset(a, 0, sizeof *a);
	for (i = 0; (l = layout_at(i)) != NULL; i++) {
		if ((t = l->adopt) == NULL)
			continue;
		if (t->column != NULL)
			xasprintf(&sql, "SELECT count(*) FROM sqlite_master, "
			    "pragma_table_info(sqlite_master.name) WHERE "
			    "sqlite_master.type = 'table' AND "
			    "sqlite_master.name = '%s' AND "
			    "pragma_table_info.name = '%s'", t->table,
			    t->column);
		else
			xasprintf(&sql, "SELECT count(*) FROM sqlite_master "
			    "WHERE type = 'table' AND name = '%s'", t->table);
		rc = db_int(db, sql, &found, cause);
		free(sql);
		if (rc != EXIT_OK)
			return (rc);
		if (!found)
			continue;
		a->tool = l->title;
		a->table = t->table;
		return (read_rows(db, t, l->title, set, a, cause));
	}
	return (EXIT_OK);
}

/* Did the tool run this repeatable migration's text as it is now? */
int
adopt_repeatable(const struct adopted *a, const struct migration *m)
{
	size_t	i;

	for (i = 0; i < a->nrep; i++) {
		if (strcmp(a->rep[i], m->file) == 0)
			return (1);
	}
	return (0);
}

int
adopt_has(const struct adopted *a, int64_t version)
{
	return (a->n > 0 && bsearch(&version, a->v, a->n, sizeof *a->v,
	    cmp_version) != NULL);
}

void
adopt_free(struct adopted *a)
{
	size_t	i;

	for (i = 0; i < a->nchanged; i++)
		free(a->changed[i]);
	free(a->changed);
	for (i = 0; i < a->nrep; i++)
		free(a->rep[i]);
	free(a->rep);
	free(a->v);
	free(a->refusal);
	memset(a, 0, sizeof *a);
}
