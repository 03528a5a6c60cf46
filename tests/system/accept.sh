#!/bin/sh
# SPDX-License-Identifier: MIT
# schemad accept FILE...: drift that was meant, recorded. A comment mended
# in an applied file: shown (the checksums, the statements now), recorded
# in one transaction with an audit row (when, the old and new checksums,
# the uid, its name, SCHEMAD_ACCEPT_REASON), and history shows it. A file
# whose statements changed needs --force; a gone file --forget; a pending
# one is refused; any refusal and nothing is written. The daemon's drift
# message names the command (daemon-policy.sh).
. "$(dirname "$0")/lib.sh"

M=$T/m
mkdir "$M"
echo 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);' >"$M/0001_users.sql"
echo 'CREATE TABLE posts (id INTEGER PRIMARY KEY);' >"$M/0002_posts.sql"
echo 'CREATE TABLE tags (id INTEGER PRIMARY KEY);' >"$M/0003_tags.sql"
a() { sd --database "$T/app.db" --migrations "$M" accept "$@"; }
plan() { sd --database "$T/app.db" --migrations "$M" plan; }
# unchanged: the history and the audit table, as one line to compare.
state() { q "SELECT group_concat(version || name || checksum || coalesce(sql_checksum, '')) FROM schemad_history" && q "SELECT count(*) FROM sqlite_master WHERE name = 'schemad_accepted'"; }

sd --database "$T/app.db" --migrations "$M" migrate
is "$rc" 0 "migrated"
is "$(q "SELECT count(*) FROM schemad_history WHERE length(sql_checksum) = 64")" 3 \
    "each row has the checksum of its statements"
old=$(sha256sum <"$M/0001_users.sql" | cut -d' ' -f1)

# A comment and the layout changed: the statements are the same.
printf -- '-- the people who sign in\nCREATE TABLE users (\n\tid INTEGER PRIMARY KEY,\n\tname TEXT  -- shown\n);\n' \
    >"$M/0001_users.sql"
new=$(sha256sum <"$M/0001_users.sql" | cut -d' ' -f1)
plan
is "$rc" 4 "an applied file edited: drift (exit 4)"
like "$out" "0001_users.sql changed after it was applied at [^ ]* \\(if that was meant: schemad accept 0001_users.sql\\)" \
    "plan names the command"
SCHEMAD_ACCEPT_REASON='a comment added in review' a "$M/0001_users.sql"
is "$rc" 0 "accept: exit 0"
is "$out" "0001_users.sql: changed after it was applied at $(q "SELECT applied_at FROM schemad_history WHERE version = 1")
  recorded   $old
  now        $new
  statements the same: only comments or white space changed
         2  CREATE TABLE users(id INTEGER PRIMARY KEY,name TEXT);
accepted 1: the history records it as it is now" \
    "it shows the checksums recorded and now, and the statements now, squeezed, with their lines"
plan
is "$rc" 0 "then plan: up to date"
is "$(q "SELECT checksum FROM schemad_history WHERE version = 1")" "$new" \
    "the history has the file's checksum now"
is "$(q "SELECT version, name, what, old_checksum, new_checksum, forced, uid, user, reason FROM schemad_accepted" | tr '|' ' ')" \
    "1 users changed $old $new 0 $(id -u) $(id -un) a comment added in review" \
    "an audit row: what, the old and new checksums, the uid, its name and the reason"
like "$(q "SELECT accepted_at || ' ' || accepted_by FROM schemad_accepted")" \
    "^20[0-9-]{8}T[0-9:.]{12}Z schemad [^ ]+ pid [0-9]+ on " "when, and by which schemad"
sd --database "$T/app.db" --migrations "$M" history
like "$out" "  1        0001_users.sql  applied  .*
           accepted as changed at 20[^ ]* by $(id -un) \\(uid $(id -u)\\): a comment added in review" \
    "history shows it: accepted, when, by whom and why"
sd --database "$T/app.db" --migrations "$M" history --json
is "$(printf '%s\n' "$out" | jq -r '.history[0].accepted | [.what, .uid, .user, .reason, .forced] | @tsv')" \
    "$(printf 'changed\t%s\t%s\ta comment added in review\tfalse' "$(id -u)" "$(id -un)")" \
    "--json: the accept, as an object"
a 0001_users.sql
is "$rc:$err" "0:schemad: accept: 0001_users.sql: applied, as recorded: nothing to accept" \
    "again: nothing to accept, exit 0"

# The SQL changed: --force, or nothing.
echo 'CREATE TABLE posts (id INTEGER PRIMARY KEY, body TEXT);' >"$M/0002_posts.sql"
before=$(state)
a 0002_posts.sql
is "$rc" 2 "statements changed: refused (exit 2)"
like "$err" "accept: 0002_posts.sql: its statements are changed, not only comments or white space: migrate will not run them again; if the database already has what they do, --force records them as applied" \
    "saying why, and what --force does"
is "$(state)" "$before" "nothing written"
a --force 2
is "$rc" 0 "--force, by version: exit 0"
like "$out" "statements changed, not only comments or white space: migrate will not run them again \\(--force\\)" \
    "said so"
is "$(q "SELECT forced FROM schemad_accepted WHERE version = 2")" 1 "recorded as forced"

# A row recorded before the statements' checksum was kept: cannot tell.
q "UPDATE schemad_history SET sql_checksum = NULL WHERE version = 3"
echo '-- a comment' >>"$M/0003_tags.sql"
a 0003_tags.sql
is "$rc" 2 "statements not known: refused"
like "$err" "its statements are not known: the row was recorded before schemad kept the checksum of its statements" \
    "saying why"
a --force 0003_tags.sql
is "$rc:$(q "SELECT length(sql_checksum) FROM schemad_history WHERE version = 3")" "0:64" \
    "--force: accepted, and the checksum kept from now on"

# Pending, unknown, and one good among them: nothing is written.
echo 'CREATE TABLE likes (x);' >"$M/0004_likes.sql"
echo '-- again' >>"$M/0001_users.sql"
before=$(state)
a 0001_users.sql 0004_likes.sql nosuch.sql
is "$rc" 2 "a pending file and an unknown one: exit 2"
like "$err" "accept: 0004_likes.sql: never applied: accept records only what was; migrate applies it" \
    "a pending file: refused, migrate's"
like "$err" "accept: nosuch.sql: no such migration" "an unknown one: said"
like "$err" "accept: nothing was recorded" "and that nothing was"
is "$(state)" "$before" "not even the good one"
a 0001_users.sql
sd --database "$T/app.db" --migrations "$M" migrate
is "$rc" 0 "the rest applied"

# A file gone: --forget; user_version follows the history.
rm "$M/0004_likes.sql"
plan
like "$out" "4_likes.sql was applied at [^ ]* but its file is gone \\(if that was meant: schemad accept --forget 4\\)" \
    "a file gone: plan names accept --forget"
a 0004_likes.sql
is "$rc" 2 "without --forget: refused"
like "$err" "its file is gone; --forget takes its row out of the history" "saying so"
a --forget 0004_likes.sql
is "$rc" 0 "--forget, by the file's own name: exit 0"
is "$(q "SELECT count(*) FROM schemad_history WHERE version = 4"):$(q 'PRAGMA user_version')" "0:3" \
    "its row is gone, and user_version is the history's newest again"
is "$(q "SELECT count(*) FROM sqlite_master WHERE name = 'likes'")" 1 "what it did stays"
plan
is "$rc" 0 "plan: up to date"
sd --database "$T/app.db" --migrations "$M" history
like "$out" "  4        4_likes.sql     forgotten
           accepted as forgotten at 20[^ ]* by $(id -un) \\(uid $(id -u)\\)" \
    "history shows the forgotten one, in its place"

# Renamed.
mv "$M/0003_tags.sql" "$M/0003_labels.sql"
a "$M/0003_labels.sql"
is "$rc:$(q "SELECT name FROM schemad_history WHERE version = 3")" "0:labels" \
    "a renamed file: its new name recorded"

# What accept cannot mend.
a
is "$rc" 2 "no file named: exit 2"
sd --database "$T/none.db" --migrations "$M" accept 1
is "$rc" 2 "no database: exit 2"
like "$err" "none.db does not exist: nothing was applied to it" "saying so"
sd --database "$T/app.db" --migrations "$M" --role follower accept 1
is "$rc" 2 "a follower: refused"
like "$err" "a follower, which only reads: accept on the primary" "saying so"
sd --database "rqlite://127.0.0.1:9" --migrations "$M" accept 1
is "$rc" 2 "an rqlite database: refused, before any request"
like "$err" "only a database file is mended here, not rqlite's" "saying so"

# Another process holds the database: accept waits busy_timeout, then 75.
echo '-- once more' >>"$M/0001_users.sql"
before=$(state)
hold_lock "$T/app.db"
sd --database "$T/app.db" --migrations "$M" --busy-timeout 300 accept 1
is "$rc" 75 "the database held by another: exit 75 (temporary)"
release_lock
is "$(state)" "$before" "nothing written"

done_testing
