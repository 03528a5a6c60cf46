#!/bin/sh
# SPDX-License-Identifier: MIT
# schemad migrate and plan on the shipped example: what they print, what
# they record, their exit codes; databases that cannot be used.
. "$(dirname "$0")/lib.sh"

M="--migrations $EXAMPLE/migrations"
DB="--database $T/app.db"

sd $M $DB plan
is "$rc" 3 "plan on a missing database: exit 3 (pending)"
like "$out" "does not exist yet" "plan says the database does not exist"
test ! -e "$T/app.db"
ok $? "plan did not create the database"

sd $M $DB migrate
is "$rc" 0 "migrate: exit 0"
like "$out" "applied +0001_create_users.sql \([0-9.]+ ms\)" "lists what it applied, with times"
like "$out" "version 0 -> 5, 5 migrations in [0-9.]+ ms" "says the version now"
is "$(q 'PRAGMA user_version')" 5 "user_version is 5"
is "$(q 'SELECT group_concat(version) FROM schemad_history')" "1,2,3,4,5" \
    "one history row per migration"
is "$(q "SELECT count(*) FROM schemad_history WHERE length(checksum) = 64 AND applied_at LIKE '____-__-__T__:__:__.___Z' AND duration_us >= 0")" 5 \
    "history rows carry checksum, UTC time and duration"
want=$(sha256sum "$EXAMPLE/migrations/0003_add_user_email.sql" | cut -d' ' -f1)
is "$(q 'SELECT checksum FROM schemad_history WHERE version = 3')" "$want" \
    "the checksum is the file's SHA-256"
is "$(q "SELECT email FROM users WHERE name = 'bob'")" "bob@example.org" \
    "the backfill ran"

sd $M $DB migrate
is "$rc" 0 "migrate again: exit 0"
like "$out" "up to date at version 5" "and nothing to do"
sd $M $DB plan
is "$rc" 0 "plan on a current database: exit 0"
like "$out" "up to date" "plan says so"

# --json, for scripts.
copy_example "$T/m"
cat >"$T/m/0006_tags.sql" <<'SQL'
CREATE TABLE tags (note_id INTEGER REFERENCES notes(id), tag TEXT);
SQL
sd --migrations "$T/m" $DB plan --json
is "$rc" 3 "plan --json with one pending: exit 3"
like "$out" '"status":"pending","exit":3' "plan --json status"
like "$out" '"version":5,"target":6,"layout":"schemad","down_ignored":0,"pending":\[\{"version":6,"file":"0006_tags.sql","action":"apply"\}\]' \
    "plan --json lists the pending migration"
if command -v jq >/dev/null; then
	printf '%s' "$out" | jq -e . >/dev/null
	ok $? "plan --json is valid JSON"
else
	skip "no jq" "plan --json is valid JSON"
fi
sd --migrations "$T/m" $DB migrate --json
is "$rc" 0 "migrate --json: exit 0"
like "$out" '"from":5,"to":6' "migrate --json: from and to"
like "$out" '"done":\[\{"version":6,"file":"0006_tags.sql","action":"apply","duration_ms":[0-9.]+\}\]' \
    "migrate --json: what was done"
if command -v jq >/dev/null; then
	printf '%s' "$out" | jq -e '.status == "ok"' >/dev/null
	ok $? "migrate --json is valid JSON"
else
	skip "no jq" "migrate --json is valid JSON"
fi

# An invalid directory: every problem, before the database is touched.
mkdir "$T/bad"
echo 'SELECT 1;' >"$T/bad/0001_a.sql"
echo 'SELECT 1;' >"$T/bad/1_b.sql"
echo 'SELECT 1;' >"$T/bad/0002-c.sql"
printf 'BEGIN;\nCREATE TABLE x(y);\nCOMMIT;\nCREATE TABLE z(y);\n' \
    >"$T/bad/0003_txn.sql"
printf ' \n\n' >"$T/bad/0004_empty.sql"
printf -- '-- schemad: requires warp-drive\nSELECT 1;\n' >"$T/bad/0005_caps.sql"
sd --migrations "$T/bad" --database "$T/bad.db" migrate
is "$rc" 5 "invalid migrations directory: exit 5"
like "$err" "version 1 is used twice: 0001_a.sql and 1_b.sql" "duplicate version"
like "$err" "0002-c.sql: malformed name" "malformed name"
like "$err" "0003_txn.sql:1: transaction control" "BEGIN refused, with its line"
like "$err" "0003_txn.sql:3: transaction control" "COMMIT refused, with its line"
like "$err" "0004_empty.sql: empty" "empty migration"
like "$err" "0005_caps.sql:1: unknown capability 'warp-drive'" "unknown capability"
test ! -e "$T/bad.db"
ok $? "the database was not touched"
sd --migrations "$T/nonexistent" $DB plan
is "$rc" 5 "missing directory: exit 5"
like "$err" "$T/nonexistent: No such file or directory" "names the directory"

# Databases that cannot be used.
sd $M --database "$T/new.db" --create no migrate
is "$rc" 75 "create = no and no database: exit 75"
like "$err" "database does not exist, and create is off" "and says why"
test ! -e "$T/new.db"
ok $? "no database was created"
sd $M --database "$T/no/such/dir/app.db" migrate
is "$rc" 2 "missing parent directory: exit 2 (configuration; a retry cannot help)"
like "$err" "app.db: the database's directory $T/no/such/dir does not exist" \
    "and says why"
sd $M --database "$T/no/such/dir/app.db" plan
is "$rc" 2 "plan too: exit 2, as migrate"
like "$err" "app.db: the database's directory $T/no/such/dir does not exist" \
    "and says why"
head -c 8192 /dev/urandom >"$T/garbage.db"
sd $M --database "$T/garbage.db" migrate
is "$rc" 6 "a file that is not a database: exit 6"
like "$err" "file is not a database" "and says so"

# A migration that needs a capability this SQLite lacks is skipped,
# recorded, shown by plan, and later migrations still apply.
if sqlite3 :memory: 'CREATE VIRTUAL TABLE temp.g USING geopoly(a)' 2>/dev/null; then
	skip "geopoly is available here" "a missing capability is recorded as skipped"
else
	mkdir "$T/caps"
	echo 'CREATE TABLE a(x);' >"$T/caps/1_a.sql"
	printf -- '-- schemad: requires geopoly\nCREATE VIRTUAL TABLE s USING geopoly(a);\n' \
	    >"$T/caps/2_shapes.sql"
	echo 'CREATE TABLE c(x);' >"$T/caps/3_c.sql"
	sd --migrations "$T/caps" --database "$T/caps.db" plan
	like "$out" "skip +2_shapes.sql \(requires geopoly, missing here\)" \
	    "plan shows the migration that will be skipped"
	sd --migrations "$T/caps" --database "$T/caps.db" migrate
	is "$rc" 0 "a missing capability does not fail the run"
	like "$out" "skipped +2_shapes.sql" "migrate says it skipped it"
	is "$(q "SELECT status || ' ' || detail FROM schemad_history WHERE version = 2" "$T/caps.db")" \
	    "skipped requires geopoly" "history records it as skipped, and why"
	is "$(q 'PRAGMA user_version' "$T/caps.db")" 3 "later migrations applied"
	sd --migrations "$T/caps" --database "$T/caps.db" plan
	is "$rc" 0 "plan afterwards: nothing pending (exit 0)"
	like "$out" "skipped +2_shapes.sql \(requires geopoly, missing here\)" \
	    "plan still shows the skipped migration"
fi

# fts5's trigram tokenizer is a capability of its own (SQLite 3.34).
mkdir "$T/tri"
printf -- '-- schemad: requires fts5-trigram\nCREATE VIRTUAL TABLE t USING fts5(x, tokenize = %s);\n' \
    "'trigram'" >"$T/tri/0001_t.sql"
sd --migrations "$T/tri" --database "$T/tri.db" migrate
is "$rc" 0 "a migration may require fts5-trigram"
if sqlite3 :memory: "CREATE VIRTUAL TABLE temp.t USING fts5(x, tokenize = 'trigram')" 2>/dev/null; then
	is "$(q 'SELECT status FROM schemad_history' "$T/tri.db")" applied \
	    "and is applied where SQLite has it"
else
	is "$(q 'SELECT status FROM schemad_history' "$T/tri.db")" skipped \
	    "and is skipped where SQLite lacks it"
fi

# A migration of comments only does nothing, and is recorded as applied.
mkdir "$T/nop"
echo 'CREATE TABLE a(x);' >"$T/nop/0001_a.sql"
printf -- '-- Nothing to do: kept so that the numbers stay.\n/* See 0003. */\n' \
    >"$T/nop/0002_nothing.sql"
sd --migrations "$T/nop" --database "$T/nop.db" migrate
is "$rc" 0 "a migration of comments only is applied"
is "$(q 'SELECT group_concat(version) FROM schemad_history' "$T/nop.db")" "1,2" \
    "and recorded"

# A migration skipped before, whose requirements are met now, is pending
# again; the version does not move.
q "UPDATE schemad_history SET status = 'skipped' WHERE version = 2" "$T/nop.db"
sd --migrations "$T/nop" --database "$T/nop.db" plan
is "$rc" 3 "a migration skipped before is pending again"
like "$out" '1 pending: the version stays 2$' "and plan says the version stays"
sd --migrations "$T/nop" --database "$T/nop.db" migrate
like "$out" 'the version stays 2, 1 migration in' "so does migrate"

# The WAL's size after a run: said where a replicator ships it (Litestream's
# directory beside the database, or its table in it), or with -v; not on
# every run of every WAL database.
W=$T/wal
mkdir "$W"
sd $M --database "$W/app.db" --journal-mode wal migrate
is "$rc" 0 "a WAL database migrates"
ok "$(printf '%s\n' "$out" | grep -q 'wal  '; echo $((1 - $?)))" \
    "no word of the WAL without a replicator"
rm -f "$W/app.db"*
sd $M --database "$W/app.db" --journal-mode wal -v migrate
like "$out" "wal +[0-9.]+ MB, which a replicator" "with -v, said"
rm -f "$W/app.db"*
mkdir "$W/.app.db-litestream"
sd $M --database "$W/app.db" --journal-mode wal migrate
like "$out" "wal +[0-9.]+ MB, which a replicator" \
    "with Litestream's directory beside the database, said"

# A run that leaves a row pointing nowhere: the failure names the key's
# columns and the migration that did it.
F=$T/fk
mkdir "$F"
printf 'CREATE TABLE users (id INTEGER PRIMARY KEY);\nINSERT INTO users VALUES (1), (2);\nCREATE TABLE posts (id INTEGER PRIMARY KEY, author_id REFERENCES users(id));\nINSERT INTO posts VALUES (1, 1), (2, 2);\n' \
    >"$F/0001_blog.sql"
sd --migrations "$F" --database "$T/fk.db" migrate
is "$rc" 0 "users and posts"
printf 'DELETE FROM users WHERE id = 2;\n' >"$F/0002_prune_users.sql"
printf 'CREATE TABLE tags (x);\n' >"$F/0003_tags.sql"
sd --migrations "$F" --database "$T/fk.db" migrate
is "$rc" 1 "a run that orphans a post: exit 1"
like "$err" "foreign key check failed: table posts row 2 references a missing row of users \(posts.author_id -> users.id\); posts or users written by 0002_prune_users.sql$" \
    "names the row, the key's columns, and the migration that wrote the tables"

done_testing
