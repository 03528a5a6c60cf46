#!/bin/sh
# SPDX-License-Identifier: MIT
# A fresh install (every migration in one run) and a step-by-step upgrade
# (one run a migration) end with the same database, whatever connection
# state a migration leaves behind: settings it changes (legacy_alter_table,
# recursive_triggers, case_sensitive_like, ignore_check_constraints,
# query_only, busy_timeout, cache_size) and TEMP objects it makes.
. "$(dirname "$0")/lib.sh"

# compare NAME: the migrations in $T/NAME, applied together to one
# database and one at a time to another; the two dumps must be the same.
compare()
{
	dir=$T/$1
	rm -rf "$T/step" "$T/all.db" "$T/step.db"
	mkdir "$T/step"
	sd --database "$T/all.db" --migrations "$dir" migrate
	all=$rc
	[ "$rc" = 0 ] || diag "all at once: $err"
	step=0
	for f in "$dir"/*.sql; do
		cp "$f" "$T/step/"
		sd --database "$T/step.db" --migrations "$T/step" migrate
		[ "$rc" = 0 ] || { step=$rc; diag "one at a time: $err"; }
	done
	is "$all:$step" "0:0" "$1: both ways migrate"
	# The history's times and durations differ, of course.
	sqlite3 "$T/all.db" .dump | grep -v '^INSERT INTO schemad_history' >"$T/all.sql"
	sqlite3 "$T/step.db" .dump | grep -v '^INSERT INTO schemad_history' >"$T/step.sql"
	if cmp -s "$T/all.sql" "$T/step.sql"; then
		ok 0 "$1: the same database"
	else
		ok 1 "$1: the same database"
		diag "$(diff "$T/all.sql" "$T/step.sql")"
	fi
}

# migration NAME FILE SQL
migration()
{
	mkdir -p "$T/$1"
	printf '%s\n' "$3" >"$T/$1/$2"
}

# The issue's case: a rename under legacy_alter_table.
migration legacy 0001_tables.sql "CREATE TABLE p(id INTEGER PRIMARY KEY);
CREATE TABLE c(id INTEGER PRIMARY KEY, p INTEGER REFERENCES p(id));
CREATE VIEW pv AS SELECT id FROM p;
PRAGMA legacy_alter_table = ON;"
migration legacy 0002_rename.sql "ALTER TABLE p RENAME TO p_old;"
compare legacy
like "$(sqlite3 "$T/all.db" "SELECT sql FROM sqlite_master WHERE name = 'pv'")" \
    'FROM "?p_old"?' "legacy: the view follows the rename in a fresh install"

migration recursive 0001_trigger.sql "PRAGMA recursive_triggers = ON;
CREATE TABLE n(x INTEGER);
CREATE TRIGGER n_more AFTER INSERT ON n WHEN new.x < 5
BEGIN INSERT INTO n VALUES (new.x + 1); END;"
migration recursive 0002_insert.sql "INSERT INTO n VALUES (1);"
compare recursive

migration like 0001_like.sql "PRAGMA case_sensitive_like = ON;
CREATE TABLE r(x);"
migration like 0002_like.sql "INSERT INTO r SELECT 'A' LIKE 'a';"
compare like

migration check 0001_check.sql "PRAGMA ignore_check_constraints = ON;
CREATE TABLE k(x INTEGER CHECK (x > 0));"
migration check 0002_check.sql "INSERT INTO k VALUES (1);"
migration check 0003_check.sql "CREATE TABLE k2 AS SELECT count(*) AS n FROM k;"
compare check

migration querying 0001_q.sql "CREATE TABLE q(x);
PRAGMA query_only = ON;"
migration querying 0002_q.sql "INSERT INTO q VALUES (1);"
compare querying

migration sync 0001_s.sql "PRAGMA busy_timeout = 1;
PRAGMA cache_size = 10;
CREATE TABLE s(x);"
migration sync 0002_s.sql "INSERT INTO s WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10) SELECT x FROM n;"
compare sync

migration temp 0001_temp.sql "CREATE TABLE t(x);
CREATE TABLE log(msg);
CREATE TEMP TABLE scratch(x);
CREATE TEMP TRIGGER t_log AFTER INSERT ON main.t
BEGIN INSERT INTO log VALUES ('logged'); END;"
migration temp 0002_temp.sql "CREATE TEMP TABLE scratch(x);
INSERT INTO scratch VALUES (1);
INSERT INTO t SELECT x FROM scratch;"
compare temp
is "$(q 'SELECT count(*) FROM log' "$T/all.db")" 0 \
    "temp: a temporary trigger of one migration does not fire in the next"

done_testing
