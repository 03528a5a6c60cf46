#!/bin/sh
# SPDX-License-Identifier: MIT
# kill -9 of `schemad migrate` in the middle of a long backfill (a million
# rows): the next look finds the old version, an intact database, and the
# next run migrates. Both journal modes.
. "$(dirname "$0")/lib.sh"

ROWS=1000000
mkdir "$T/m"
big_table $ROWS >"$T/m/0001_big.sql"
cat >"$T/m/0002_backfill.sql" <<'SQL'
ALTER TABLE big ADD COLUMN w TEXT;
UPDATE big SET w = printf('%08d-%s', v, hex(randomblob(16)));
CREATE INDEX big_w ON big(w);
SQL

for mode in delete wal; do
	db=$T/$mode.db
	mkdir "$T/m1"
	cp "$T/m/0001_big.sql" "$T/m1/"
	"$SCHEMAD" --migrations "$T/m1" --database "$db" --journal-mode "$mode" \
	    -q migrate >/dev/null
	is "$?" 0 "$mode: version 1 with $ROWS rows"
	rm -rf "$T/m1"

	# Start the backfill; its debug log says when it reaches migration 2.
	mkfifo "$T/log"
	"$SCHEMAD" --migrations "$T/m" --database "$db" --journal-mode "$mode" \
	    -v migrate 2>"$T/log" >/dev/null &
	pid=$!
	exec 5<"$T/log"
	seen=no
	while read -r line <&5; do
		case $line in
		*"applying 0002_backfill.sql"*) seen=yes; break ;;
		esac
	done
	# Then wait until the backfill has written a megabyte of journal
	# (rollback journal) or of uncommitted frames (WAL): it is under way.
	journal=$db-journal
	[ "$mode" = wal ] && journal=$db-wal
	tries=0
	while [ "$(stat -c %s "$journal" 2>/dev/null || echo 0)" -lt 1048576 ] &&
	    [ $tries -lt 3000 ] && kill -0 "$pid" 2>/dev/null; do
		sleep 0.01
		tries=$((tries + 1))
	done
	size=$(stat -c %s "$journal" 2>/dev/null || echo 0)
	kill -9 "$pid"
	wait "$pid"
	st=$?
	exec 5<&-
	rm -f "$T/log"
	is "$seen" yes "$mode: the run reached the backfill"
	test "$size" -ge 1048576
	ok $? "$mode: the backfill was writing ($size bytes of journal)"
	is "$st" 137 "$mode: schemad was killed mid-backfill (kill -9)"

	is "$(q 'PRAGMA integrity_check' "$db")" ok "$mode: integrity_check ok"
	is "$(q 'PRAGMA user_version' "$db")" 1 "$mode: still the old version"
	is "$(q 'SELECT count(*) FROM schemad_history' "$db")" 1 \
	    "$mode: the history has only version 1"
	is "$(q "SELECT count(*) FROM pragma_table_info('big') WHERE name = 'w'" "$db")" 0 \
	    "$mode: no trace of the backfill's column"
	is "$(q 'SELECT count(*) FROM big' "$db")" "$ROWS" "$mode: every row kept"

	sd --migrations "$T/m" --database "$db" plan
	is "$rc" 3 "$mode: plan shows the backfill pending"
	sd --migrations "$T/m" --database "$db" migrate
	is "$rc" 0 "$mode: the next run migrates"
	is "$(q 'SELECT count(*) FROM big WHERE w IS NOT NULL' "$db")" "$ROWS" \
	    "$mode: every row backfilled"
	is "$(q 'PRAGMA user_version' "$db")" 2 "$mode: at version 2"
done

done_testing
