#!/bin/sh
# SPDX-License-Identifier: MIT
# Flyway's directory, as its documentation names the files: versioned
# V<version>__<description>.sql in Flyway's version order (1.10 after 1.9),
# undo files never run, repeatable R__<description>.sql applied after the
# versioned ones and again whenever they change, in the same transaction;
# and the same repeatable migrations in schemad's own layout; placeholders
# replaced as Flyway replaces them. What Flyway would do otherwise
# (executeInTransaction=false, baseline migrations) and a placeholder
# without a value are refused before anything is written.
. "$(dirname "$0")/lib.sh"

SCHEMA="SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'schemad%' ORDER BY name"

F=$T/flyway
mkdir "$F"
echo 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);' \
    >"$F/V1__create_users.sql"
echo 'ALTER TABLE users ADD COLUMN email TEXT;' >"$F/V1.9__add_email.sql"
echo 'CREATE INDEX users_email ON users (email);' >"$F/V1.10__index_email.sql"
echo 'CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));' \
    >"$F/V1_2__create_posts.sql"
echo 'DROP TABLE users; CREATE TABLE undo_ran (x);' >"$F/U1__create_users.sql"
cat >"$F/R__user_view.sql" <<'SQL'
DROP VIEW IF EXISTS user_names;
CREATE VIEW user_names AS SELECT name FROM users;
SQL
cat >"$F/R__post_view.sql" <<'SQL'
DROP VIEW IF EXISTS post_users;
CREATE VIEW post_users AS SELECT p.id, u.name FROM posts p JOIN users u ON u.id = p.user_id;
SQL

sd --database "$T/app.db" --migrations "$F" plan
is "$rc" 3 "plan: pending"
like "$out" "layout +flyway: 1 undo file is never run" "plan: the layout, and the undo file"
is "$(printf '%s\n' "$out" | awk '/^  (pending|repeat) / {print $2}' | tr '\n' ' ')" \
    "V1__create_users.sql V1_2__create_posts.sql V1.9__add_email.sql V1.10__index_email.sql R__post_view.sql R__user_view.sql " \
    "plan: Flyway's version order (1.10 after 1.9), then the repeatables by name"
like "$out" "6 pending: version 0 -> 4" "the version is the place in the order"

sd --database "$T/app.db" --migrations "$F" migrate
is "$rc" 0 "migrate: exit 0"
[ "$rc" = 0 ] || diag "$err"
cat "$F/V1__create_users.sql" "$F/V1_2__create_posts.sql" "$F/V1.9__add_email.sql" \
    "$F/V1.10__index_email.sql" "$F/R__post_view.sql" "$F/R__user_view.sql" |
    sqlite3 "$T/shell.db"
is "$(q "$SCHEMA")" "$(q "$SCHEMA" "$T/shell.db")" \
    "the schema is the sqlite3 shell's from the same files"
is "$(q "SELECT count(*) FROM sqlite_master WHERE name = 'undo_ran'")" 0 \
    "the undo file never ran"
is "$(q "SELECT group_concat(version || '=' || label || ':' || name, ' ') FROM schemad_history")" \
    "1=1:create_users 2=1.2:create_posts 3=1.9:add_email 4=1.10:index_email" \
    "the history keeps Flyway's version as the label"
is "$(q 'PRAGMA user_version')" 4 "user_version is the place of the newest"
is "$(q "SELECT group_concat(name || ':' || status, ' ') FROM schemad_repeatable")" \
    "post_view:applied user_view:applied" "the repeatables are recorded apart"

sd --database "$T/app.db" --migrations "$F" plan
is "$rc" 0 "then up to date: an unchanged repeatable does not run again"

# A changed repeatable runs again, alone; the version stays.
before=$(q "SELECT applied_at FROM schemad_repeatable WHERE name = 'post_view'")
cat >"$F/R__user_view.sql" <<'SQL'
DROP VIEW IF EXISTS user_names;
CREATE VIEW user_names AS SELECT name, email FROM users;
SQL
sd --database "$T/app.db" --migrations "$F" plan --json
like "$out" '"file":"R__user_view.sql","repeatable":true,"action":"apply"' \
    "plan --json: the changed repeatable is pending"
sd --database "$T/app.db" --migrations "$F" migrate
is "$rc" 0 "a changed repeatable: migrate, exit 0"
like "$out" "the version stays 4, 1 migration" "it alone ran; the version stays"
is "$(q "SELECT group_concat(name) FROM pragma_table_info('user_names')")" \
    "name,email" "the view is the new one"
is "$(q "SELECT applied_at FROM schemad_repeatable WHERE name = 'post_view'")" \
    "$before" "the unchanged one did not run again"

# A new versioned file and a changed repeatable: one transaction. A
# failing repeatable rolls back the versioned migration too.
echo 'CREATE TABLE tags (name TEXT);' >"$F/V2__tags.sql"
printf 'DROP VIEW IF EXISTS user_names;\nINSERT INTO nosuch VALUES (1);\n' \
    >"$F/R__user_view.sql"
before=$(dump "$T/app.db")
sd --database "$T/app.db" --migrations "$F" migrate
is "$rc" 1 "a failing repeatable: exit 1"
like "$err" "R__user_view.sql:2: no such table: nosuch" "it names the file and line"
is "$(dump "$T/app.db")" "$before" "and V2 rolled back with it"
printf 'DROP VIEW IF EXISTS user_names;\nCREATE VIEW user_names AS SELECT id FROM users;\n' \
    >"$F/R__user_view.sql"
sd --database "$T/app.db" --migrations "$F" migrate
is "$rc" 0 "mended: exit 0"
like "$(printf '%s\n' "$out" | tr '\n' ' ')" \
    "applied +V2__tags.sql .*applied +R__user_view.sql" \
    "the versioned migration first, then the repeatable"

# A new file below the newest applied version is out of order, as in
# Flyway; nothing is written, and nothing gets another's place.
echo 'CREATE TABLE late (x);' >"$F/V1.9.5__late.sql"
before=$(dump "$T/app.db")
sd --database "$T/app.db" --migrations "$F" migrate
is "$rc" 4 "a new version below the newest applied: exit 4"
like "$err$out" "V1.9.5__late.sql is new but its version, 1.9.5, is below 2, the newest applied" \
    "it says so, with Flyway's versions"
is "$(dump "$T/app.db")" "$before" "nothing written"
rm "$F/V1.9.5__late.sql"
mv "$F/V1.9__add_email.sql" "$T/"
sd --database "$T/app.db" --migrations "$F" plan
is "$rc" 4 "an applied file gone: exit 4"
like "$out" "V1.9__add_email.sql was applied at .* but its file is gone" \
    "it names the file as Flyway names it"
mv "$T/V1.9__add_email.sql" "$F/"

# The daemon: the socket's version= is the place in Flyway's order.
echo 'CREATE TABLE more (x);' >"$F/V2.1__more.sql"
SOCK=$T/s.sock
start_daemon --database "$T/app.db" --migrations "$F" --socket "$SOCK"
sc -s "$SOCK" wait --timeout 30 --version 6
is "$rc" 0 "run: schemactl wait --version 6 (V2.1, the sixth): READY"
like "$out" '^READY version=6 target=6 ' "the socket shows the place"
stop_daemon TERM
is "$rc" 0 "SIGTERM: exit 0"
is "$(q "SELECT label FROM schemad_history WHERE version = 6")" 2.1 \
    "the history keeps its Flyway version"

# A directory of repeatables only.
mkdir "$T/rep"
echo 'CREATE VIEW one AS SELECT 1;' >"$T/rep/R__one.sql"
rm -f "$T/rep.db"
sd --database "$T/rep.db" --migrations "$T/rep" migrate
is "$rc" 0 "only a repeatable: migrate, exit 0"
start_daemon --database "$T/rep.db" --migrations "$T/rep" --socket "$SOCK"
sc -s "$SOCK" wait --timeout 30
is "$rc" 0 "only a repeatable: run is READY"
like "$out" "^READY version=0 " "at version 0"
stop_daemon TERM

# Refused before anything is written.
refused()
{
	what=$1 file=$2 text=$3 pattern=$4
	rm -rf "$T/bad" "$T/bad.db"
	mkdir "$T/bad"
	echo 'CREATE TABLE a (x);' >"$T/bad/V1__a.sql"
	printf '%s\n' "$text" >"$T/bad/$file"
	sd --database "$T/bad.db" --migrations "$T/bad" migrate
	is "$rc" 5 "$what: exit 5"
	like "$err" "$pattern" "$what: says why"
	test ! -e "$T/bad.db"
	ok $? "$what: nothing written"
}
refused "a placeholder without a value" V2__p.sql "SELECT 1;
INSERT INTO a VALUES ('\${user}');" \
    "V2__p.sql:2: no value for the Flyway placeholder '\\\$\\{user\\}': give it one in \\[placeholders\\] or with --placeholder user=VALUE"
refused "\${flyway:database}" V2__p.sql "SELECT '\${flyway:database}';" \
    "V2__p.sql:1: '\\\$\\{flyway:database\\}': Flyway has no value for it on SQLite"
refused "executeInTransaction=false" V1__a.sql.conf "executeInTransaction=false" \
    "V1__a.sql.conf:1: 'executeInTransaction=false' \\(Flyway\\): schemad runs every migration in one transaction"
refused "a baseline migration" B2__base.sql "CREATE TABLE b (x);" \
    "B2__base.sql: a Flyway baseline migration, which schemad does not read"
refused "1.0 beside 1" V1.0__again.sql "CREATE TABLE b (x);" \
    "version 1 is used twice: V1.0__again.sql and V1__a.sql"
refused "a malformed version" V1..2__x.sql "CREATE TABLE b (x);" \
    "V1..2__x.sql: malformed version '1..2'"

# Placeholders, as Flyway replaces them: values from [placeholders] and
# --placeholder (which wins), matched without case; Flyway's own; none in a
# file whose .sql.conf says placeholderReplacement=false; a versioned
# migration's checksum of its file as it is, a repeatable's after them.
H=$T/holders
mkdir "$H"
printf 'CREATE TABLE ${prefix}users (id INTEGER PRIMARY KEY, who TEXT DEFAULT '"'"'[${flyway:user}]'"'"');\n' \
    >"$H/V1__users.sql"
printf 'CREATE TABLE log (at TEXT, file TEXT, schema TEXT);\nINSERT INTO log VALUES ('"'"'${flyway:timestamp}'"'"', '"'"'${flyway:filename}'"'"', '"'"'${FLYWAY:DEFAULTSCHEMA}'"'"');\n' \
    >"$H/V2__log.sql"
printf 'INSERT INTO log VALUES ('"'"'${kept}'"'"', NULL, NULL);\n' >"$H/V3__kept.sql"
printf 'placeholderReplacement = false\n' >"$H/V3__kept.sql.conf"
printf 'DROP VIEW IF EXISTS named;\nCREATE VIEW named AS SELECT '"'"'${Name}'"'"' AS n;\n' >"$H/R__named.sql"
printf '[placeholders]\nPrefix = app_\nname = first\n' >"$T/holders.conf"
rm -f "$T/holders.db"
sd -c "$T/holders.conf" --database "$T/holders.db" --migrations "$H" migrate
is "$rc" 0 "placeholders from [placeholders]: exit 0"
[ "$rc" = 0 ] || diag "$err"
is "$(q "SELECT sql FROM sqlite_master WHERE name = 'app_users'" "$T/holders.db")" \
    "CREATE TABLE app_users (id INTEGER PRIMARY KEY, who TEXT DEFAULT '[]')" \
    "a value, matched without case; flyway:user is empty on SQLite"
like "$(q "SELECT at || ' ' || file || ' ' || schema FROM log WHERE file IS NOT NULL" "$T/holders.db")" \
    "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} V2__log.sql main$" \
    "flyway:timestamp, flyway:filename, flyway:defaultSchema"
is "$(q "SELECT at FROM log WHERE file IS NULL" "$T/holders.db")" '${kept}' \
    "placeholderReplacement=false in its .sql.conf: left as it is"
is "$(q "SELECT n FROM named" "$T/holders.db")" first "the repeatable, replaced"
sd -c "$T/holders.conf" --database "$T/holders.db" --migrations "$H" \
    --placeholder prefix=other_ plan
is "$rc" 0 "another value for a versioned migration's: no drift (its checksum is of its file)"
sd -c "$T/holders.conf" --database "$T/holders.db" --migrations "$H" \
    --placeholder NAME=second migrate
is "$rc:$(q "SELECT n FROM named" "$T/holders.db")" "0:second" \
    "another value for a repeatable's (--placeholder wins): it runs again"
SCHEMAD_PLACEHOLDER_NAME=third sd -c "$T/holders.conf" --database "$T/holders.db" \
    --migrations "$H" migrate
is "$rc:$(q "SELECT n FROM named" "$T/holders.db")" "0:third" \
    "SCHEMAD_PLACEHOLDER_NAME, over the file's"
sd --database "$T/holders.db" --migrations "$H" --placeholder flyway:user=x plan
is "$rc" 2 "--placeholder flyway:...: exit 2"
like "$err" "the flyway: prefix is Flyway's own" "and says why"
printf '[placeholders]\nprefix = a\nPREFIX = b\n' >"$T/twice.conf"
sd -c "$T/twice.conf" --database "$T/holders.db" --migrations "$H" plan
like "$rc:$err" "^2:.*twice.conf:3: the placeholder 'PREFIX' is given twice" \
    "a name twice in [placeholders]: exit 2, naming the line"

# The layout can be named.
rm -f "$T/app2.db"
sd --database "$T/app2.db" --migrations "$F" --format flyway plan
is "$rc" 3 "--format flyway: plan, exit 3"
sd --database "$T/app2.db" --migrations "$F" --format dbmate plan
is "$rc" 5 "--format dbmate on Flyway's files: exit 5"
like "$err" "V1__create_users.sql: a Flyway V<version>__ file, in a dbmate directory" \
    "and says which"

# schemad's own layout has repeatable migrations too, named as Flyway's.
S=$T/own
mkdir "$S"
echo 'CREATE TABLE items (id INTEGER PRIMARY KEY, price INTEGER);' >"$S/0001_items.sql"
echo 'DROP VIEW IF EXISTS cheap; CREATE VIEW cheap AS SELECT id FROM items WHERE price < 10;' \
    >"$S/R__cheap.sql"
rm -f "$T/own.db"
sd --database "$T/own.db" --migrations "$S" migrate
is "$rc" 0 "schemad's layout with a repeatable: exit 0"
is "$(q "SELECT name FROM sqlite_master WHERE type = 'view'" "$T/own.db")" cheap \
    "the repeatable ran"
is "$(q "SELECT label IS NULL FROM schemad_history" "$T/own.db")" 1 \
    "schemad's versions have no label"
sd --database "$T/own.db" --migrations "$S" plan
is "$rc" 0 "then up to date"
echo 'DROP VIEW IF EXISTS cheap; CREATE VIEW cheap AS SELECT id FROM items WHERE price < 5;' \
    >"$S/R__cheap.sql"
sd --database "$T/own.db" --migrations "$S" plan
like "$out" "repeat +R__cheap.sql" "a changed repeatable is pending"
rm "$S/R__cheap.sql"
sd --database "$T/own.db" --migrations "$S" plan
is "$rc" 0 "a repeatable whose file is gone: nothing to do (its view stays)"

# A history from before the label column: the next run adds it.
rm -f "$T/old.db"
sqlite3 "$T/old.db" "CREATE TABLE schemad_history (version INTEGER PRIMARY KEY,
    name TEXT NOT NULL, checksum TEXT, status TEXT NOT NULL CHECK (status IN
    ('applied', 'baseline', 'skipped')), applied_at TEXT NOT NULL,
    duration_us INTEGER NOT NULL, applied_by TEXT NOT NULL, detail TEXT);
    CREATE TABLE items (id INTEGER PRIMARY KEY, price INTEGER);
    INSERT INTO schemad_history VALUES (1, 'items',
    '$(sha256sum "$S/0001_items.sql" | cut -d' ' -f1)', 'applied',
    '2024-01-01T00:00:00.000Z', 1, 'schemad', NULL); PRAGMA user_version = 1"
echo 'ALTER TABLE items ADD COLUMN name TEXT;' >"$S/0002_name.sql"
sd --database "$T/old.db" --migrations "$S" migrate
is "$rc" 0 "an older history: migrate, exit 0"
[ "$rc" = 0 ] || diag "$err"
is "$(q "SELECT group_concat(version) FROM schemad_history" "$T/old.db")" "1,2" \
    "its rows are kept, the new one added"
is "$(q "SELECT group_concat(coalesce(length(sql_checksum), 'null')) || ' ' ||
    (SELECT group_concat(name) FROM pragma_table_info('schemad_history')
    WHERE name IN ('label', 'sql_checksum')) FROM schemad_history" "$T/old.db")" \
    "null,64 label,sql_checksum" \
    "the columns added since are added; the new row has its statements' checksum"

# Only schemad's and Flyway's layouts have repeatable migrations.
D=$T/dbmate
mkdir "$D"
printf -- '-- migrate:up\nCREATE TABLE a (x);\n-- migrate:down\nDROP TABLE a;\n' \
    >"$D/20240101000000_a.sql"
echo 'CREATE VIEW v AS SELECT 1;' >"$D/R__v.sql"
sd --database "$T/d.db" --migrations "$D" plan
is "$rc" 5 "a repeatable in a dbmate directory: exit 5"
like "$err" "R__v.sql: a repeatable migration, in a dbmate directory" "and says why"

done_testing
