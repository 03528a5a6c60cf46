#!/bin/sh
# SPDX-License-Identifier: MIT
# The socket under load and on awkward paths: 1,000 clients waiting before
# the migration ends are all answered READY, some vanish early without
# disturbing the rest; a stale socket file is replaced, a live one and a
# symlink are refused; socket activation takes the passed socket.
. "$(dirname "$0")/lib.sh"

copy_example "$T/m"
SOCK=$T/s.sock
D="--database $T/app.db --migrations $T/m --socket $SOCK"

# 1,000 waiters (10 of them hang up at once) while the database is locked.
hold_lock "$T/app.db"
start_daemon $D
until_status "$SOCK" '^STARTING'
ok $? "the daemon answers while it waits for the lock (STARTING)"
spawn_waiters "$SOCK" 1000 10 60000
is "$line" "connected 1000" "1,000 clients connected and sent WAIT"
until_status "$SOCK" ' waiting=990$'
ok $? "990 of them wait (10 hung up)"
release_lock
reap_waiters
is "$?" 0 "the waiters helper ran"
is "$(sed -n 1p "$T/waiters.out")" "READY 990" "all 990 were answered READY"
is "$(sed -n 2p "$T/waiters.out")" "other 0" "and none got anything else"
sc -s "$SOCK" status
like "$out" '^READY version=5 .* waiting=0$' "nobody is left waiting"

# Requests sent behind a WAIT wait their turn, however many: a WAIT and
# 200 PINGs (over 1 KB) while the database is locked get READY and 200
# PONGs, not "request too long".
stop_daemon TERM
rm -f "$T/lockin" "$T/lockout"
q 'CREATE TABLE IF NOT EXISTS extra(x)'
echo 'CREATE TABLE t6(x);' >"$T/m/0006_t6.sql"
: >"$T/daemon.log"
hold_lock "$T/app.db" "BEGIN IMMEDIATE; INSERT INTO extra VALUES (1)"
start_daemon $D
wait_log "$T/daemon.log" 'another process holds the database.s lock'
sc -s "$SOCK" status
like "$out" '^STARTING version=5 target=6 ' \
    "while it waits for the lock, STARTING says the version on disk"
# (socat shuts down its sending side after the last PING, and waits for
# the replies: the daemon answers a half-closed client, then closes.)
{
	echo 'WAIT 60000'
	i=0
	while [ $i -lt 200 ]; do echo PING; i=$((i + 1)); done
} | socat -t 60 - "UNIX-CONNECT:$SOCK" >"$T/pipelined.out" &
pipelined=$!
until_status "$SOCK" ' waiting=1$'
release_lock
wait "$pipelined"
like "$(head -n 1 "$T/pipelined.out")" '^READY version=6 ' "the WAIT is answered READY"
is "$(sed 1d "$T/pipelined.out" | sort | uniq -c | sed 's/^ *//')" "200 PONG" \
    "then the 200 PINGs behind it, each PONG"
rm "$T/m/0006_t6.sql"
rm -f "$T/app.db"*

# Limits: max_clients connections at once, idle clients closed.
stop_daemon TERM
start_daemon $D --max-clients 3 --idle-timeout 1
sc -s "$SOCK" wait --timeout 30
spawn_waiters "$SOCK" 3 0 "60000 version=99"
is "$line" "connected 3" "three clients wait for a version that never comes"
sc -s "$SOCK" status
is "$rc:$out" "6:ERROR too many clients" "a fourth is turned away (max_clients = 3)"
kill "$waiters"
wait "$waiters" 2>/dev/null
exec 5<&-
sc -s "$SOCK" status
is "$rc" 0 "once they are gone, the daemon answers again"
mkfifo "$T/idle"
exec 9<>"$T/idle"
socat - "UNIX-CONNECT:$SOCK" <&9 >/dev/null &
idle=$!
wait "$idle"
is "$?" 0 "a client that asks nothing is closed (idle_timeout = 1 s)"
exec 9<&-
stop_daemon TERM
start_daemon $D
sc -s "$SOCK" wait --timeout 30

# A second daemon on the same path: refused while the first listens.
sd $D --busy-timeout 100 run
is "$rc" 75 "a second daemon on a live socket: exit 75"
like "$err" "$SOCK: another process listens on it" "and says why"
sc -s "$SOCK" status
is "$rc" 0 "the first daemon still answers"

# A stale socket (the daemon was killed) is replaced.
kill -9 "$daemon_pid"
wait "$daemon_pid" 2>/dev/null
test -S "$SOCK"
ok $? "kill -9 left the socket file behind"
start_daemon $D
sc -s "$SOCK" wait --timeout 30
is "$rc" 0 "a new daemon replaces the stale socket and answers"
like "$(cat "$T/daemon.log")" "$SOCK: replaced a stale socket" "and says so"
stop_daemon TERM

# Never through a symlink.
ln -s "$T/elsewhere.sock" "$SOCK"
sd $D run
is "$rc" 75 "a symlink at the socket path: exit 75"
like "$err" "exists and is not a socket \(a symlink; not followed\)" "and says why"
test ! -e "$T/elsewhere.sock"
ok $? "nothing was created at the symlink's target"
rm "$SOCK"

# A missing socket directory is made (a /run on tmpfs, with no service
# manager to make it); one whose parent is missing is an error that names
# the setting.
start_daemon $D --socket "$T/made/s.sock"
sc -s "$T/made/s.sock" wait --timeout 30
is "$rc" 0 "a missing socket directory is made"
like "$(stat -c %a "$T/made")" '^755$' "mode 0755, the socket's own mode guards it"
stop_daemon TERM
sd $D --socket "$T/no/such/s.sock" run
is "$rc" 75 "a socket directory that cannot be made: exit"
like "$err" "$T/no/such: the socket's directory: No such file or directory \(the socket is \[socket\] path, --socket\)" \
    "and says which setting"

# The socket's directory: others must not be able to write to it.
mkdir "$T/open"
chmod 777 "$T/open"
sd $D --socket "$T/open/s.sock" run
is "$rc" 75 "a socket directory everyone may write to: exit 75"
like "$err" "$T/open: others may write to the socket's directory" "and says why"
chmod 1777 "$T/open"
start_daemon $D --socket "$T/open/s.sock"
sc -s "$T/open/s.sock" wait --timeout 30
is "$rc" 0 "a sticky one (like /tmp) is fine"
stop_daemon TERM

# Socket activation: systemd-socket-activate binds, schemad takes fd 3.
if command -v systemd-socket-activate >/dev/null; then
	systemd-socket-activate -l "$T/act.sock" "$SCHEMAD" \
	    --database "$T/act.db" --migrations "$T/m" \
	    --socket "$T/unused.sock" run 2>"$T/act.log" &
	act=$!
	sc -s "$T/act.sock" wait --timeout 30
	is "$rc" 0 "socket activation: schemactl wait through the passed socket"
	test ! -e "$T/unused.sock"
	ok $? "socket activation: the configured path was not bound"
	like "$(cat "$T/act.log")" "listening on the socket passed by the service manager" \
	    "socket activation: the daemon says so"
	kill -TERM "$act"
	wait "$act"
	is "$?" 0 "socket activation: SIGTERM, exit 0"
	test -S "$T/act.sock"
	ok $? "socket activation: the manager's socket is left alone"
else
	skip "no systemd-socket-activate" "socket activation"
fi

done_testing
