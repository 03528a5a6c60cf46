#!/bin/sh
# SPDX-License-Identifier: MIT
# Other tools' migration directories, used as they are: golang-migrate's and
# sqlx's .up.sql/.down.sql pairs, dbmate's, goose's and sql-migrate's up
# and down sections in one file. Each fixture is written as the tool's own
# documentation shows it, and every down part creates a table down_ran, so
# that a down part that ran would show. A fresh apply must equal the sqlite3
# shell running the up SQL; what asks for no transaction is refused before
# anything is written.
. "$(dirname "$0")/lib.sh"

SCHEMA="SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'schemad%' ORDER BY name"

# same_schema LAYOUT DIR UPSQL...: migrate DIR, and compare the schema with
# the shell's run of the up SQL files.
same_schema()
{
	layout=$1 dir=$2
	shift 2
	rm -f "$T/app.db"* "$T/shell.db"
	sd --database "$T/app.db" --migrations "$dir" plan
	is "$rc" 3 "$layout: plan, pending"
	like "$out" "layout +$layout(: [0-9]+ down (files are|sections are|file is|section is) never run|: [0-9]+ statements? that only|\$)" \
	    "$layout: plan names the layout and what is never run"
	sd --database "$T/app.db" --migrations "$dir" migrate
	is "$rc" 0 "$layout: migrate, exit 0"
	[ "$rc" = 0 ] || diag "$err"
	cat "$@" | sqlite3 "$T/shell.db"
	is "$(q "$SCHEMA" "$T/app.db")" "$(q "$SCHEMA" "$T/shell.db")" \
	    "$layout: the schema is the sqlite3 shell's from the up SQL"
	is "$(q "SELECT count(*) FROM sqlite_master WHERE name = 'down_ran'")" 0 \
	    "$layout: no down part ran"
	sd --database "$T/app.db" --migrations "$dir" plan
	is "$rc" 0 "$layout: then up to date"
}

# golang-migrate (and sqlx's reversible migrations): {version}_{title}.up.sql
# and .down.sql.
G=$T/golang-migrate
mkdir "$G"
cat >"$G/1_create_users.up.sql" <<'SQL'
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);
SQL
echo 'DROP TABLE IF EXISTS users; CREATE TABLE down_ran (x);' \
    >"$G/1_create_users.down.sql"
cat >"$G/2_add_email.up.sql" <<'SQL'
ALTER TABLE users ADD COLUMN email TEXT;
CREATE UNIQUE INDEX users_email ON users (email);
SQL
echo 'CREATE TABLE down_ran (x);' >"$G/2_add_email.down.sql"
same_schema golang-migrate "$G" "$G/1_create_users.up.sql" \
    "$G/2_add_email.up.sql"
sd --database "$T/app.db" --migrations "$G" plan --json
like "$out" '"layout":"golang-migrate","down_ignored":2' \
    "golang-migrate: plan --json says the layout"

# sqlx's reversible migrations, by timestamp.
X=$T/sqlx
mkdir "$X"
echo 'CREATE TABLE todos (id INTEGER PRIMARY KEY, done BOOLEAN NOT NULL DEFAULT FALSE);' \
    >"$X/20240105123000_todos.up.sql"
echo 'CREATE TABLE down_ran (x);' >"$X/20240105123000_todos.down.sql"
same_schema golang-migrate "$X" "$X/20240105123000_todos.up.sql"

# dbmate: one file, "-- migrate:up" then "-- migrate:down".
D=$T/dbmate
mkdir "$D"
cat >"$D/20240105123000_create_users_table.sql" <<'SQL'
-- migrate:up
create table users (
  id integer,
  name varchar(255),
  email varchar(255) not null
);

-- migrate:down
drop table users;
create table down_ran (x);
SQL
cat >"$D/20240106090000_add_index.sql" <<'SQL'
-- migrate:up
create index users_email on users (email);
-- migrate:down
create table down_ran (x);
SQL
printf 'create table users (\n  id integer,\n  name varchar(255),\n  email varchar(255) not null\n);\n' \
    >"$T/dbmate-1.sql"
echo 'create index users_email on users (email);' >"$T/dbmate-2.sql"
same_schema dbmate "$D" "$T/dbmate-1.sql" "$T/dbmate-2.sql"

# goose: "-- +goose Up", StatementBegin/End around what has semicolons
# inside, "-- +goose Down".
O=$T/goose
mkdir "$O"
cat >"$O/00001_create_post.sql" <<'SQL'
-- +goose Up
CREATE TABLE post (
    id INTEGER PRIMARY KEY,
    title TEXT,
    body TEXT
);
-- +goose StatementBegin
CREATE TRIGGER post_title AFTER INSERT ON post
BEGIN
    UPDATE post SET title = upper(title) WHERE id = new.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER post_title;
DROP TABLE post;
CREATE TABLE down_ran (x);
SQL
sed -n '2,11p' "$O/00001_create_post.sql" | grep -v '+goose' >"$T/goose-1.sql"
same_schema goose "$O" "$T/goose-1.sql"
q "INSERT INTO post (title) VALUES ('hello')"
is "$(q 'SELECT title FROM post')" HELLO "goose: the trigger between StatementBegin and StatementEnd works"

# sql-migrate: "-- +migrate Up" and "-- +migrate Down".
S=$T/sql-migrate
mkdir "$S"
cat >"$S/1_initial.sql" <<'SQL'
-- +migrate Up
CREATE TABLE people (id int);

-- +migrate Down
DROP TABLE people;
CREATE TABLE down_ran (x);
SQL
echo 'CREATE TABLE people (id int);' >"$T/sql-migrate-1.sql"
same_schema sql-migrate "$S" "$T/sql-migrate-1.sql"

# diesel: a directory per migration, VERSION_name/up.sql and down.sql,
# VERSION with dashes.
L=$T/diesel
mkdir -p "$L/2024-01-05-123000_create_users" "$L/2024-01-06-090000_add_posts"
echo 'CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL);' \
    >"$L/2024-01-05-123000_create_users/up.sql"
echo 'DROP TABLE users; CREATE TABLE down_ran (x);' \
    >"$L/2024-01-05-123000_create_users/down.sql"
echo 'CREATE TABLE posts (id INTEGER PRIMARY KEY NOT NULL, user_id INTEGER NOT NULL REFERENCES users (id));' \
    >"$L/2024-01-06-090000_add_posts/up.sql"
echo 'CREATE TABLE down_ran (x);' >"$L/2024-01-06-090000_add_posts/down.sql"
same_schema diesel "$L" "$L/2024-01-05-123000_create_users/up.sql" \
    "$L/2024-01-06-090000_add_posts/up.sql"
is "$(q "SELECT group_concat(version || ':' || name) FROM schemad_history")" \
    "20240105123000:create_users,20240106090000:add_posts" \
    "diesel: versions without the dashes, names after them"

chmod g+w "$L/2024-01-06-090000_add_posts"
sd --database "$T/app.db" --migrations "$L" plan
is "$rc" 5 "diesel: a migration's directory its group may write: exit 5"
like "$err" "2024-01-06-090000_add_posts: writable by its group" "and says so"
chmod g-w "$L/2024-01-06-090000_add_posts"

# Prisma: VERSION_name/migration.sql, and migration_lock.toml beside them.
P=$T/prisma
mkdir -p "$P/20240105123000_init"
printf '[provider]\nprovider = "sqlite"\n' >"$P/migration_lock.toml"
cat >"$P/20240105123000_init/migration.sql" <<'SQL'
-- CreateTable
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
SQL
same_schema prisma "$P" "$P/20240105123000_init/migration.sql"

mkdir "$P/20240106000000_empty"
sd --database "$T/app.db" --migrations "$P" plan
is "$rc" 5 "Prisma: a directory without migration.sql: exit 5"
like "$err" "20240106000000_empty: holds neither up.sql \(diesel\) nor migration.sql \(Prisma\)" \
    "and says what it lacks"
rmdir "$P/20240106000000_empty"

# drizzle: NNNN_name.sql from 0000, listed in meta/_journal.json,
# statements ended by "--> statement-breakpoint", and table rebuilds
# between PRAGMA foreign_keys=OFF and =ON, as drizzle-kit writes them.
Z=$T/drizzle
mkdir -p "$Z/meta"
# journal TAG...: meta/_journal.json as drizzle-kit writes it.
journal()
{
	{
		printf '{\n  "version": "7",\n  "dialect": "sqlite",\n  "entries": ['
		i=0
		for tag; do
			[ "$i" -gt 0 ] && printf ','
			printf '\n    {\n      "idx": %d,\n      "version": "6",\n      "when": %d,\n      "tag": "%s",\n      "breakpoints": true\n    }' \
			    "$i" "$((1704067200000 + i * 86400000))" "$tag"
			i=$((i + 1))
		done
		printf '\n  ]\n}'
	} >"$Z/meta/_journal.json"
}
journal 0000_striped_hulk 0001_sleepy_rogue
cat >"$Z/0000_striped_hulk.sql" <<'SQL'
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `posts` (
	`id` integer PRIMARY KEY NOT NULL,
	`owner` integer NOT NULL,
	FOREIGN KEY (`owner`) REFERENCES `users`(`id`)
);
SQL
cat >"$Z/0001_sleepy_rogue.sql" <<'SQL'
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_posts` (
	`id` integer PRIMARY KEY NOT NULL,
	`owner` integer NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`owner`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_posts`("id", "owner") SELECT "id", "owner" FROM `posts`;--> statement-breakpoint
DROP TABLE `posts`;--> statement-breakpoint
ALTER TABLE `__new_posts` RENAME TO `posts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;
SQL
same_schema drizzle "$Z" "$Z/0000_striped_hulk.sql" "$Z/0001_sleepy_rogue.sql"
like "$(sd --database "$T/app.db" --migrations "$Z" plan; echo "$out")" \
    "2 statements that only turn foreign keys off and on left out \\(a run has them off, and checks them before COMMIT\\)" \
    "drizzle: plan says the PRAGMA pair is left out, and why"
is "$(q 'SELECT group_concat(version) FROM schemad_history')" "0,1" \
    "drizzle: versions from 0"
printf 'PRAGMA foreign_keys=OFF;\nCREATE TABLE z (x);\n' >"$Z/0002_unpaired.sql"
sd --database "$T/app.db" --migrations "$Z" plan
is "$rc" 0 "drizzle: a file its journal does not list is left out, as drizzle leaves it"
like "$err" "0002_unpaired.sql: not in meta/_journal.json, so drizzle never runs it: left out" \
    "and plan says so, naming it"
journal 0000_striped_hulk 0001_sleepy_rogue 0002_unpaired
sd --database "$T/app.db" --migrations "$Z" plan
is "$rc" 5 "drizzle: an OFF without its ON is refused"
journal 0000_striped_hulk 0001_sleepy_rogue 0002_unpaired 0003_gone
sd --database "$T/app.db" --migrations "$Z" plan
like "$err" "_journal.json: 0003_gone is listed, but 0003_gone.sql is not in the directory" \
    "drizzle: a journal entry without its file is refused"
journal 0001_sleepy_rogue 0000_striped_hulk
sd --database "$T/order.db" --migrations "$Z" plan
is "$(printf '%s\n' "$out" | grep -Eo '000[01]_[a-z_]+\.sql' | tr '\n' ' ')" \
    "0001_sleepy_rogue.sql 0000_striped_hulk.sql " \
    "drizzle: the journal's order, not the numbers' (readMigrationFiles)"
echo '{"entries": [' >"$Z/meta/_journal.json"
sd --database "$T/app.db" --migrations "$Z" plan
like "$err" "_journal.json:[0-9]+: " "drizzle: a broken journal: its line, and jansson's message"
rm "$Z/meta/_journal.json"
sd --database "$T/app.db" --migrations "$Z" plan
is "$rc" 5 "without meta/_journal.json, schemad's layout: an OFF without its ON is refused"
like "$err" "0002_unpaired.sql:1: .*foreign_keys" "naming file and line"
rm "$Z/0002_unpaired.sql"
sd --database "$T/app.db" --migrations "$Z" plan
is "$rc:$out" "0:$T/app.db: at version 1
  layout    2 statements that only turn foreign keys off and on left out (a run has them off, and checks them before COMMIT)
up to date" "and the pair is left out there too, and said"

# Atlas: VERSION_name.sql, with atlas.sum beside them (which says the
# layout, and is not a migration).
A=$T/atlas
mkdir "$A"
echo 'CREATE TABLE `users` (`id` int NOT NULL, PRIMARY KEY (`id`));' \
    >"$A/20240105123000_init.sql"
printf 'h1:abc=\n20240105123000_init.sql h1:def=\n' >"$A/atlas.sum"
rm -f "$T/app.db"*
sd --database "$T/app.db" --migrations "$A" migrate
is "$rc" 0 "Atlas: migrate, exit 0 (atlas.sum is not a migration)"
is "$(q 'SELECT version FROM schemad_history')" 20240105123000 "Atlas: recorded"
sd --database "$T/app.db" --migrations "$A" plan
like "$out" "layout +atlas$" "Atlas: plan names its layout, found from atlas.sum"

# An error in an up section names the file's own line.
rm -f "$T/app.db"*
cat >"$D/20240107000000_broken.sql" <<'SQL'
-- migrate:up
create table a (x);
insert into nosuch values (1);
-- migrate:down
drop table a;
SQL
sd --database "$T/app.db" --migrations "$D" migrate
is "$rc" 1 "dbmate: a failing up section: exit 1"
like "$err" "20240107000000_broken.sql:3: no such table: nosuch" \
    "and the error names the file's own line"
rm "$D/20240107000000_broken.sql"

# Asking for no transaction is refused, saying how to go on, before the
# database is written.
for marker in "-- migrate:up transaction:false|dbmate" \
    "-- +goose NO TRANSACTION|goose" "-- +migrate Up notransaction|sql-migrate" \
    "-- no-transaction|sqlx" "-- atlas:txmode none|Atlas"; do
	line=${marker%|*} tool=${marker#*|}
	rm -rf "$T/nt" "$T/app.db"*
	mkdir "$T/nt"
	case $tool in
	goose) printf '%s\n-- +goose Up\nVACUUM;\n' "$line" ;;
	*) printf '%s\nVACUUM;\n' "$line" ;;
	esac >"$T/nt/20240105123000_vacuum.sql"
	sd --database "$T/app.db" --migrations "$T/nt" migrate
	is "$rc" 5 "$tool's '$line': exit 5"
	like "$err" "20240105123000_vacuum.sql:1: .*one transaction" \
	    "$tool: the error names file and line, and why"
	test ! -e "$T/app.db"
	ok $? "$tool: nothing was written"
done

rm -rf "$T/nt" "$T/app.db"*
mkdir "$T/nt"
printf -- '-- atlas:delimiter -- end\nCREATE TABLE a (x)\n-- end\n' \
    >"$T/nt/20240105123000_a.sql"
sd --database "$T/app.db" --migrations "$T/nt" migrate
is "$rc" 5 "Atlas's delimiter directive: exit 5"
like "$err" "20240105123000_a.sql:1: 'atlas:delimiter' \\(Atlas\\): schemad ends statements at ';'" \
    "and says why"

# A plain file among .up.sql ones is sqlx's layout, which reads each file
# by its suffix; named golang-migrate's, it is refused. A file without
# annotations among dbmate's is refused.
echo 'CREATE TABLE p (x);' >"$G/3_plain.sql"
sd --database "$T/app.db" --migrations "$G" plan
is "$rc" 3 "a plain file among .up.sql ones: sqlx's layout, all pending"
like "$out" "layout +sqlx: [0-9]+ down files? (is|are) never run" "plan says sqlx's"
like "$out" "pending +3_plain.sql" "and the plain file is one of them"
sd --database "$T/app.db" --migrations "$G" --format golang-migrate plan
is "$rc" 5 "named golang-migrate's: exit 5"
like "$err" "3_plain.sql: an NNNN_name.sql file, in a golang-migrate directory" \
    "and says which"
rm "$G/3_plain.sql"
echo 'create table p (x);' >"$D/20240108000000_plain.sql"
sd --database "$T/app.db" --migrations "$D" plan
is "$rc" 5 "a file without annotations among dbmate's: exit 5"
like "$err" "20240108000000_plain.sql: no up section annotation, in a dbmate directory" \
    "and says which"
rm "$D/20240108000000_plain.sql"

# The layout can be named: format = dbmate reads no goose annotations.
sd --database "$T/app.db" --migrations "$O" --format dbmate plan
is "$rc" 5 "--format dbmate on goose's files: exit 5"
like "$err" "no up section annotation, in a dbmate directory" "and says why"
rm -f "$T/app.db"*
sd --database "$T/app.db" --migrations "$D" --format dbmate migrate
is "$rc" 0 "--format dbmate on dbmate's files: exit 0"

done_testing
