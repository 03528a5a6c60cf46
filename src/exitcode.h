/* SPDX-License-Identifier: MIT */
#ifndef EXITCODE_H
#define EXITCODE_H

/*
 * Exit codes of schemad, documented in schemad(8). "Permanent" failures
 * will fail again on a restart with the same input (systemd units list them
 * in RestartPreventExitStatus=); "temporary" ones may succeed later.
 */
#define EXIT_OK		0	/* done; plan: nothing pending */
#define EXIT_MIGRATION	1	/* a migration failed, all rolled back (permanent) */
#define EXIT_USAGE	2	/* bad command line or configuration (permanent) */
#define EXIT_PENDING	3	/* plan: migrations are pending */
#define EXIT_DRIFT	4	/* history and files disagree (permanent) */
#define EXIT_INVALID	5	/* the migrations directory is invalid (permanent) */
#define EXIT_DATABASE	6	/* the database file is corrupt or not a database */
#define EXIT_INTERRUPTED 7	/* run: stopped (SIGTERM) during a migration */
#define EXIT_INTERNAL	70	/* internal error, such as out of memory */
#define EXIT_CANTEXEC	126	/* exec: the command cannot be run */
#define EXIT_NOTFOUND	127	/* exec: the command was not found */
#define EXIT_TEMPFAIL	75	/* database busy, unreadable or unwritable (temporary) */

#endif
