#!/bin/sh
# SPDX-License-Identifier: MIT
# A failed run: with on_failure = exit the waiters get FAILED and the
# daemon exits with the migration's code; with stay it keeps answering
# FAILED, and SIGHUP after a fix migrates. SIGHUP with new files applies
# them; SIGTERM in the middle of a migration rolls it back.
. "$(dirname "$0")/lib.sh"

copy_example "$T/m"
SOCK=$T/s.sock
D="--database $T/app.db --migrations $T/m --socket $SOCK"
printf 'CREATE TABLE t6(x);\nINSERT INTO nosuch VALUES (1);\n' >"$T/m/0006_broken.sql"

# on_failure = exit (the default). The database is locked until the client
# waits, so that it is there to hear the failure.
hold_lock "$T/app.db"
start_daemon $D
"$SCHEMACTL" -s "$SOCK" wait --timeout 30 >"$T/w.out" 2>"$T/w.err" &
waiter=$!
until_status "$SOCK" ' waiting=1$'
ok $? "a client waits while the database is locked (STARTING)"
release_lock
wait "$waiter"
rc=$?
out=$(cat "$T/w.out")
err=$(cat "$T/w.err")
is "$rc" 1 "exit policy: schemactl wait exits 1 when the migration fails"
like "$out" '^FAILED version=0 target=6 exit=1 error="[^"]*0006_broken.sql:2: no such table: nosuch"' \
    "and prints FAILED with the error"
like "$err" "migration failed: .*0006_broken.sql:2: no such table: nosuch" \
    "and says why on stderr"
stop_daemon TERM
is "$rc" 1 "exit policy: the daemon exits with the migration's code (1)"
is "$(q 'PRAGMA user_version')" 0 "nothing was applied"
test ! -e "$SOCK"
ok $? "the socket was removed"

# A client keeps waiting across a daemon restart.
rm -f "$T/m/0006_broken.sql"
rm -f "$T/lockin" "$T/lockout"
hold_lock "$T/app.db"
start_daemon $D
"$SCHEMACTL" -s "$SOCK" wait --timeout 30 >"$T/w.out" 2>"$T/w.err" &
waiter=$!
until_status "$SOCK" ' waiting=1$'
stop_daemon TERM
is "$rc" 7 "a daemon stopped while it waited for the lock: exit 7"
start_daemon $D
release_lock
wait "$waiter"
is "$?" 0 "a client waiting across the restart gets READY from the new daemon"
stop_daemon TERM
printf 'CREATE TABLE t6(x);\nINSERT INTO nosuch VALUES (1);\n' >"$T/m/0006_broken.sql"
rm -f "$T/app.db"*

# on_failure = stay
mkfifo "$T/nfifo"
"$HELPERS/notify-recv" "$T/notify.sock" "$T/app.db" >"$T/nfifo" &
exec 6<"$T/nfifo"
read -r line <&6
NOTIFY_SOCKET=$T/notify.sock start_daemon $D --on-failure stay
sc -s "$SOCK" wait --timeout 30
is "$rc" 1 "stay policy: wait exits 1"
sc -s "$SOCK" status
is "$rc" 1 "stay policy: the daemon stays up and status says FAILED (exit 1)"
like "$out" '^FAILED .*exit=1 error=' "with the error"

rm "$T/m/0006_broken.sql"
echo 'CREATE TABLE t6(x);' >"$T/m/0006_fixed.sql"
kill -HUP "$daemon_pid"
sc -s "$SOCK" wait --timeout 30 --version 6
is "$rc" 0 "SIGHUP after the fix: ready at version 6"

echo 'CREATE TABLE t7(x);' >"$T/m/0007_more.sql"
kill -HUP "$daemon_pid"
sc -s "$SOCK" wait --timeout 30 --version 7
is "$rc" 0 "SIGHUP with a new file: ready at version 7"
is "$(q 'SELECT count(*) FROM schemad_history')" 7 "every migration recorded once"

kill -HUP "$daemon_pid"
: >"$T/notify.log"
while read -r line <&6; do
	echo "$line" >>"$T/notify.log"
	[ "$(grep -c '^READY=1' "$T/notify.log")" -lt 3 ] || break
done
stop_daemon TERM
is "$rc" 0 "SIGTERM: exit 0"
cat <&6 >>"$T/notify.log"
exec 6<&-
is "$(grep -c 'RELOADING=1|MONOTONIC_USEC=[0-9]*|STATUS=Reloading' "$T/notify.log")" 3 \
    "each SIGHUP sends RELOADING=1 with MONOTONIC_USEC"
like "$(cat "$T/notify.log")" 'STATUS=Failed: .*no such table: nosuch\|ERRNO=22' \
    "the failure sends STATUS=Failed and ERRNO"
is "$(grep -c '^READY=1' "$T/notify.log")" 3 \
    "READY=1 ends each reload, even one that found nothing new"

# SIGTERM in the middle of a long migration.
long_backfill "$T/m" "$T/app.db"
start_daemon $D
until_status "$SOCK" '^MIGRATING'
like "$out" '^MIGRATING version=1 target=2 step=1 steps=1 migration=0002_backfill.sql' \
    "status during the backfill: MIGRATING, which and how far"
stop_daemon TERM
is "$rc" 7 "SIGTERM during a migration: exit 7"
like "$(cat "$T/daemon.log")" "migration interrupted and rolled back" "and says so"
is "$(q 'PRAGMA user_version')" 1 "the database stays at the old version"
is "$(q 'PRAGMA integrity_check')" ok "and is intact"

done_testing
