#!/bin/sh
# SPDX-License-Identifier: MIT
# Versions as other tools write them: timestamps far beyond PRAGMA
# user_version's 31 bits, and a first migration numbered 0. What is
# recorded, what user_version holds, and what plan, the socket and
# schemactl show.
. "$(dirname "$0")/lib.sh"

M=$T/m
mkdir "$M"
DB="--database $T/app.db --migrations $M"
SOCK=$T/s.sock

# Timestamps (dbmate, sqlx, diesel, Prisma and Atlas number this way).
printf 'CREATE TABLE a (x);\n' >"$M/20240105123000_a.sql"
printf 'CREATE TABLE b (x);\n' >"$M/20240106090000_b.sql"
sd $DB plan
is "$rc" 3 "timestamps: plan, 2 pending"
like "$out" "2 pending: version 0 -> 20240106090000" "plan shows the versions whole"
sd $DB migrate
is "$rc" 0 "timestamps: migrate, exit 0"
like "$out" "version 0 -> 20240106090000, 2 migrations" "says the version now"
is "$(q 'SELECT group_concat(version) FROM schemad_history')" \
    "20240105123000,20240106090000" "the history records them whole"
is "$(q 'PRAGMA user_version')" 2 \
    "user_version (31 bits) holds the number of history rows"
sd $DB plan
is "$rc" 0 "plan: up to date, no drift"
like "$out" "at version 20240106090000" "at the newest timestamp"
sd $DB plan --json
like "$out" '"version":20240106090000,"target":20240106090000' \
    "plan --json: versions as whole numbers"

printf 'CREATE TABLE c (x);\n' >"$M/20240107000000_c.sql"
start_daemon $DB --socket "$SOCK"
sc -s "$SOCK" wait --timeout 30 --version 20240107000000
is "$rc" 0 "schemactl wait --version 20240107000000: READY"
like "$out" '^READY version=20240107000000 target=20240107000000 ' \
    "the socket shows the version whole"
sc -s "$SOCK" status --json
like "$out" '"version":20240107000000' "schemactl --json: a number"
sc -s "$SOCK" status --version 20240107000001
is "$rc" 3 "a version above it is not ready yet (exit 3)"
printf 'WAIT 100 version=20240107000001\n' | ask "$SOCK" >"$T/wait.out"
like "$(cat "$T/wait.out")" '^TIMEOUT ' "WAIT version= beyond it times out"
stop_daemon TERM
is "$rc" 0 "SIGTERM: exit 0"
is "$(q 'PRAGMA user_version')" 3 "user_version grew with the run: 3 rows"

# A user_version changed behind schemad's back is still drift.
q 'PRAGMA user_version = 7' >/dev/null
sd $DB plan
is "$rc" 4 "user_version changed behind schemad's back: drift (exit 4)"
like "$out$err" "user_version is 7 but the history has 3 rows \(its newest version, 20240107000000, is beyond user_version's 31 bits\)" \
    "and says what it should be"
q 'PRAGMA user_version = 3' >/dev/null

# A sequence that switches to timestamps: user_version follows the rule
# of the newest version.
rm -f "$T/app.db"*
rm "$M"/*.sql
printf 'CREATE TABLE s1 (x);\n' >"$M/0001_s1.sql"
printf 'CREATE TABLE s2 (x);\n' >"$M/0002_s2.sql"
sd $DB migrate
is "$(q 'PRAGMA user_version')" 2 "a sequence: user_version is the version"
printf 'CREATE TABLE t (x);\n' >"$M/20240105123000_t.sql"
sd $DB migrate
is "$rc" 0 "then a timestamp: exit 0"
is "$(q 'PRAGMA user_version')" 3 "user_version: 3 history rows"
sd $DB plan
is "$rc" 0 "and plan finds no drift"

# Version 0 (drizzle and others start there).
rm -f "$T/app.db"*
rm "$M"/*.sql
printf 'CREATE TABLE z (x);\n' >"$M/0000_zero.sql"
printf 'CREATE TABLE one (x);\n' >"$M/0001_one.sql"
sd $DB migrate
is "$rc" 0 "a first migration numbered 0: exit 0"
is "$(q 'SELECT group_concat(version) FROM schemad_history')" "0,1" \
    "both recorded"
is "$(q "SELECT count(*) FROM sqlite_master WHERE name IN ('z', 'one')")" 2 \
    "both applied"
rm -f "$T/app.db"*
rm "$M/0001_one.sql"
sd $DB migrate
is "$rc" 0 "version 0 alone: exit 0"
is "$(q 'SELECT count(*) FROM schemad_history WHERE version = 0')" 1 \
    "recorded"
sd $DB plan
is "$rc" 0 "plan: nothing pending afterwards"

# Beyond 2^63 - 1: refused before anything is written.
rm -f "$T/app.db"*
printf 'SELECT 1;\n' >"$M/9223372036854775808_big.sql"
sd $DB migrate
is "$rc" 5 "a version over 2^63 - 1: exit 5"
like "$err" "9223372036854775808_big.sql: version is larger than 9223372036854775807" \
    "names the file and the limit"
test ! -e "$T/app.db"
ok $? "nothing was written"

done_testing
