#!/bin/sh
# SPDX-License-Identifier: MIT
# Adoption from the real tools, where they can be installed here: Debian's
# sql-migrate, and dbmate from npm (cached outside the clone). Each applies
# the first two of three migrations to a database, then schemad --adopt yes
# takes over: the two adopted, the third applied once, the tool's table
# left as it was, and the tool itself agrees that all three are applied.
. "$(dirname "$0")/lib.sh"

CACHE=${SCHEMAD_TEST_CACHE:-/var/cache/schemad-tests}/dbmate
SCHEMA="SELECT type, name, sql FROM sqlite_master WHERE tbl_name NOT IN ('gorp_migrations', 'schema_migrations', 'schemad_history', 'sqlite_sequence') ORDER BY name"

# handover TOOL TABLE DIR: after the tool applied 1 and 2, schemad adopts
# them and applies 3 (in $3_next, moved in now).
handover()
{
	tool=$1 table=$2 dir=$3
	before=$(q "SELECT * FROM $table")
	mv "$dir.next"/* "$dir/"
	sd --database "$T/app.db" --migrations "$dir" plan
	is "$rc" 4 "$tool, for real: plan names its history and wants --adopt"
	sd --database "$T/app.db" --migrations "$dir" --adopt yes migrate
	is "$rc" 0 "$tool, for real: migrate --adopt yes, exit 0"
	[ "$rc" = 0 ] || diag "$err"
	is "$(q "SELECT group_concat(status, ',') FROM schemad_history")" \
	    "baseline,baseline,applied" "$tool, for real: two adopted, one applied"
	is "$(q "SELECT * FROM $table")" "$before" \
	    "$tool, for real: its table is left as it was"
	rm -f "$T/shell.db"
	cat "$T/up1.sql" "$T/up2.sql" "$T/up3.sql" | sqlite3 "$T/shell.db"
	is "$(q "$SCHEMA")" "$(q "$SCHEMA" "$T/shell.db")" \
	    "$tool, for real: the schema is the shell's"
}

printf 'CREATE TABLE a (x);\n' >"$T/up1.sql"
printf 'CREATE TABLE b (x);\nCREATE INDEX b_x ON b (x);\n' >"$T/up2.sql"
printf 'ALTER TABLE a ADD COLUMN y;\n' >"$T/up3.sql"

# sql-migrate.
if ! command -v sql-migrate >/dev/null; then
	skip "sql-migrate is not installed (Debian: sql-migrate)" "sql-migrate, for real"
else
	S=$T/sql-migrate
	mkdir "$S" "$S.next"
	for i in 1 2 3; do
		{ echo '-- +migrate Up'; cat "$T/up$i.sql"; echo '-- +migrate Down'; } \
		    >"$S/${i}_m$i.sql"
	done
	mv "$S/3_m3.sql" "$S.next/"
	printf 'test:\n  dialect: sqlite3\n  datasource: %s\n  dir: %s\n' \
	    "$T/app.db" "$S" >"$T/dbconfig.yml"
	rm -f "$T/app.db"*
	sql-migrate up -config="$T/dbconfig.yml" -env=test >"$T/sm.log" 2>&1
	is "$?" 0 "sql-migrate up applies the first two"
	handover sql-migrate gorp_migrations "$S"
	sql-migrate status -config="$T/dbconfig.yml" -env=test >"$T/sm.log" 2>&1
	is "$(grep -c '| no ' "$T/sm.log")" 1 \
	    "sql-migrate sees the third as not applied by it: its table untouched"

	# Files as sql-migrate new names them: NNNN-name.sql, a dash.
	N=$T/sql-migrate-new
	mkdir "$N"
	printf 'test:\n  dialect: sqlite3\n  datasource: %s\n  dir: %s\n' \
	    "$T/new.db" "$N" >"$T/dbconfig.yml"
	for i in 1 2; do
		# Its names are stamped to the second: the next one, a new second.
		s=$(date +%s)
		sql-migrate new -config="$T/dbconfig.yml" -env=test "m$i" \
		    >"$T/sm.log" 2>&1
		f=$(ls -t "$N" | head -n 1)
		sed -i "/+migrate Up/r $T/up$i.sql" "$N/$f"
		until [ "$(date +%s)" != "$s" ]; do sleep 0.05; done
	done
	like "$(ls "$N")" "^[0-9]{14}-m1.sql
[0-9]{14}-m2.sql$" "sql-migrate new names its files NNNN-name.sql"
	rm -f "$T/new.db"*
	sql-migrate up -config="$T/dbconfig.yml" -env=test >"$T/sm.log" 2>&1
	is "$?" 0 "sql-migrate up applies them"
	cp "$T/new.db" "$T/app.db"
	sd --database "$T/app.db" --migrations "$N" --adopt yes migrate
	is "$rc:$(q "SELECT group_concat(status, ',') FROM schemad_history")" \
	    "0:baseline,baseline" \
	    "schemad reads sql-migrate new's names, and adopts what it applied"
	rm -f "$T/app.db"*
	sd --database "$T/app.db" --migrations "$N" migrate
	is "$rc:$(q "$SCHEMA")" "0:$(q "$SCHEMA" "$T/new.db")" \
	    "and on a new database applies them as sql-migrate did"
fi

# dbmate, from npm.
DBMATE=$CACHE/node_modules/@dbmate/linux-x64/bin/dbmate
if ! npm_tool "$CACHE" @dbmate/linux-x64/bin/dbmate @dbmate/linux-x64@2.36.0; then
	skip "dbmate could not be installed from npm: $(npm_why "$T/npm.log")" \
	    "dbmate, for real"
else
	D=$T/dbmate
	mkdir "$D" "$D.next"
	for i in 1 2 3; do
		{ echo '-- migrate:up'; cat "$T/up$i.sql"; echo '-- migrate:down'; } \
		    >"$D/2024010${i}000000_m$i.sql"
	done
	mv "$D/20240103000000_m3.sql" "$D.next/"
	rm -f "$T/app.db"*
	"$DBMATE" --url "sqlite:$T/app.db" --migrations-dir "$D" --no-dump-schema \
	    up >"$T/dbmate.log" 2>&1
	is "$?" 0 "dbmate up applies the first two"
	handover dbmate schema_migrations "$D"
fi

done_testing
