#!/bin/sh
# SPDX-License-Identifier: MIT
# schemad new NAME: the next migration file in the directory's own
# convention -- numbering (sequence or UTC timestamp) and layout (schemad,
# golang-migrate, dbmate, goose, sql-migrate); a comment saying where the
# SQL goes; refused by plan (which still lists the rest) until it holds
# SQL, applied once it does; a missing directory made, and said.
. "$(dirname "$0")/lib.sh"

new() { sd --migrations "$1" new "$2"; }

M=$T/m
mkdir "$M"
new "$M" create_users
is "$rc:$out" "0:$M/0001_create_users.sql" "an empty directory starts at 0001, and prints the path"
is "$(head -1 "$M/0001_create_users.sql")" \
    "-- Write this migration's SQL below. It runs in one transaction with" \
    "the file says where its SQL goes"
sd --database "$T/app.db" --migrations "$M" plan
is "$rc" 5 "plan refuses it until it holds SQL"
like "$err" "0001_create_users.sql: no statement yet, only the comment schemad new wrote: write its SQL below it, or delete the file" \
    "and says so, and what to do"
echo 'CREATE TABLE users (id INTEGER PRIMARY KEY);' >>"$M/0001_create_users.sql"
new "$M" add_email
is "$out" "$M/0002_add_email.sql" "the next number, as wide as the last"
sd --database "$T/app.db" --migrations "$M" plan
is "$rc" 5 "plan: one written, one not: exit 5"
like "$out" "pending   0001_create_users.sql" "and still lists the rest"
is "$(printf '%s\n' "$err" | grep -c 'no statement yet')" 1 \
    "only the one not written is refused"
sd --database "$T/app.db" --migrations "$M" migrate
is "$rc:$(q "SELECT count(*) FROM sqlite_master WHERE name = 'users'")" 5:0 \
    "migrate refuses the directory, and applies nothing"
sd --database "$T/app.db" --migrations "$M" plan --json
is "$rc" 5 "plan --json: exit 5 too"
is "$(printf '%s\n' "$out" | jq -r '.status, ([.pending[].file] | join(",")), (.errors | length), (.errors[0] | test("0002_add_email.sql: no statement yet"))' | tr '\n' ' ')" \
    "invalid 0001_create_users.sql,0002_add_email.sql 1 true " \
    "--json lists them all, as text does, and the file not written among its errors"
sd --database "$T/app.db" --migrations "$M" history --json
is "$rc:$(printf '%s\n' "$out" | jq -r '([.history[].state] | join(",")), (.errors[0] | test("0002_add_email.sql: no statement yet"))' | tr '\n' ' ')" \
    "5:pending,pending true " "history: the same, exit 5, the file among its errors"
: >"$M/0002_add_email.sql"
sd --database "$T/app.db" --migrations "$M" plan
like "$err" "0002_add_email.sql: empty: it holds no statement; write its SQL, or delete the file" \
    "a file emptied: said so, and what to do"
echo '-- nothing to do: the number is kept for a migration taken back' \
    >"$M/0002_add_email.sql"
sd --database "$T/app.db" --migrations "$M" plan
is "$rc" 3 "a comment of one's own: a migration that does nothing"
echo 'ALTER TABLE users ADD COLUMN email TEXT;' >"$M/0002_add_email.sql"
sd --database "$T/app.db" --migrations "$M" migrate
is "$rc" 0 "filled in, they apply"
mv "$M/0002_add_email.sql" "$M/17_add_email.sql"
new "$M" x
is "$out" "$M/18_x.sql" "17 is followed by 18"

new "$M" "bad name"
is "$rc" 2 "a name with a space: exit 2"
like "$err" "'bad name': a name is letters, digits, '_' and '-'" "and says why"
new "$T/db/migrations" create_users
is "$rc:$out" "0:$T/db/migrations/0001_create_users.sql" \
    "a missing directory: made, with its parents, as dbmate new makes it"
like "$err" "new: made the directory $T/db
.*new: made the directory $T/db/migrations" "and said"
: >"$T/file"
new "$T/file/migrations" x
is "$rc" 5 "a directory that cannot be made: exit 5"
like "$err" "new: $T/file/migrations: Not a directory" "and says which, and why"
sd --migrations "$M" new
is "$rc" 2 "no name: exit 2"

# Timestamps: the time now, UTC, or after the newest if that is later.
S=$T/stamps
mkdir "$S"
echo 'CREATE TABLE a (x);' >"$S/20240105123000_a.sql"
before=$(date -u +%Y%m%d%H%M%S)
new "$S" b
after=$(date -u +%Y%m%d%H%M%S)
stamp=$(basename "$out" | cut -d_ -f1)
like "$out" "^$S/[0-9]{14}_b\.sql$" "a timestamped directory gets a timestamp"
# date(1) and schemad read the clock at different moments; a second's
# slack either side, as a second boundary may fall between them.
test "$stamp" -ge "$((before - 1))" && test "$stamp" -le "$((after + 1))"
ok $? "the time now, UTC ($stamp, between $before and $after)"
rm "$S/${stamp}_b.sql"
echo 'CREATE TABLE c (x);' >"$S/29991231235959_c.sql"
new "$S" d
is "$out" "$S/29991231235960_d.sql" "after a newest in the future: newest + 1"

# Other tools' layouts.
G=$T/golang-migrate
mkdir "$G"
echo 'CREATE TABLE a (x);' >"$G/1_a.up.sql"
echo 'DROP TABLE a;' >"$G/1_a.down.sql"
new "$G" b
is "$out" "$G/2_b.up.sql
$G/2_b.down.sql" "golang-migrate: an .up.sql and a .down.sql"
for tool in "dbmate|-- migrate:up|-- migrate:down" \
    "goose|-- +goose Up|-- +goose Down" \
    "sql-migrate|-- +migrate Up|-- +migrate Down"; do
	name=${tool%%|*} rest=${tool#*|}
	upmark=${rest%|*} downmark=${rest#*|}
	D=$T/$name
	mkdir "$D"
	printf '%s\nCREATE TABLE a (x);\n%s\nDROP TABLE a;\n' "$upmark" \
	    "$downmark" >"$D/20240105123000_a.sql"
	new "$D" b
	f=$out
	is "$(grep -c -e "^$upmark\$" -e "^$downmark\$" "$f")" 2 \
	    "$name: the new file has its up and down annotations"
	rm -f "$T/app.db"*
	sd --database "$T/app.db" --migrations "$D" plan
	is "$rc" 5 "$name: refused until the up section holds SQL"
	sed -i "s/^$upmark\$/&\\nCREATE TABLE b (x);/" "$f"
	sd --database "$T/app.db" --migrations "$D" migrate
	is "$rc" 0 "$name: then it applies"
	is "$(q "SELECT count(*) FROM sqlite_master WHERE name IN ('a', 'b')")" 2 \
	    "$name: both up sections ran"
done

# diesel and Prisma: a directory each, numbered by timestamp.
L=$T/diesel
mkdir -p "$L/2024-01-05-123000_a"
echo 'CREATE TABLE a (x);' >"$L/2024-01-05-123000_a/up.sql"
echo 'DROP TABLE a;' >"$L/2024-01-05-123000_a/down.sql"
new "$L" b
like "$out" "^$L/[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{6}_b/up.sql
$L/[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{6}_b/down.sql$" \
    "diesel: YYYY-MM-DD-HHMMSS_b/ with up.sql and down.sql"
P=$T/prisma
mkdir -p "$P/20240105123000_init"
echo 'CREATE TABLE a (x);' >"$P/20240105123000_init/migration.sql"
new "$P" b
f=$out
like "$f" "^$P/[0-9]{14}_b/migration.sql$" "Prisma: YYYYMMDDHHMMSS_b/migration.sql"
sd --database "$T/app.db" --migrations "$P" plan
is "$rc" 5 "Prisma: refused until it holds SQL"
echo 'CREATE TABLE b (x);' >"$f"
rm -f "$T/app.db"*
sd --database "$T/app.db" --migrations "$P" migrate
is "$rc" 0 "Prisma: then it applies"

# Atlas: VERSION_name.sql by the time now, as atlas migrate new names it,
# whatever the directory holds; sqlx, simple and reversible files mixed:
# a simple one, as sqlx migrate add writes by default.
A=$T/atlas
mkdir "$A"
echo 'CREATE TABLE a (x);' >"$A/0001_a.sql"
: >"$A/atlas.sum"
new "$A" b
like "$out" "^$A/[0-9]{14}_b.sql$" "Atlas: YYYYMMDDHHMMSS_b.sql"
X=$T/sqlx
mkdir "$X"
echo 'CREATE TABLE a (x);' >"$X/0001_a.up.sql"
echo 'DROP TABLE a;' >"$X/0001_a.down.sql"
echo 'CREATE TABLE b (x);' >"$X/0002_b.sql"
new "$X" c
is "$out" "$X/0003_c.sql" "sqlx: a simple 0003_c.sql"

# Flyway: V<version>__name.sql, the last number of the newest version + 1.
W=$T/flyway
mkdir "$W"
echo 'CREATE TABLE a (x);' >"$W/V1.9__a.sql"
echo 'CREATE TABLE b (x);' >"$W/V1.10__b.sql"
new "$W" c
is "$out" "$W/V1.11__c.sql" "Flyway: V1.11 after V1.10"
echo 'CREATE TABLE c (x);' >"$W/V1.11__c.sql"
rm -f "$T/app.db"*
sd --database "$T/app.db" --migrations "$W" migrate
is "$rc:$(q 'SELECT group_concat(label) FROM schemad_history')" "0:1.9,1.10,1.11" \
    "Flyway: then it applies, after the others"
rm -r "$W"
mkdir "$W"
sd --migrations "$W" --format flyway new first
is "$out" "$W/V1__first.sql" "Flyway, an empty directory: V1"

done_testing
