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
spawn_notify "$T/notify.sock" "$T/app.db"
NOTIFY_SOCKET=$T/notify.sock start_daemon $D --on-failure stay
sc -s "$SOCK" wait --timeout 30
is "$rc" 1 "stay policy: wait exits 1"
sc -s "$SOCK" status
is "$rc" 1 "stay policy: the daemon stays up and status says FAILED (exit 1)"
like "$out" '^FAILED .*exit=1 error=' "with the error"

rm "$T/m/0006_broken.sql"
echo 'CREATE TABLE t6(x);' >"$T/m/0006_fixed.sql"
: >"$T/daemon.log"
kill -HUP "$daemon_pid"
wait_log "$T/daemon.log" 'SIGHUP: looking for new migrations'
sc -s "$SOCK" wait --timeout 30 --version 6
is "$rc" 0 "SIGHUP after the fix: ready at version 6"

echo 'CREATE TABLE t7(x);' >"$T/m/0007_more.sql"
: >"$T/daemon.log"
kill -HUP "$daemon_pid"
wait_log "$T/daemon.log" 'SIGHUP: looking for new migrations'
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
like "$(cat "$T/notify.log")" 'STATUS=Failed: .*no such table: nosuch\|ERRNO=125' \
    "the failure sends STATUS=Failed and ERRNO"
is "$(grep -c '^READY=1' "$T/notify.log")" 3 \
    "READY=1 ends each reload, even one that found nothing new"

# A WAIT that comes right after the SIGHUP that fixes a failure (once the
# daemon has it: a signal still in flight cannot count) sees the new run,
# not the old FAILED (on_failure = stay), however long the new run takes to
# get going: here it waits for an application's lock.
rm -f "$T/app.db"* "$T/m/0006_"* "$T/m/0007_"* "$T/lockin" "$T/lockout"
printf 'INSERT INTO nosuch VALUES (1);\n' >"$T/m/0006_broken.sql"
start_daemon $D --on-failure stay
sc -s "$SOCK" wait --timeout 30
is "$rc" 1 "FAILED"
rm "$T/m/0006_broken.sql"
echo 'CREATE TABLE t6(x);' >"$T/m/0006_fixed.sql"
hold_lock "$T/app.db" "BEGIN IMMEDIATE; CREATE TABLE app_lock(x)"
: >"$T/daemon.log"
kill -HUP "$daemon_pid"
wait_log "$T/daemon.log" 'SIGHUP: looking for new migrations'
"$SCHEMACTL" -s "$SOCK" wait --timeout 30 >"$T/w.out" 2>&1 &
waiter=$!
wait_log "$T/daemon.log" 'another process holds the database.s lock'
release_lock
wait "$waiter"
is "$?" 0 "a wait right after SIGHUP waits for the new run: READY"
like "$(cat "$T/w.out")" '^READY version=6 ' "at the new version"
stop_daemon TERM

# A failed reload: the daemon was READY, a SIGHUP finds a broken new file,
# then an edited applied one. Nothing was written, so it stays READY at
# the old version (whatever on_failure says), reports the failure on
# every channel, and the next SIGHUP tries again.
rm -f "$T/app.db"* "$T/m/0006_"* "$T/m/0007_"* "$T/notify.sock"
spawn_notify "$T/notify.sock" "$T/app.db"
: >"$T/daemon.log"
NOTIFY_SOCKET=$T/notify.sock start_daemon $D --state-file "$T/state"
sc -s "$SOCK" wait --timeout 30
is "$rc" 0 "ready at version 5"
# readnotify PATTERN: read notifications until one matches.
readnotify()
{
	while read -r line <&6; do
		case $line in $1) return 0 ;; esac
	done
	return 1
}
readnotify 'READY=1*'
printf 'CREATE TABLE t6(x);\nINSERT INTO nosuch VALUES (1);\n' >"$T/m/0006_broken.sql"
kill -HUP "$daemon_pid"
readnotify 'READY=1*'
ok $? "a failed reload ends with READY=1 (the reload is over)"
like "$line" 'STATUS=Ready at version 5; reload failed: .*0006_broken.sql:2: no such table: nosuch' \
    "and STATUS= says it failed, and why"
kill -0 "$daemon_pid"
ok $? "the daemon is still up"
sc -s "$SOCK" status
is "$rc" 0 "status: still READY (exit 0)"
like "$out" '^READY version=5 target=6 reload=failed reload_error="[^"]*0006_broken.sql:2: no such table: nosuch" since=' \
    "status: READY at version 5, with the failed reload"
like "$(cat "$T/daemon.log")" 'reload failed, still ready at version 5: .*no such table: nosuch' \
    "the log says so"
like "$(cat "$T/state")" 'reload=failed' "the state file says so"
sc -s "$SOCK" wait --timeout 30
is "$rc" 0 "schemactl wait: READY"
is "$(q 'PRAGMA user_version')" 5 "nothing was applied"

printf -- '-- edited\n' >>"$T/m/0003_add_user_email.sql"
rm "$T/m/0006_broken.sql"
kill -HUP "$daemon_pid"
readnotify 'READY=1*'
like "$line" 'reload failed: drift: 0003_add_user_email.sql changed' \
    "an edited applied file: a failed reload too"
like "$line" 'if that was meant: schemad accept 0003_add_user_email.sql' \
    "naming the command that records it, if it was meant"
sc -s "$SOCK" status
like "$out" '^READY version=5 .*reload=failed reload_error="drift: ' "still READY"

cp "$EXAMPLE/migrations/0003_add_user_email.sql" "$T/m/"
echo 'CREATE TABLE t6(x);' >"$T/m/0006_fixed.sql"
kill -HUP "$daemon_pid"
readnotify 'READY=1*'
like "$line" '^READY=1\|STATUS=Ready at version 6$' "the next SIGHUP tries again: version 6"
sc -s "$SOCK" status
like "$out" '^READY version=6 target=6 since=' "and the failure is forgotten"
stop_daemon TERM
is "$rc" 0 "SIGTERM: exit 0"
exec 6<&-

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
