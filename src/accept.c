/* SPDX-License-Identifier: MIT */
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accept.h"
#include "backend.h"
#include "conf.h"
#include "db.h"
#include "errlist.h"
#include "exitcode.h"
#include "history.h"
#include "ledger.h"
#include "log.h"
#include "migrations.h"
#include "plan.h"
#include "role.h"
#include "sqlscan.h"
#include "xmalloc.h"

/*
 * schemad accept FILE...: the way out of drift that was meant. A file
 * edited after it was applied (a comment mended, its layout), or renamed,
 * is recorded as it is now; with --forget, a row whose file is gone is
 * taken out of the history. All in one transaction on the database file
 * (BEGIN IMMEDIATE, waiting busy_timeout for other writers), each with a
 * row of schemad_accepted: when, what the history held, and who -- the
 * uid, its name and SCHEMAD_ACCEPT_REASON.
 *
 * What was never applied is migrate's, not accept's: a pending file is
 * refused. So is a file whose statements changed, not only its comments
 * and layout, unless --force says so (migrate will never run the new
 * ones): the history keeps the checksum of the statements alone
 * (sql_checksum), which tells the two apart; a row recorded before it was
 * kept cannot tell, and needs --force too. Any refusal and nothing is
 * written.
 */

/* What accept does to one entry. */
struct accept_item {
	const struct ledger_entry	*e;
	const char			*what;	/* "changed", "renamed",
						   "forgotten" */
	char				 sql[65]; /* the statements' checksum
						   now, "" for none */
	const char			*statements; /* what the statements
						   did: "the same", ... */
	int				 forced;
};

/*
 * Does arg name the file of e, which is gone? The history has its version
 * and name, not how the file wrote the number (0003_tags.sql).
 */
static int
gone_matches(const struct ledger_entry *e, const char *arg)
{
	const char	*base = strrchr(arg, '/');
	char		*name = NULL, *cause = NULL;
	int64_t		 version;
	int		 kind, same;

	kind = migrations_parse_name(base != NULL ? base + 1 : arg, &version,
	    &name, &cause);
	same = (kind == NAME_PLAIN || kind == NAME_UP) &&
	    version == ledger_version(e) && strcmp(name, ledger_name(e)) == 0;
	free(name);
	free(cause);
	return (same);
}

/*
 * Does arg name e? Its file (as a path, or the name the history has for
 * one gone), or its version (Flyway's own, too).
 */
static int
entry_matches(const struct ledger_entry *e, const char *arg)
{
	char	file[1024], version[32];
	size_t	n, len = strlen(arg);

	ledger_file(e, file, sizeof file);
	n = strlen(file);
	if (strcmp(arg, file) == 0 || (len > n && arg[len - n - 1] == '/' &&
	    strcmp(arg + len - n, file) == 0))
		return (1);
	if (e->repeatable)
		return (0);
	if (e->m == NULL && gone_matches(e, arg))
		return (1);
	snprintf(version, sizeof version, "%" PRId64, ledger_version(e));
	return (strcmp(arg, version) == 0 || (ledger_label(e) != NULL &&
	    strcmp(arg, ledger_label(e)) == 0));
}

/* The entry arg names, or NULL. */
static const struct ledger_entry *
find_entry(const struct ledger *ledger, const char *arg)
{
	size_t	i;

	for (i = 0; i < ledger->n; i++)
		if (entry_matches(&ledger->v[i], arg))
			return (&ledger->v[i]);
	return (NULL);
}

/*
 * What accept may do to e, into item; or why not, into errors. Returns 1
 * for something to record, 0 for nothing (as recorded), -1 refused.
 */
static int
check_entry(const struct ledger_entry *e, const char *arg, unsigned flags,
    struct accept_item *item, struct errlist *errors)
{
	char	*cause = NULL;

	memset(item, 0, sizeof *item);
	item->e = e;
	switch (e->state) {
	case LEDGER_CHANGED:
		item->what = "changed";
		if (migrations_sql_checksum_of(e->m, item->sql, &cause) != 0) {
			errlist_add(errors, "accept: %s", cause);
			free(cause);
			return (-1);
		}
		if (e->h->sql_checksum == NULL)
			item->statements = "not known: the row was recorded "
			    "before schemad kept the checksum of its "
			    "statements";
		else if (strcmp(e->h->sql_checksum, item->sql) != 0)
			item->statements = "changed, not only comments or "
			    "white space: migrate will not run them again";
		else {
			item->statements = "the same: only comments or white "
			    "space changed";
			return (1);
		}
		if (!(flags & ACCEPT_FORCE)) {
			errlist_add(errors, "accept: %s: its statements are "
			    "%s; if the database already has what they do, "
			    "--force records them as applied", arg,
			    item->statements);
			return (-1);
		}
		item->forced = 1;
		return (1);
	case LEDGER_RENAMED:
		item->what = "renamed";
		return (1);
	case LEDGER_MISSING:
		if (e->repeatable) {
			errlist_add(errors, "accept: %s: a repeatable "
			    "migration whose file is gone is not drift: "
			    "nothing to accept", arg);
			return (-1);
		}
		if (!(flags & ACCEPT_FORGET)) {
			errlist_add(errors, "accept: %s: its file is gone; "
			    "--forget takes its row out of the history (what "
			    "it did to the schema stays)", arg);
			return (-1);
		}
		item->what = "forgotten";
		return (1);
	case LEDGER_PENDING:
	case LEDGER_OUT_OF_ORDER:
		errlist_add(errors, "accept: %s: never applied: accept records "
		    "only what was; migrate applies it%s", arg,
		    e->state == LEDGER_OUT_OF_ORDER ? ", once it is numbered "
		    "above the newest applied version" : "");
		return (-1);
	default:
		log_info("accept: %s: %s, as recorded: nothing to accept", arg,
		    ledger_state_name(e->state));
		return (0);
	}
}

/* Say what is accepted: the checksums, and the statements now. */
static void
show_item(FILE *fp, const struct accept_item *item)
{
	const struct ledger_entry	*e = item->e;
	struct sqlscan			 scan;
	struct sqlstmt			 st;
	char				 file[1024], *buf, *tofree, *out,
					*cause = NULL;
	size_t				 len, n;

	ledger_file(e, file, sizeof file);
	if (strcmp(item->what, "forgotten") == 0) {
		fprintf(fp, "%s: applied at %s; its file is gone: its row is "
		    "taken out of the history\n", file, e->h->applied_at);
		return;
	}
	if (strcmp(item->what, "renamed") == 0) {
		fprintf(fp, "%s: applied at %s as %s: recorded under its new "
		    "name\n", file, e->h->applied_at, e->h->name);
		return;
	}
	fprintf(fp, "%s: changed after it was applied at %s\n", file,
	    e->h->applied_at);
	fprintf(fp, "  %-10s %s\n", "recorded", e->h->checksum);
	fprintf(fp, "  %-10s %s\n", "now", e->m->checksum);
	fprintf(fp, "  %-10s %s%s\n", "statements", item->statements,
	    item->forced ? " (--force)" : "");
	if (migrations_load(e->m, &buf, &len, &tofree, &cause) != 0) {
		free(cause);
		return;
	}
	out = xmalloc(len + 1);
	sqlscan_init(&scan, buf, len);
	while (sqlscan_next(&scan, &st)) {
		n = sqlscan_squeeze(&st, out);
		fprintf(fp, "  %8d  %.*s\n", st.line, (int)n, out);
	}
	free(out);
	free(tofree);
}

/* Record item: the history row mended, and the accepted row. */
static int
record_item(sqlite3 *db, const struct accept_item *item, char **cause)
{
	const struct ledger_entry	*e = item->e;
	const struct history_row	*h = e->h;
	struct history_entry		 now;
	struct passwd			*pw;
	sqlite3_stmt			*stmt;
	const char			*reason, *sql;
	int				 rc;

	if (strcmp(item->what, "forgotten") == 0)
		sql = "DELETE FROM " HISTORY_TABLE " WHERE version = ?1";
	else
		sql = "UPDATE " HISTORY_TABLE " SET name = ?2, checksum = "
		    "?3, sql_checksum = coalesce(?4, sql_checksum) WHERE "
		    "version = ?1";
	if ((rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL)) != SQLITE_OK)
		return (db_fail(db, rc, "accept", cause));
	sqlite3_bind_int64(stmt, 1, h->version);
	if (e->m != NULL) {
		sqlite3_bind_text(stmt, 2, e->m->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, e->m->checksum, -1, SQLITE_STATIC);
		if (*item->sql != '\0')
			sqlite3_bind_text(stmt, 4, item->sql, -1,
			    SQLITE_STATIC);
	}
	rc = db_run(stmt, "accept", cause);
	sqlite3_finalize(stmt);
	if (rc != EXIT_OK)
		return (rc);

	history_entry(&now, NULL, HISTORY_APPLIED, 0);
	if ((rc = sqlite3_prepare_v2(db, "INSERT INTO " ACCEPT_TABLE
	    " (version, name, what, old_name, old_checksum, new_checksum, "
	    "old_sql_checksum, new_sql_checksum, forced, applied_at, "
	    "accepted_at, uid, user, reason, accepted_by) VALUES (?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL)) !=
	    SQLITE_OK)
		return (db_fail(db, rc, "accept", cause));
	pw = getpwuid(getuid());
	reason = getenv("SCHEMAD_ACCEPT_REASON");
	sqlite3_bind_int64(stmt, 1, h->version);
	sqlite3_bind_text(stmt, 2, ledger_name(e), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, item->what, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, h->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, h->checksum, -1, SQLITE_STATIC);
	if (e->m != NULL)
		sqlite3_bind_text(stmt, 6, e->m->checksum, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, h->sql_checksum, -1, SQLITE_STATIC);
	if (*item->sql != '\0')
		sqlite3_bind_text(stmt, 8, item->sql, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 9, item->forced);
	sqlite3_bind_text(stmt, 10, h->applied_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, now.applied_at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 12, (sqlite3_int64)getuid());
	if (pw != NULL)
		sqlite3_bind_text(stmt, 13, pw->pw_name, -1, SQLITE_TRANSIENT);
	if (reason != NULL && *reason != '\0')
		sqlite3_bind_text(stmt, 14, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 15, history_by(), -1, SQLITE_STATIC);
	rc = db_run(stmt, "accept", cause);
	sqlite3_finalize(stmt);
	return (rc);
}

/* The items, then user_version as the history now says. */
static int
record_items(sqlite3 *db, const struct history *hist,
    const struct accept_item *items, size_t n, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*sql;
	int64_t		 newest = 0;
	int		 rc, rows = 0;
	size_t		 i;

	rc = db_exec(db, accept_ddl, cause);
	if (rc == EXIT_OK)
		rc = history_create(db, hist->lacks, 0, cause);
	for (i = 0; rc == EXIT_OK && i < n; i++)
		rc = record_item(db, &items[i], cause);
	if (rc != EXIT_OK)
		return (rc);
	if ((rc = sqlite3_prepare_v2(db, "SELECT coalesce(max(version), 0), "
	    "count(*) FROM " HISTORY_TABLE, -1, &stmt, NULL)) != SQLITE_OK)
		return (db_fail(db, rc, "accept", cause));
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		newest = sqlite3_column_int64(stmt, 0);
		rows = sqlite3_column_int(stmt, 1);
	}
	sqlite3_finalize(stmt);
	xasprintf(&sql, "PRAGMA user_version = %d", plan_user_version(newest,
	    (size_t)rows));
	rc = db_exec(db, sql, cause);
	free(sql);
	return (rc);
}

/* Check every argument against the ledger; then show and record. */
static int
accept_in(sqlite3 *db, const struct history *hist, const struct ledger *ledger,
    char *const *args, unsigned flags, FILE *fp, char **cause)
{
	const struct ledger_entry	*e;
	struct accept_item		*items;
	struct errlist			 errors = { NULL, 0 };
	size_t				 i, j, n = 0;
	int				 rc;

	for (i = 0; args[i] != NULL; i++)
		;
	items = xcalloc(i + 1, sizeof *items);
	for (i = 0; args[i] != NULL; i++) {
		if ((e = find_entry(ledger, args[i])) == NULL) {
			errlist_add(&errors, "accept: %s: no such migration "
			    "(neither a file of the directory nor a row of the "
			    "history)", args[i]);
			continue;
		}
		for (j = 0; j < n && items[j].e != e; j++)
			;
		if (j == n && check_entry(e, args[i], flags, &items[n],
		    &errors) == 1)
			n++;
	}
	if (errors.n > 0) {
		errlist_log(&errors);
		errlist_free(&errors);
		free(items);
		xasprintf(cause, "accept: nothing was recorded");
		return (EXIT_USAGE);
	}
	for (i = 0; i < n; i++)
		show_item(fp, &items[i]);
	rc = n > 0 ? record_items(db, hist, items, n, cause) : EXIT_OK;
	if (rc == EXIT_OK)
		rc = db_exec(db, "COMMIT", cause);
	if (rc == EXIT_OK && n > 0)
		fprintf(fp, "accepted %zu: the history records %s as %s now\n",
		    n, n == 1 ? "it" : "them", n == 1 ? "it is" : "they are");
	free(items);
	return (rc);
}

int
accept_files(const struct config *conf, const struct migration_set *set,
    char *const *args, unsigned flags, FILE *fp, char **cause)
{
	const struct backend	*b = backend_for(conf->database);
	struct role_info	 role;
	struct db_wait		 w;
	struct history		 hist;
	struct plan		 plan;
	struct ledger		 ledger;
	sqlite3			*db;
	int			 rc;

	if (args[0] == NULL) {
		xasprintf(cause, "accept: which files? (schemad accept "
		    "FILE...)");
		return (EXIT_USAGE);
	}
	if (!(b->caps & BACKEND_FILE)) {
		xasprintf(cause, "accept: %s: only a database file is mended "
		    "here, not %s's", conf->database, b->name);
		return (EXIT_USAGE);
	}
	role_resolve(conf, 1, &role);
	if (role.role == ROLE_FOLLOWER) {
		xasprintf(cause, "accept: %s: a follower, which only reads: "
		    "accept on the primary", conf->database);
		return (EXIT_USAGE);
	}
	if (!db_exists(conf->database)) {
		xasprintf(cause, "accept: %s does not exist: nothing was "
		    "applied to it", conf->database);
		return (EXIT_USAGE);
	}
	db_wait_init(&w, conf->busy_timeout);
	if ((rc = db_open(conf->database, 0, &w, &db, cause)) != EXIT_OK)
		return (rc);
	if ((rc = db_exec(db, "BEGIN IMMEDIATE", cause)) != EXIT_OK) {
		db_close(db);
		return (rc);
	}
	if ((rc = history_read(db, &hist, cause)) == EXIT_OK && !hist.exists) {
		xasprintf(cause, "accept: %s has no schemad history: nothing "
		    "was applied by schemad", conf->database);
		rc = EXIT_USAGE;
	}
	if (rc == EXIT_OK && plan_make(set, &hist, NULL, 0, 0, 0, &plan,
	    cause) != 0)
		rc = EXIT_USAGE;
	if (rc == EXIT_OK) {
		plan_keep(&plan, &hist);
		ledger_make(set, &plan, &ledger);
		rc = accept_in(db, &plan.hist, &ledger, args, flags, fp, cause);
		ledger_free(&ledger);
		plan_free(&plan);
	}
	history_free(&hist);
	if (rc != EXIT_OK)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	db_close(db);
	return (rc);
}
