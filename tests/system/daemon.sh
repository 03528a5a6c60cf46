#!/bin/sh
# SPDX-License-Identifier: MIT
# schemad run: the socket listens before the migration, answers STATUS,
# WAIT and PING; systemd hears STATUS= through every phase and READY=1
# only once the database is at the final version; SIGTERM stops cleanly.
. "$(dirname "$0")/lib.sh"

copy_example "$T/m"
SOCK=$T/s.sock
D="--database $T/app.db --migrations $T/m --socket $SOCK"

# A client that starts before the daemon.
"$SCHEMACTL" -s "$SOCK" wait --timeout 30 >"$T/early.out" 2>&1 &
early=$!

# A stand-in for systemd's notification socket.
spawn_notify "$T/notify.sock" "$T/app.db" "$SOCK"
is "$line" LISTENING "the notification listener is up"

NOTIFY_SOCKET=$T/notify.sock start_daemon $D
wait "$early"
is "$?" 0 "schemactl wait started before the daemon: exit 0 once ready"
like "$(cat "$T/early.out")" '^READY version=5 target=5 since=' \
    "and it printed the READY reply"

like "$(head -n 1 "$T/daemon.log")" \
    "^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z schemad: listening on $SOCK$" \
    "its log on a file: each line led by the time (UTC, ISO 8601)"

sc -s "$SOCK" status
is "$rc" 0 "schemactl status: exit 0 when ready"
is "$(stat -c %a "$SOCK")" 660 "the socket has the configured mode (0660)"
like "$out" '^READY version=5 target=5 since=[0-9TZ:-]+ waiting=0$' "status reply"
sc -s "$SOCK" status --json
like "$out" '^\{"state":"READY","version":5,"target":5,"since":"[^"]*","waiting":0\}$' \
    "status --json: numbers as numbers, as /status has them"
sc -s "$SOCK" status --version 6
is "$rc" 3 "status --version 6 at version 5: exit 3 (not ready)"
is "$err" "schemactl: not ready: at version 5, below the 6 asked for (--version)" \
    "and says why, though the reply is READY"
sc -s "$SOCK" wait --timeout 1 --version 6
is "$rc" 4 "wait --version 6 at version 5: exit 4 (timed out)"
like "$out" '^TIMEOUT state=READY version=5' "and the TIMEOUT reply"

if command -v socat >/dev/null; then
	reply=$(printf 'PING\nSTATUS\nnonsense\nWAIT\nWAIT 5 version=x\nPING\n' | ask "$SOCK")
	is "$(printf '%s\n' "$reply" | sed -n 1p)" PONG "PING: PONG"
	like "$(printf '%s\n' "$reply" | sed -n 2p)" '^READY version=5' "STATUS on the same connection"
	like "$(printf '%s\n' "$reply" | sed -n 3p)" '^ERROR unknown request' "an unknown request: ERROR"
	like "$(printf '%s\n' "$reply" | sed -n 4p)" '^READY version=5' "WAIT when ready: at once"
	like "$(printf '%s\n' "$reply" | sed -n 5p)" '^ERROR bad WAIT argument' "a bad WAIT: ERROR"
	is "$(printf '%s\n' "$reply" | sed -n 6p)" PONG "and the connection goes on"
	reply=$(head -c 4000 /dev/zero | tr '\0' x | ask "$SOCK")
	is "$reply" "ERROR request too long" "an oversized request: ERROR, then closed"
	reply=$(head -c 3000 /dev/urandom | ask "$SOCK" | head -n 1 | cut -c1-5)
	is "$reply" "ERROR" "binary garbage: ERROR"
	sc -s "$SOCK" status
	is "$rc" 0 "the daemon still answers a well-behaved client"
else
	skip "no socat" "protocol requests over the socket"
fi

stop_daemon TERM
is "$rc" 0 "SIGTERM when idle: exit 0"
test ! -e "$SOCK"
ok $? "the socket was removed"
cat <&6 >"$T/notify.log"
exec 6<&-
diag "$(cat "$T/notify.log")"
like "$(sed -n 1p "$T/notify.log")" '^STATUS=Starting$' "notify: STATUS=Starting first"
like "$(cat "$T/notify.log")" 'STATUS=Migrating 1/5: 0001_create_users.sql' "notify: migrating 1/5"
like "$(cat "$T/notify.log")" 'STATUS=Migrating 5/5: 0005_notes_search.sql' "notify: migrating 5/5"
is "$(grep -c '^READY=1' "$T/notify.log")" 1 "notify: READY=1 once"
like "$(cat "$T/notify.log")" 'socket says READY at READY=1' \
    "notify: when READY=1 arrives, the socket already says READY"
like "$(cat "$T/notify.log")" 'user_version=5 at READY=1' \
    "notify: when READY=1 arrives, the database is at version 5"
test "$(grep -n 'READY=1|' "$T/notify.log" | cut -d: -f1)" -gt \
    "$(grep -n 'Migrating 5/5' "$T/notify.log" | cut -d: -f1)"
ok $? "notify: READY=1 comes after the last migration"
like "$(tail -n 1 "$T/notify.log")" '^STOPPING=1' "notify: STOPPING=1 last"

# The socket's group; and a wait for another process's lock: the state
# and STATUS= say why the run does not go on, and EXTEND_TIMEOUT_USEC keeps
# the service manager's start timeout from ending the wait before
# busy_timeout does (which ends it with exit 75).
: >"$T/notify2.log"
"$HELPERS/notify-recv" "$T/notify2.sock" "$T/app.db" >>"$T/notify2.log" &
until grep -q LISTENING "$T/notify2.log"; do sleep 0.01; done
echo 'CREATE TABLE t6(x);' >"$T/m/0006_t6.sql"
hold_lock "$T/app.db"
NOTIFY_SOCKET=$T/notify2.sock start_daemon $D --socket-group nogroup --socket-mode 0640
until_status "$SOCK" ' waiting_for=lock '
ok $? "STATUS says the run waits for another process's lock (waiting_for=lock)"
is "$(stat -c %a:%G "$SOCK")" 640:nogroup "the socket has the configured mode and group"
sc -s "$SOCK" wait --timeout 2 --version 6
is "$rc" 4 "two seconds pass while the run waits for the lock"
like "$(cat "$T/notify2.log")" "STATUS=Starting at version 0: waiting for another process's lock" \
    "STATUS= says why the run does not go on"
like "$(cat "$T/notify2.log")" 'EXTEND_TIMEOUT_USEC=' \
    "EXTEND_TIMEOUT_USEC while it waits, up to busy_timeout"
release_lock
sc -s "$SOCK" wait --timeout 30 --version 6
is "$rc" 0 "once the lock is free, it migrates"
sc -s "$SOCK" status
like "$out" '^READY version=6 target=6 since=' "and the wait is no longer shown"
stop_daemon TERM

# busy_timeout ends the wait: exit 75, temporary.
echo 'CREATE TABLE t7(x);' >"$T/m/0007_t7.sql"
rm -f "$T/lockin" "$T/lockout"
hold_lock "$T/app.db"
start_daemon $D --busy-timeout 1500
wait "$daemon_pid"
is "$?" 75 "a lock held past busy_timeout: exit 75"
daemon_pid=
release_lock
rm "$T/m/0007_t7.sql"

# create = wait: STARTING, saying why, until the database file appears
# (a restore, a replica); then it migrates and is READY.
rm -f "$T/later.db"*
: >"$T/notify3.log"
"$HELPERS/notify-recv" "$T/notify3.sock" "$T/later.db" >>"$T/notify3.log" &
until grep -q LISTENING "$T/notify3.log"; do sleep 0.01; done
NOTIFY_SOCKET=$T/notify3.sock start_daemon --database "$T/later.db" \
    --migrations "$T/m" --socket "$SOCK" --create wait
until_status "$SOCK" '^STARTING .*waiting_for=database '
ok $? "create = wait: STARTING, waiting_for=database"
wait_log "$T/notify3.log" "STATUS=Starting at version 0: waiting for the database file to appear"
ok $? "STATUS= says so"
test ! -e "$T/later.db"
ok $? "no file is made meanwhile"
cp "$T/app.db" "$T/later.db.tmp"
mv "$T/later.db.tmp" "$T/later.db"
sc -s "$SOCK" wait --timeout 30
is "$rc:$(q 'PRAGMA user_version' "$T/later.db")" "0:6" \
    "once it appears (renamed into place), the daemon migrates and is READY"
stop_daemon TERM

# A follower's role is known before its database is there: a LiteFS
# replica that waits for the file says so from the first line on.
rm -f "$T/later.db"*
start_daemon --database "$T/later.db" --migrations "$T/m" --socket "$SOCK" \
    --role follower
until_status "$SOCK" '^STARTING role=follower version=0 waiting_for=database '
ok $? "a follower waiting for its database: STARTING role=follower ... waiting_for=database"
stop_daemon TERM

# The watchdog: WATCHDOG=1 at half of WATCHDOG_USEC.
spawn_notify "$T/notify.sock" "$T/app.db"
NOTIFY_SOCKET=$T/notify.sock WATCHDOG_USEC=200000 start_daemon $D
n=0
while read -r line <&6; do
	case $line in WATCHDOG=1) n=$((n + 1)) ;; esac
	[ $n -lt 3 ] || break
done
is "$n" 3 "WATCHDOG=1 keeps coming while the daemon runs"
stop_daemon TERM
cat <&6 >/dev/null
exec 6<&-

done_testing
