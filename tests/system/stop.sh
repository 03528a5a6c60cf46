#!/bin/sh
# SPDX-License-Identifier: MIT
# SIGTERM stops a run at any moment before COMMIT: while it waits for a
# lock that another process holds (at once, not after busy_timeout), and
# just as that lock is released (the run must not go on and commit). The
# daemon, `schemad migrate` and `schemad exec` alike: rolled back, exit 7.
. "$(dirname "$0")/lib.sh"

copy_example "$T/m"
SOCK=$T/s.sock
D="--database $T/app.db --migrations $T/m --busy-timeout 60000"

# locked: an application holds the write lock (BEGIN IMMEDIATE).
locked()
{
	rm -f "$T/app.db"* "$T/lockin" "$T/lockout"
	hold_lock "$T/app.db" "BEGIN IMMEDIATE; CREATE TABLE app(x)"
}

# stopped WHAT MS: the checks after a stop that took MS milliseconds.
stopped()
{
	is "$rc" 7 "$1: exit 7"
	test "$2" -lt 3000
	ok $? "$1: within 3 s of SIGTERM, not after busy_timeout ($2 ms)"
	release_lock
	is "$(q 'PRAGMA user_version')" 0 "$1: nothing was applied"
	is "$(q "SELECT count(*) FROM sqlite_master WHERE name = 'schemad_history'")" \
	    0 "$1: no history table"
}

# The daemon, waiting for the lock.
locked
: >"$T/daemon.log"
start_daemon $D --socket "$SOCK"
wait_log "$T/daemon.log" 'another process holds the database.s lock'
ok $? "the daemon says it waits for the lock"
t0=$(ms)
stop_daemon TERM
stopped "run, SIGTERM while waiting for the lock" $(($(ms) - t0))
like "$(cat "$T/daemon.log")" 'migration interrupted and rolled back' \
    "run: says the migration was interrupted"

# The daemon, just as the lock is released: three times, as the race
# went the wrong way every time.
for i in 1 2 3; do
	locked
	: >"$T/daemon.log"
	start_daemon $D --socket "$SOCK"
	wait_log "$T/daemon.log" 'another process holds the database.s lock'
	# The COMMIT waits for the daemon's read of the history to end (the
	# holder has no busy timeout of its own, to take the lock at once).
	echo '.timeout 10000' >&7
	kill -TERM "$daemon_pid"
	lock_sql "COMMIT"
	wait "$daemon_pid"
	rc=$?
	daemon_pid=
	is "$rc" 7 "run, SIGTERM as the lock is released ($i): exit 7"
	release_lock
	is "$(q 'PRAGMA user_version')" 0 \
	    "run, SIGTERM as the lock is released ($i): nothing was applied"
done

# schemad migrate, and schemad exec (whose command must not start).
for cmd in migrate exec; do
	locked
	: >"$T/one.err"
	if [ "$cmd" = migrate ]; then
		"$SCHEMAD" $D migrate >/dev/null 2>"$T/one.err" &
	else
		"$SCHEMAD" $D exec -- touch "$T/started" >/dev/null \
		    2>"$T/one.err" &
	fi
	pid=$!
	wait_log "$T/one.err" 'another process holds the database.s lock'
	ok $? "$cmd: says it waits for the lock"
	t0=$(ms)
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	stopped "$cmd, SIGTERM while waiting for the lock" $(($(ms) - t0))
	like "$(cat "$T/one.err")" 'stopped before COMMIT' "$cmd: says why"
done
test ! -e "$T/started"
ok $? "exec: the command never started"

# SIGINT in the middle of a long backfill: rolled back at once.
long_backfill "$T/big" "$T/big.db"
"$SCHEMAD" --database "$T/big.db" --migrations "$T/big" -v migrate \
    >/dev/null 2>"$T/big.err" &
pid=$!
wait_log "$T/big.err" 'applying 0002_backfill.sql'
t0=$(ms)
kill -INT "$pid"
wait "$pid"
rc=$?
is "$rc" 7 "migrate, SIGINT during a backfill: exit 7"
elapsed=$(($(ms) - t0))
test "$elapsed" -lt 3000
ok $? "migrate, SIGINT during a backfill: stops within 3 s ($elapsed ms)"
is "$(q 'PRAGMA user_version' "$T/big.db")" 1 "the backfill was rolled back"
test ! -e "$T/big.db-journal"
ok $? "and left no journal behind"

done_testing
