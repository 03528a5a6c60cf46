#!/bin/sh
# SPDX-License-Identifier: MIT
# Faults: kill -9 at random moments of a long migration, in both journal
# modes, 50 times each; a full disk; a read-only database; a hundred
# daemon restarts in a row. Each leaves the database intact at the old or
# the new version, with a clear error and exit code, and nothing
# re-applied. The random moments come from a seed, printed (set
# SCHEMAD_TEST_SEED to repeat a run).
. "$(dirname "$0")/lib.sh"

SEED=${SCHEMAD_TEST_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
KILLS=${SCHEMAD_TEST_KILLS:-50}
diag "seed $SEED, $KILLS kills in each journal mode"

mkdir "$T/m1" "$T/m"
big_table 100000 >"$T/m1/0001_big.sql"
cp "$T/m1/0001_big.sql" "$T/m/"
reshape >"$T/m/0002_reshape.sql"

# delays N OFFSET: N random delays in seconds, from 0 to 0.25, from the
# seed plus OFFSET.
delays()
{
	awk -v seed="$SEED" -v off="$2" -v n="$1" 'BEGIN { srand(seed + off);
	    for (i = 0; i < n; i++) printf "%.3f\n", rand() * 0.25 }'
}

for mode in delete wal; do
	"$SCHEMAD" --database "$T/base-$mode.db" --migrations "$T/m1" \
	    --journal-mode "$mode" -q migrate >/dev/null
	bad=0 old=0 new=0 i=0
	for delay in $(delays "$KILLS" "$([ "$mode" = wal ] && echo 1 || echo 0)"); do
		i=$((i + 1))
		db=$T/$mode.db
		rm -f "$db" "$db-journal" "$db-wal" "$db-shm"
		cp "$T/base-$mode.db" "$db"
		"$SCHEMAD" --database "$db" --migrations "$T/m" -q migrate \
		    >/dev/null 2>&1 &
		pid=$!
		sleep "$delay"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		# schemad looks first, before any other client could repair.
		"$SCHEMAD" --database "$db" --migrations "$T/m" -q plan \
		    >/dev/null 2>&1
		case $? in
		0|3)	;;
		*)	bad=$((bad + 1))
			diag "$mode kill $i: plan failed on what the kill left" ;;
		esac
		integrity=$(q 'PRAGMA integrity_check' "$db")
		v=$(q 'PRAGMA user_version' "$db")
		hist=$(q 'SELECT count(*) || ":" || max(version) FROM schemad_history' "$db")
		cols=$(q "SELECT count(*) FROM pragma_table_info('big') WHERE name = 'w'" "$db")
		tags=$(q "SELECT count(*) FROM sqlite_master WHERE name = 'tags'" "$db")
		case "$integrity:$v:$hist:$cols:$tags" in
		ok:1:1:1:0:0)	old=$((old + 1)) ;;
		ok:2:2:2:1:1)	new=$((new + 1)) ;;
		*)		bad=$((bad + 1))
				diag "$mode kill $i after ${delay}s: $integrity:$v:$hist:$cols:$tags" ;;
		esac
		"$SCHEMAD" --database "$db" --migrations "$T/m" -q migrate >/dev/null 2>&1 ||
		    { bad=$((bad + 1)); diag "$mode kill $i: the next run failed"; }
		[ "$(q 'PRAGMA user_version' "$db")" = 2 ] ||
		    { bad=$((bad + 1)); diag "$mode kill $i: not at version 2 after"; }
	done
	diag "$mode: $old killed at the old version, $new after the commit"
	is "$bad" 0 "$mode: $KILLS kill -9 at random moments: schemad's next look recovers; old or new version, never between; history matches schema; the next run completes"
	test "$old" -gt 0
	ok $? "$mode: some kills landed during the migration ($old)"
done

# A full disk: a small file system.
mkdir "$T/small"
unmount_all() { umount "$T/small" 2>/dev/null; umount "$T/ro" 2>/dev/null; }
cleanup_hooks="unmount_all $cleanup_hooks"
if mount -t tmpfs -o size=1m tmpfs "$T/small" 2>/dev/null; then
	mkdir "$T/mfull"
	echo 'CREATE TABLE a(x);' >"$T/mfull/0001_a.sql"
	sd --database "$T/small/app.db" --migrations "$T/mfull" migrate
	is "$rc" 0 "small file system: version 1"
	cat >"$T/mfull/0002_fill.sql" <<'SQL'
INSERT INTO a (x)
	WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
	SELECT randomblob(100) FROM n;
SQL
	sd --database "$T/small/app.db" --migrations "$T/mfull" migrate
	is "$rc" 75 "the disk fills up mid-migration: exit 75 (temporary)"
	like "$err" "0002_fill.sql:1: database or disk is full" "and says so, with file and line"
	is "$(q 'PRAGMA integrity_check' "$T/small/app.db")" ok "the database is intact"
	is "$(q 'PRAGMA user_version' "$T/small/app.db")" 1 "at the old version"
	is "$(q 'SELECT count(*) FROM a' "$T/small/app.db")" 0 "with none of the rows"
	umount "$T/small"
else
	skip "cannot mount a tmpfs here" "a full disk"
fi

# A read-only database (a read-only mount: root ignores file modes).
copy_example "$T/mro"
mkdir "$T/rw" "$T/ro"
"$SCHEMAD" --database "$T/rw/app.db" --migrations "$T/mro" -q migrate >/dev/null
echo 'CREATE TABLE t6(x);' >"$T/mro/0006_t6.sql"
if mount --bind "$T/rw" "$T/ro" 2>/dev/null &&
    mount -o remount,ro,bind "$T/ro" 2>/dev/null; then
	sd --database "$T/ro/app.db" --migrations "$T/mro" migrate
	is "$rc" 75 "a read-only database: exit 75"
	like "$err" "readonly database|read-only" "and says so"
	sd --database "$T/ro/app.db" --migrations "$T/mro" plan
	is "$rc" 3 "plan still works on it (read-only), pending"
	start_daemon --database "$T/ro/app.db" --migrations "$T/mro" \
	    --socket "$T/s.sock" --on-failure stay
	sc -s "$T/s.sock" wait --timeout 30
	is "$rc" 1 "the daemon: FAILED"
	like "$out" 'exit=75 error="[^"]*(readonly|read-only)' "with the reason and the exit code"
	stop_daemon TERM
	umount "$T/ro"
else
	skip "cannot mount here" "a read-only database"
fi

# A hundred restarts in a row: nothing lost, nothing re-applied.
rm -rf "$T/mr" && copy_example "$T/mr"
R="--database $T/r.db --migrations $T/mr --socket $T/r.sock"
"$SCHEMAD" --database "$T/r.db" --migrations "$T/mr" -q migrate >/dev/null
before=$(q 'SELECT group_concat(version || applied_at) FROM schemad_history' "$T/r.db")
fails=0 i=0
while [ $i -lt 100 ]; do
	i=$((i + 1))
	"$SCHEMAD" $R run 2>>"$T/restarts.log" &
	p=$!
	"$SCHEMACTL" -s "$T/r.sock" wait --timeout 30 >/dev/null || fails=$((fails + 1))
	kill -TERM "$p"
	wait "$p" || fails=$((fails + 1))
done
is "$fails" 0 "100 daemon restarts: each ready, each stopped cleanly"
is "$(q 'SELECT group_concat(version || applied_at) FROM schemad_history' "$T/r.db")" \
    "$before" "the history is unchanged: nothing re-applied"
is "$(q 'PRAGMA integrity_check' "$T/r.db")" ok "the database is intact"

done_testing
