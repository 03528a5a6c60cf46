#!/bin/sh
# SPDX-License-Identifier: MIT
# Real public projects' migration directories, copied byte for byte from
# upstream (tests/data/real/*/SOURCE names the repository, commit, path and
# licence; LICENSE beside it is the project's own), read with format auto
# as a new user would. Five apply whole: the schema and rows must be those the
# sqlite3 shell makes running each file's up SQL in the tool's own order,
# and plan must then be up to date. Pocket ID's applies up to the one
# migration that calls a function only its application defines; Arcane's
# is refused before anything is written, for goose's NO TRANSACTION marker.
. "$(dirname "$0")/lib.sh"

REAL=$top_srcdir/tests/data/real

# dump DB: the schema and rows of DB, schemad's own tables left out, as
# are the time of day that DEFAULT CURRENT_TIMESTAMP wrote (the two runs
# may fall in different seconds) and a CR before LF (the shell's line
# reader drops it; the tools, and schemad, pass a file's text as it is).
dump()
{
	cp "$1" "$T/dump.db"
	for t in $(q "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'schemad%'" "$T/dump.db"); do
		q "DROP TABLE $t" "$T/dump.db"
	done
	sqlite3 "$T/dump.db" .dump | tr -d '\r' | sed -E \
	    "s/'[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}'/'(now)'/g"
	rm -f "$T/dump.db"
}

# project NAME: copy its migrations where schemad trusts them (the
# checkout's modes are the cloner's umask), and set M and DB.
project()
{
	M=$T/$1
	DB=$T/$1.db
	cp -R "$REAL/$1/migrations" "$M"
	chmod -R go-w "$M"
	rm -f "$DB"* "$T/shell.db"
}

# applies NAME FILE...: schemad applies the project, as the shell does
# running FILE... (the up SQL, in the tool's order), and is then up to date.
applies()
{
	name=$1
	shift
	sd --database "$DB" --migrations "$M" plan
	is "$rc" 3 "$name: plan, pending"
	sd --database "$DB" --migrations "$M" migrate
	is "$rc" 0 "$name: schemad migrate, exit 0"
	[ "$rc" = 0 ] || diag "$err"
	cat "$@" | sqlite3 -bail "$T/shell.db"
	ok $? "$name: the sqlite3 shell runs the same files"
	is "$(dump "$DB")" "$(dump "$T/shell.db")" \
	    "$name: schema and rows are the shell's"
	sd --database "$DB" --migrations "$M" plan
	is "$rc" 0 "$name: then up to date"
}

# sqlx (atuin): NNNN_name.sql, simple migrations, by version; all 14 digits.
project sqlx-atuin
applies sqlx-atuin $(ls "$M"/*.sql | sort)

# diesel (bkmr): directories YYYY-MM-DD-HHMMSS_name/up.sql, beside a
# README.md; down.sql never run.
project diesel-bkmr
sd --database "$DB" --migrations "$M" plan
like "$out" "layout    diesel: 7 down files are never run" \
    "diesel-bkmr: plan names the layout and the down files"
applies diesel-bkmr $(ls -d "$M"/*/ | sort | sed 's|/$|/up.sql|')

# Prisma (AnythingLLM): NNNN_name/migration.sql beside migration_lock.toml;
# table rebuilds between PRAGMA foreign_keys=OFF and =ON, left out.
project prisma-anything-llm
sd --database "$DB" --migrations "$M" plan
like "$out" "layout    prisma: 2 statements that only turn foreign keys off and on left out" \
    "prisma-anything-llm: plan says the pair left out"
applies prisma-anything-llm $(ls -d "$M"/*/ | sort | sed 's|/$|/migration.sql|')

# drizzle (emdash): the journal's order, with a seed row; the project's
# migrations.generated.ts beside them is not read.
project drizzle-emdash
applies drizzle-emdash $(sed -n 's|.*"tag": *"\([^"]*\)".*|'"$M"'/\1.sql|p' \
    "$M/meta/_journal.json")
is "$(q 'SELECT next_seq FROM automation_journal' "$DB")" 1 \
    "drizzle-emdash: the seed row is there"

# dbmate (Sematic): the up sections; seven Python data migrations beside
# them, which dbmate passes over, left out with a warning each.
project dbmate-sematic
mkdir "$T/up"
for f in $(ls "$M"/*.sql | sort); do
	sed -n '/^-- migrate:up/,/^-- migrate:down/p' "$f" >"$T/up/${f##*/}"
done
applies dbmate-sematic $(ls "$T"/up/*.sql | sort)
is "$(printf '%s\n' "$err" | grep -c 'not a .sql file, which dbmate passes over: left out')" 7 \
    "dbmate-sematic: the seven .py files are named as left out"

# golang-migrate (Pocket ID), run without golang-migrate's wrap: 71 of 72
# files frame themselves in PRAGMA foreign_keys=OFF; BEGIN; ... COMMIT;
# PRAGMA foreign_keys=ON;, left out as the run's own. One migration calls
# normalize(), an SQL function Pocket ID registers in its own process: the
# run fails there, names it, and is rolled back. Up to it, schemad's schema
# is the shell's running the files as they are, frames and all.
project golang-migrate-pocket-id
sd --database "$DB" --migrations "$M" plan
like "$out" "layout    golang-migrate: 71 down files are never run; 144 statements that only turn foreign keys off and on left out .*; 71 files' own BEGIN and COMMIT left out \(a run is one transaction\)" \
    "golang-migrate-pocket-id: plan says the pairs and the frames left out"
sd --database "$DB" --migrations "$M" migrate
is "$rc" 1 "golang-migrate-pocket-id: the whole run fails, exit 1"
like "$err" "20250705000000_normalize.up.sql:5: no such function: normalize" \
    "golang-migrate-pocket-id: at the application's own function, named"
is "$(q "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'schemad%'" "$DB")" 0 \
    "golang-migrate-pocket-id: rolled back, nothing of it kept"
before=$T/pocket-id-before
mkdir "$before"
for f in "$M"/*; do
	v=${f##*/}
	[ "${v%%_*}" -lt 20250705000000 ] && cp -p "$f" "$before/"
done
M=$before
rm -f "$DB"*
applies golang-migrate-pocket-id-before-normalize \
    $(ls "$M"/*.up.sql | sort)
is "$(q "SELECT instr(sql, char(13, 10)) > 0 FROM sqlite_master WHERE name = 'api_keys'" "$DB")" 1 \
    "golang-migrate-pocket-id: a CRLF file's text kept as it is, as golang-migrate passes it"

# goose (Arcane): six files ask for no transaction; refused, each named.
project goose-arcane
sd --database "$DB" --migrations "$M" migrate
is "$rc" 5 "goose-arcane: refused, exit 5"
is "$(printf '%s\n' "$err" | grep -c "sql:1: 'NO TRANSACTION' (goose): schemad runs every migration in one transaction")" 6 \
    "goose-arcane: the six NO TRANSACTION markers, each named"
is "$(printf '%s\n' "$err" | grep -vc 'NO TRANSACTION')" 0 \
    "goose-arcane: and no other complaint"
ok "$([ ! -e "$DB" ]; echo $?)" "goose-arcane: nothing written"

done_testing
