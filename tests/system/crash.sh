#!/bin/sh
# SPDX-License-Identifier: MIT
# kill -9 of the process that migrates, in the middle of a backfill big
# enough that SQLite's page cache spills (into the database file with a
# rollback journal, into the WAL otherwise): the crash leaves a hot journal
# or a WAL to recover. schemad's own next look -- before anything else
# opens the file -- must recover it by itself: `plan`, then `migrate`; and
# a crowd of daemons, one of which is killed mid-backfill, must all become
# READY and answer their waiting clients. Both journal modes.
. "$(dirname "$0")/lib.sh"

ROWS=1000000
mkdir "$T/m1"
big_table $ROWS >"$T/m1/0001_big.sql"
cat >"$T/backfill.sql" <<'SQL'
ALTER TABLE big ADD COLUMN w TEXT;
UPDATE big SET w = printf('%08d-%s', v, hex(randomblob(16)));
CREATE INDEX big_w ON big(w);
SQL

# spilled DB MODE SIZE PID: wait until the run has written into the
# database file (past SIZE bytes) or 8 MB into the WAL -- the page cache
# spilled -- or PID is gone.
spilled()
{
	file=$1 limit=$3
	[ "$2" = wal ] && file=$1-wal limit=8388608
	tries=0
	while [ "$(stat -c %s "$file" 2>/dev/null || echo 0)" -le "$limit" ]; do
		kill -0 "$4" 2>/dev/null || return 1
		tries=$((tries + 1))
		[ $tries -lt 6000 ] || return 1
		sleep 0.01
	done
}

# at_version_1 DB MODE DIR: DB holds the big table (version 1); DIR has
# the backfill pending.
at_version_1()
{
	rm -rf "$1"* "$3"
	"$SCHEMAD" --migrations "$T/m1" --database "$1" --journal-mode "$2" \
	    -q migrate >/dev/null
	mkdir "$3"
	cp "$T/m1/0001_big.sql" "$3/"
	cp "$T/backfill.sql" "$3/0002_backfill.sql"
}

for mode in delete wal; do
	db=$T/$mode.db
	at_version_1 "$db" "$mode" "$T/m"
	size=$(stat -c %s "$db")

	"$SCHEMAD" --migrations "$T/m" --database "$db" --journal-mode "$mode" \
	    -v migrate 2>"$T/log" >/dev/null &
	pid=$!
	wait_log "$T/log" 'applying 0002_backfill.sql'
	ok $? "$mode: the run reached the backfill"
	spilled "$db" "$mode" "$size" "$pid"
	ok $? "$mode: SQLite's cache spilled into the file"
	kill -9 "$pid"
	wait "$pid"
	is "$?" 137 "$mode: schemad was killed mid-backfill (kill -9)"
	if [ "$mode" = delete ]; then
		test -s "$db-journal"
		ok $? "$mode: it left a hot journal"
	else
		test -s "$db-wal"
		ok $? "$mode: it left a WAL"
	fi

	# Nothing but schemad opens the database from here on.
	sd --migrations "$T/m" --database "$db" plan
	is "$rc" 3 "$mode: plan recovers by itself and shows the backfill pending"
	[ "$rc" = 3 ] || diag "$err"
	like "$out" 'at version 1' "$mode: plan sees version 1"
	test ! -e "$db-journal"
	ok $? "$mode: no journal is left"
	sd --migrations "$T/m" --database "$db" migrate
	is "$rc" 0 "$mode: the next run migrates"
	[ "$rc" = 0 ] || diag "$err"

	is "$(q 'PRAGMA integrity_check' "$db")" ok "$mode: integrity_check ok"
	is "$(q 'PRAGMA user_version' "$db")" 2 "$mode: at version 2"
	is "$(q 'SELECT group_concat(version) FROM schemad_history' "$db")" \
	    "1,2" "$mode: each version recorded once"
	is "$(q 'SELECT count(*) FROM big WHERE w IS NOT NULL' "$db")" "$ROWS" \
	    "$mode: every row backfilled"
done

# A crowd of daemons on one database: the one that migrates is killed
# mid-backfill; the others must take over, and each of their waiting
# clients must hear READY.
N=4
for mode in delete wal; do
	db=$T/crowd-$mode.db
	at_version_1 "$db" "$mode" "$T/cm"
	size=$(stat -c %s "$db")
	D="--database $db --migrations $T/cm --journal-mode $mode"
	: >"$T/daemon.log"
	start_daemon $D --socket "$T/s0.sock"
	first=$daemon_pid
	wait_log "$T/daemon.log" 'migrating 1/1: 0002_backfill.sql'
	pids=
	wpids=
	i=1
	while [ $i -le $N ]; do
		"$SCHEMAD" $D --socket "$T/s$i.sock" run 2>"$T/d$i.log" &
		pids="$pids $!"
		until_status "$T/s$i.sock" '^(STARTING|MIGRATING)' >/dev/null
		"$HELPERS/waiters" "$T/s$i.sock" 16 0 300000 >"$T/w$i.out" &
		wpids="$wpids $!"
		i=$((i + 1))
	done
	spilled "$db" "$mode" "$size" "$first"
	ok $? "crowd, $mode: the first daemon's cache spilled"
	kill -9 "$first"
	wait "$first"
	daemon_pid=

	ready=0
	answered=0
	i=1
	while [ $i -le $N ]; do
		sc -s "$T/s$i.sock" wait --timeout 300
		[ "$rc" = 0 ] && ready=$((ready + 1))
		[ "$rc" = 0 ] || diag "daemon $i: $out" "$(cat "$T/d$i.log")"
		i=$((i + 1))
	done
	wait $wpids
	for f in "$T"/w*.out; do
		grep -q '^READY 16$' "$f" && answered=$((answered + 16))
	done
	is "$ready" "$N" "crowd, $mode: the $N other daemons are READY"
	is "$answered" $((N * 16)) "crowd, $mode: all $((N * 16)) waiting clients heard READY"
	kill $pids
	wait $pids
	rm -f "$T"/w*.out
	is "$(q 'PRAGMA user_version' "$db")" 2 "crowd, $mode: at version 2"
	is "$(q 'SELECT group_concat(version) FROM schemad_history' "$db")" \
	    "1,2" "crowd, $mode: each version recorded once"
	is "$(q 'PRAGMA integrity_check' "$db")" ok "crowd, $mode: integrity_check ok"
done

done_testing
