#!/bin/sh
# SPDX-License-Identifier: MIT
# The crowd: 16 `schemad migrate` released at once (a FIFO barrier) on a
# fresh database all succeed and every migration is recorded once; the
# same while another process keeps writing to the database, and while an
# application commits row by row in a tight loop -- where busy_timeout is
# a bound on each process's time, and a long one lets the crowd in.
. "$(dirname "$0")/lib.sh"

N=16
copy_example "$T/m"

# crowd DB MODE [ARGS...]: start N schemad (with ARGS) behind a barrier,
# release them together, and wait for all; $T/rc.I holds each one's exit
# code, $T/ms.I its wall time in milliseconds.
crowd()
{
	db=$1
	mode=$2
	shift 2
	rm -f "$T"/rc.* "$T"/ms.* "$T/go" "$T/ready"
	mkfifo "$T/go" "$T/ready"
	exec 3<>"$T/go" 4<>"$T/ready"
	i=0
	pids=
	while [ $i -lt $N ]; do
		i=$((i + 1))
		(
			exec 3>&- 5<"$T/go"
			echo ready >"$T/ready"
			read -r _ <&5	# returns at EOF: when the barrier opens
			exec 5<&-
			t0=$(ms)
			"$SCHEMAD" --migrations "$T/m" --database "$db" \
			    --journal-mode "$mode" "$@" migrate >"$T/out.$i" 2>&1
			echo $? >"$T/rc.$i"
			echo $(($(ms) - t0)) >"$T/ms.$i"
		) &
		pids="$pids $!"
	done
	i=0
	while [ $i -lt $N ]; do
		read -r _ <&4
		i=$((i + 1))
	done
	exec 3>&-		# the last writer closes: all readers see EOF
	wait $pids
	exec 4>&-
}

check()
{
	crowd "$1" "$2"
	fails=0
	for f in "$T"/rc.*; do [ "$(cat "$f")" = 0 ] || fails=$((fails + 1)); done
	is "$fails" 0 "$3: all $N processes exit 0"
	[ "$fails" = 0 ] || diag "$(cat "$T"/out.*)"
	is "$(ls "$T"/rc.* | wc -l)" "$N" "$3: all $N ran"
	is "$(q 'SELECT count(*), count(DISTINCT version) FROM schemad_history' "$1")" \
	    "5|5" "$3: every migration recorded exactly once"
	is "$(q 'PRAGMA user_version' "$1")" 5 "$3: at version 5"
	applied=$(cat "$T"/out.* | grep -c 'version 0 -> 5')
	is "$applied" 1 "$3: exactly one process applied the migrations"
}

check "$T/wal.db" wal "fresh database, wal"
check "$T/del.db" delete "fresh database, rollback journal"

# A writer that keeps writing (with a busy timeout, as applications do)
# while the crowd migrates; it stops when told to through a file.
for mode in wal delete; do
	db="$T/busy-$mode.db"
	sqlite3 "$db" "PRAGMA journal_mode = $mode; CREATE TABLE traffic(n)" >/dev/null
	rm -f "$T/stop"
	(
		n=0
		while [ ! -e "$T/stop" ]; do
			n=$((n + 1))
			sqlite3 -cmd '.timeout 60000' "$db" \
			    "INSERT INTO traffic VALUES ($n)" || exit 1
		done
	) &
	writer=$!
	check "$db" "$mode" "with a busy writer, $mode"
	touch "$T/stop"
	wait "$writer"
	is "$?" 0 "with a busy writer, $mode: the writer never failed"
	test "$(q 'SELECT count(*) FROM traffic' "$db")" -gt 0
	ok $? "with a busy writer, $mode: the writer wrote meanwhile"
done

# A process that waits for the lock must see the work done by whoever
# holds it, even when the holder (a busy application, say) takes the lock
# again at once and keeps it: it reads the history again each time it is
# refused the lock, and stops there -- not after busy_timeout, exit 75.
mkdir "$T/s" "$T/s/m"
echo 'CREATE TABLE a(x);' >"$T/s/m/0001_a.sql"
"$SCHEMAD" --database "$T/s/done.db" --migrations "$T/s/m" -q migrate >/dev/null
sqlite3 "$T/s/app.db" 'CREATE TABLE traffic(n)'
hold_lock "$T/s/app.db" "ATTACH '$T/s/done.db' AS done; BEGIN IMMEDIATE;
    INSERT INTO traffic VALUES (1)"
"$SCHEMAD" --database "$T/s/app.db" --migrations "$T/s/m" --busy-timeout 20000 \
    migrate >"$T/s/out" 2>"$T/s/err" &
pid=$!
wait_log "$T/s/err" 'another process holds the database.s lock'
ok $? "the waiter waits for the lock"
t0=$(ms)
# What a run in another process would commit, then at once the lock again.
# The waiter reads the history between its tries for the lock, so the
# holder's COMMIT must wait for a read that is under way, as SQLite's
# would: a busy timeout of its own (a COMMIT refused would leave the work
# uncommitted for good).
echo '.timeout 10000' >&7
lock_sql "CREATE TABLE a(x);
    CREATE TABLE schemad_history AS SELECT * FROM done.schemad_history;
    PRAGMA user_version = 1; COMMIT; BEGIN IMMEDIATE;
    INSERT INTO traffic VALUES (2)"
wait "$pid"
is "$?" 0 "the waiter exits 0 although the lock is held again"
elapsed=$(($(ms) - t0))
test "$elapsed" -lt 5000
ok $? "it stopped waiting when the work was done ($elapsed ms)"
like "$(cat "$T/s/out")" 'up to date at version 1 \(migrated by another process meanwhile\)' \
    "and says another process did the work"
release_lock

# An application that commits row by row in a tight loop (the sqlite3 shell
# reading one INSERT a line, each its own transaction, as a busy web app
# writes): its database's lock is free for moments only, between two of
# its transactions. busy_timeout is a bound on every process's time, not a
# sum of planned pauses -- at most busy_timeout, one back-off step (100 ms)
# and the time to start and stop (SLACK) -- and a busy_timeout long enough
# lets the crowd in: one applies, the others find it done.
SLACK=${SCHEMAD_TEST_SLACK_MS:-1500}
# The crowd of 64 gets 10 s, in which a plain build's slowest ends in under
# 2 s. Built with the sanitizers, each of 64 processes on two cores runs
# five to eight times slower (its slowest took 6 to 11 s at 10 s), and the
# bound would measure the sanitizers: it gets 30 s, a like margin.
LONG=10000
[ -z "${SCHEMAD_SANITIZED:-}" ] || LONG=30000
tight_writer()
{
	rm -f "$1"
	sqlite3 "$1" "PRAGMA journal_mode = $2; CREATE TABLE traffic(n)" >/dev/null
	yes 'INSERT INTO traffic VALUES (1);' |
	    sqlite3 -cmd '.timeout 60000' "$1" >/dev/null 2>&1 &
	writer=$!
	# Wait until it writes: a row, then a second one.
	until [ "$(q 'SELECT count(*) > 1 FROM traffic' "$1" 2>/dev/null)" = 1 ]; do
		sleep 0.01
	done
}

# bounded TIMEOUT WHAT: every process ended within TIMEOUT + 100 + SLACK.
bounded()
{
	worst=$(sort -n "$T"/ms.* | tail -n 1)
	diag "$2: the slowest process took $worst ms (busy_timeout $1)"
	test "$worst" -le $(($1 + 100 + SLACK))
	ok $? "$2: no process took longer than busy_timeout + 100 ms (+ $SLACK to start)"
}

for mode in delete wal; do
	tight_writer "$T/tight-$mode.db" "$mode"
	N=16
	crowd "$T/tight-$mode.db" "$mode" --busy-timeout 2000
	bounded 2000 "tight writer, $mode, 16 at 2000 ms"
	is "$(grep -c 'waiting up to' "$T"/out.* | awk -F: '$2 > 1' | wc -l)" 0 \
	    "tight writer, $mode: each says once that it waits"
	for f in "$T"/rc.*; do
		rc=$(cat "$f")
		[ "$rc" = 0 ] || [ "$rc" = 75 ] || diag "$f: exit $rc"
	done
	gaveup=$(grep -l 'gave up after waiting' "$T"/out.* 2>/dev/null | wc -l)
	is "$(ls "$T"/ms.* | wc -l)" 16 "tight writer, $mode: all 16 ended"
	diag "tight writer, $mode: $gaveup of 16 gave up (exit 75)"
	kill "$writer" 2>/dev/null
	wait "$writer" 2>/dev/null

	tight_writer "$T/tight2-$mode.db" "$mode"
	before=$(q 'SELECT count(*) FROM traffic' "$T/tight2-$mode.db")
	N=64
	crowd "$T/tight2-$mode.db" "$mode" --busy-timeout "$LONG"
	after=$(q 'SELECT count(*) FROM traffic' "$T/tight2-$mode.db")
	bounded "$LONG" "tight writer, $mode, 64 at $LONG ms"
	fails=0
	for f in "$T"/rc.*; do [ "$(cat "$f")" = 0 ] || fails=$((fails + 1)); done
	is "$fails" 0 "tight writer, $mode, 64 at $LONG ms: all exit 0"
	[ "$fails" = 0 ] || diag "$(cat "$T"/out.* | sort | uniq -c)"
	kill "$writer" 2>/dev/null
	wait "$writer" 2>/dev/null
	is "$(q 'SELECT count(*), count(DISTINCT version) FROM schemad_history' \
	    "$T/tight2-$mode.db")" "5|5" \
	    "tight writer, $mode, 64 at $LONG ms: each migration applied once"
	# (Its rows while they ran, not a count that a loaded machine's
	# slow fsyncs would decide.)
	test "$after" -gt "$before"
	ok $? "tight writer, $mode: the application went on writing while they ran ($before rows, then $after)"
done

done_testing
