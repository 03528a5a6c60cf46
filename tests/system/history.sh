#!/bin/sh
# SPDX-License-Identifier: MIT
# schemad history: every migration, applied or not, with its state
# (applied, pending, adopted, baselined, skipped, repeatable, changed,
# renamed, missing, out-of-order), when it ran and how long it took; as a
# table, and as JSON with --json; exit 0 whatever the states; the database
# left byte for byte as it was, and not made when it does not exist.
# (On an rqlite cluster: tests/system/rqlite.sh.)
. "$(dirname "$0")/lib.sh"

M=$T/m
mkdir "$M"
echo 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);' >"$M/0001_users.sql"
echo 'CREATE TABLE posts (id INTEGER PRIMARY KEY);' >"$M/0002_posts.sql"
echo 'CREATE VIEW names AS SELECT name FROM users;' >"$M/R__names.sql"
h() { sd --database "$T/app.db" --migrations "$M" history "$@"; }

# states: the entries of history --json (in $out) as "file:state".
states()
{
	printf '%s\n' "$out" | jq -r '[.history[] | "\(.file // .name):\(.state)"] | join(" ")'
}

h
is "$rc" 0 "no database yet: exit 0"
like "$out" "app.db: does not exist yet" "and says so"
like "$out" "  1        0001_users.sql  pending" "every file pending"
is "$(printf '%s\n' "$out" | tail -n 1)" "3 pending" "the last line counts them"
[ ! -e "$T/app.db" ]
ok $? "history does not make the database"

sd --database "$T/app.db" --migrations "$M" migrate
is "$rc" 0 "migrated"
h
is "$rc" 0 "up to date: exit 0"
is "$(printf '%s\n' "$out" | sed -n 2p)" \
    "  VERSION  FILE            STATE       APPLIED AT (UTC)          DURATION" \
    "a table, with a heading"
like "$out" "  1        0001_users.sql  applied     20[0-9-]*T[0-9:.]*Z  [0-9.]* ms" \
    "an applied migration: when, in UTC, and how long"
like "$out" "           R__names.sql    repeatable  20" \
    "a repeatable one that ran: repeatable, no version"
is "$(printf '%s\n' "$out" | tail -n 1)" "2 applied, 1 repeatable" "counted"
h --json
is "$(states)" "0001_users.sql:applied 0002_posts.sql:applied R__names.sql:repeatable" \
    "--json: the same states"
is "$(printf '%s\n' "$out" | jq -r '.command, .status, .exit, .version,
    (.history[0] | .applied_at == (.applied_at | tostring), .checksum == .file_checksum, (.duration_ms | type))' | tr '\n' ' ')" \
    "history ok 0 2 true true number " "--json: the command, exit, version, times and checksums"
is "$(q "SELECT applied_at FROM schemad_history WHERE version = 1")" \
    "$(printf '%s\n' "$out" | jq -r '.history[0].applied_at')" \
    "the time is the history's own"

# Drift of every kind, side by side with what is still to do.
echo 'CREATE TABLE tags (id INTEGER PRIMARY KEY);' >"$M/0003_tags.sql"
echo '-- a comment added' >>"$M/0001_users.sql"
mv "$M/0002_posts.sql" "$T/posts.sql"
echo 'CREATE TABLE early (x);' >"$M/0000_early.sql"
echo 'CREATE VIEW names AS SELECT name, id FROM users;' >"$M/R__names.sql"
sum=$(cat "$T/app.db"* | sha256sum)
files=$(ls "$T")
h
is "$rc" 0 "drift: history still exits 0 (plan's exit says drift)"
like "$out" "  0        0000_early.sql  out-of-order
           0000_early.sql is new but numbered below" "a new file below an applied one: out-of-order, and why"
like "$out" "  1        0001_users.sql  changed       20[^ ]*  [0-9.]* ms
           0001_users.sql changed after it was applied at" "an edited file: changed, and since when"
like "$out" "  2        2_posts.sql     missing       20[^ ]*  [0-9.]* ms
           2_posts.sql was applied at [^ ]* but its file is gone" \
    "a row whose file is gone: missing, in its place, by the name it was recorded as"
like "$out" "  3        0003_tags.sql   pending" "a new file: pending"
like "$out" "           R__names.sql    pending       20[^ ]*  [0-9.]* ms
           its text changed since it ran at [^ ]*: the next run runs it again" \
    "a repeatable one edited: pending again, with when it last ran"
is "$(printf '%s\n' "$out" | tail -n 1)" \
    "2 pending, 1 changed, 1 missing, 1 out-of-order, 3 problems: migrate will refuse to run" \
    "counted, and the problems said as plan says them"
is "$(cat "$T/app.db"* | sha256sum):$(ls "$T")" "$sum:$files" \
    "the database is byte for byte as it was, and no file was made beside it"
h --json
is "$(states)" "0000_early.sql:out-of-order 0001_users.sql:changed posts:missing 0003_tags.sql:pending R__names.sql:pending" \
    "--json: the same states"
is "$(printf '%s\n' "$out" | jq -r '.history[2] | [(.file | tostring), .name, .version, .note] | @tsv')" \
    "$(printf 'null\tposts\t2\t2_posts.sql was applied at %s but its file is gone (if that was meant: schemad accept --forget 2)' \
    "$(q "SELECT applied_at FROM schemad_history WHERE version = 2")")" \
    "--json: a missing one has no file; its name, and the plan's sentence"
is "$(printf '%s\n' "$out" | jq -r '.drift | length')" 3 "--json: the drift, as plan gives it"
rm "$M/0000_early.sql"
mv "$T/posts.sql" "$M/0002_posts.sql"
mv "$M/0002_posts.sql" "$M/0002_articles.sql"
h
like "$out" "  2        0002_articles.sql  renamed  " "a renamed file: renamed"
like "$out" "0002_articles.sql was applied as 2_posts" "and what it was recorded as"
rm "$M/R__names.sql"
h
like "$out" "           R__names.sql       missing  20[^ ]*  [0-9.]* ms
           its file is gone \\(a repeatable migration: not drift\\)" \
    "a repeatable one whose file is gone: missing, and not drift"

# At a terminal (tmux), the screen shows what a pipe gets: no escape
# code, no line of another width.
if command -v tmux >/dev/null; then
	TMUX_TMPDIR=$T
	export TMUX_TMPDIR
	tmux_stop() { tmux kill-server 2>/dev/null; }
	cleanup_hooks="$cleanup_hooks tmux_stop"
	h
	piped=$out
	tmux new-session -d -s h -x 200 -y 40 "'$SCHEMAD' --database '$T/app.db' \
	    --migrations '$M' history; tmux wait-for -S h; sleep 600"
	tmux wait-for h
	is "$(tmux capture-pane -p -t h | sed -e '/^$/d')" "$piped" \
	    "at a terminal: the same table as through a pipe"
else
	skip "no tmux here" "history at a terminal"
fi

# A database of tables and no history: the hint; then baselined.
B=$T/b
mkdir "$B"
echo 'CREATE TABLE a (x);' >"$B/1_a.sql"
echo 'CREATE TABLE b (x);' >"$B/2_b.sql"
echo 'CREATE TABLE c (x);' >"$B/3_c.sql"
sqlite3 "$T/b.db" 'CREATE TABLE a (x); CREATE TABLE b (x);'
sd --database "$T/b.db" --migrations "$B" history
like "$out" "hint      the database has 2 tables but no history: if these migrations made them, adopt it with --baseline N" \
    "tables and no history: the hint plan gives"
sd --database "$T/b.db" --migrations "$B" --baseline 2 migrate
is "$rc" 0 "baselined at 2"
sd --database "$T/b.db" --migrations "$B" history
like "$out" "  1        1_a.sql  baselined  20[^ ]*  [0-9.]* ms
           recorded as applied, not run \\(--baseline 2\\)" "baselined, and how"
like "$out" "  3        3_c.sql  applied    20" "the one after it: applied"
is "$(printf '%s\n' "$out" | tail -n 1)" "1 applied, 2 baselined" "counted"

# Another tool's history, adopted: adopted, and from whom.
G=$T/g
mkdir "$G"
for i in 1 2 3; do
	printf 'CREATE TABLE t%s (x);\n' "$i" >"$G/${i}_t$i.up.sql"
	echo "DROP TABLE t$i;" >"$G/${i}_t$i.down.sql"
done
sqlite3 "$T/g.db" 'CREATE TABLE t1 (x); CREATE TABLE t2 (x);
    CREATE TABLE schema_migrations (version uint64, dirty bool);
    CREATE UNIQUE INDEX version_unique ON schema_migrations (version);
    INSERT INTO schema_migrations VALUES (2, 0)'
sd --database "$T/g.db" --migrations "$G" --adopt yes history
like "$out" "  1        1_t1.up.sql  pending
           golang-migrate applied it \\(schema_migrations\\): the next run records it as adopted" \
    "before: pending, to be adopted from the tool that applied it"
sd --database "$T/g.db" --migrations "$G" --adopt yes migrate
is "$rc" 0 "adopted"
sd --database "$T/g.db" --migrations "$G" history
like "$out" "  2        2_t2.up.sql  adopted  20[^ ]*  [0-9.]* ms
           adopted from golang-migrate \\(schema_migrations\\)" "after: adopted, and from whom"
is "$(printf '%s\n' "$out" | tail -n 1)" "1 applied, 2 adopted" "counted"

# A migration that needs what this SQLite lacks: skipped.
if sqlite3 :memory: 'CREATE VIRTUAL TABLE temp.g USING geopoly(a)' 2>/dev/null; then
	skip "geopoly is available here" "history shows a skipped migration"
else
	S=$T/s
	mkdir "$S"
	echo 'CREATE TABLE a (x);' >"$S/1_a.sql"
	printf -- '-- schemad: requires geopoly\nCREATE VIRTUAL TABLE s USING geopoly(a);\n' \
	    >"$S/2_shapes.sql"
	sd --database "$T/s.db" --migrations "$S" migrate
	sd --database "$T/s.db" --migrations "$S" history
	like "$out" "  2        2_shapes.sql  skipped  20[^ ]*  [0-9.]* ms
           requires geopoly" "skipped, and what it needs"
fi

# Flyway's versions are its own, and shown as such.
F=$T/f
mkdir "$F"
echo 'CREATE TABLE a (x);' >"$F/V1__a.sql"
echo 'CREATE TABLE b (x);' >"$F/V1.10__b.sql"
echo 'CREATE TABLE c (x);' >"$F/V1.2__c.sql"
sd --database "$T/f.db" --migrations "$F" --format flyway migrate
sd --database "$T/f.db" --migrations "$F" --format flyway history
like "$out" "  1.2      V1.2__c.sql   applied  .*
  1.10     V1.10__b.sql  applied  " "Flyway: its versions, in its order"
sd --database "$T/f.db" --migrations "$F" --format flyway history --json
is "$(printf '%s\n' "$out" | jq -r '[.history[] | .label] | join(" ")')" "1 1.2 1.10" \
    "--json: Flyway's version as label"

# What keeps it from reading: said, with plan's exit codes.
sd --database "$T/nodir/app.db" --migrations "$M" history
is "$rc" 2 "a database in a missing directory: exit 2"
echo 'not a database at all, but long enough to be read as a header....' >"$T/junk.db"
sd --database "$T/junk.db" --migrations "$M" history --json
is "$rc" 6 "not a database: exit 6"
is "$(printf '%s\n' "$out" | jq -r '.status, (.errors | length)' | tr '\n' ' ')" \
    "database 1 " "--json: the error, as one JSON object"
sd --database "$T/app.db" --migrations "$T/nosuch" history
is "$rc" 5 "no migrations directory: exit 5"

done_testing
