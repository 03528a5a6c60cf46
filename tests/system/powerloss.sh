#!/bin/sh
# SPDX-License-Identifier: MIT
# Power loss at every sync point of a migration run. schemad migrates once
# under iolog.so, which records every write and sync it makes; crashstate
# rebuilds from that record what the disk could hold after a power loss
# just before each sync and at the end: everything not yet synced lost, or
# a random subset of it kept; and what a kill -9 there leaves (all of it).
# In each such state:
#
#	- schemad's own next look recovers by itself (plan: 0 or 3);
#	- the database is intact, at the old or the new version, never
#	  between, with the history to match;
#	- after the run exited 0 (the last point), it is at the new version:
#	  the commit was durable before schemad said so;
#	- where the new version survived, so did the backup of the old one;
#	- the next run completes, and leaves no temporary backup behind.
#
# A fresh install and an upgrade whose page cache spills, in each journal
# mode. Random subsets come from a seed, printed (SCHEMAD_TEST_SEED repeats
# a run; SCHEMAD_TEST_SUBSETS sets how many at each point: 3, or 1 in a
# sanitizer build, whose point is memory errors, not more crash states).
. "$(dirname "$0")/lib.sh"

SEED=${SCHEMAD_TEST_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
SUBSETS=${SCHEMAD_TEST_SUBSETS:-$([ -n "${SCHEMAD_SANITIZED:-}" ] && echo 1 || echo 3)}
diag "seed $SEED, $SUBSETS random subsets at each point"
IOLOG=$HELPERS/iolog.so
CRASHSTATE=$HELPERS/crashstate
# iolog.so comes first; AddressSanitizer would rather it did not.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

mkdir "$T/m1" "$T/m"
big_table 100000 >"$T/m1/0001_big.sql"
cp "$T/m1/0001_big.sql" "$T/m/"
reshape >"$T/m/0002_fill.sql"

# state_of DB: integrity:version:history rows:has tags, as the sqlite3
# shell sees the database after schemad's look (which recovered it).
state_of()
{
	if [ ! -s "$1" ]; then
		echo "ok:0:0:0"
		return
	fi
	rows=0
	[ "$(q "SELECT count(*) FROM sqlite_master WHERE name = 'schemad_history'" "$1")" = 1 ] &&
	    rows=$(q 'SELECT count(*) FROM schemad_history' "$1")
	printf '%s:%s:%s:%s\n' "$(q 'PRAGMA integrity_check' "$1")" \
	    "$(q 'PRAGMA user_version' "$1")" "$rows" \
	    "$(q "SELECT count(*) FROM sqlite_master WHERE name = 'tags'" "$1")"
}

# backup_ok DIR: one backup of version 1, intact, at version 1.
backup_ok()
{
	set -- "$1"/*.v1.bak
	[ $# = 1 ] && [ -f "$1" ] &&
	    [ "$(q 'PRAGMA integrity_check' "$1")" = ok ] &&
	    [ "$(q 'PRAGMA user_version' "$1")" = 1 ]
}

# scenario NAME MODE OLD: migrate $T/base (at version OLD: 0 is a fresh
# install) to version 2 under iolog.so, then check every crash state.
scenario()
{
	name=$1 mode=$2 old=$3
	rm -rf "$T/base" "$T/run" "$T/log"
	mkdir "$T/base" "$T/base/backup"
	if [ "$old" = 1 ]; then
		"$SCHEMAD" --database "$T/base/app.db" --migrations "$T/m1" \
		    --journal-mode "$mode" -q migrate >/dev/null
		want_old="ok:1:1:0"
	else
		want_old="ok:0:0:0"
	fi
	want_new="ok:2:2:1"
	cp -a "$T/base" "$T/run"
	run="--database $T/run/app.db --migrations $T/m --backup-dir $T/run/backup --journal-mode $mode"
	LD_PRELOAD=$IOLOG IOLOG_DIR=$T/run IOLOG_FILE=$T/log \
	    "$SCHEMAD" $run -q migrate >/dev/null
	is "$?" 0 "$name: the recorded run migrates"
	is "$(state_of "$T/run/app.db")" "$want_new" "$name: to version 2"

	points=$("$CRASHSTATE" "$T/log" --points)
	last=$(echo "$points" | tail -n 1)
	test "$(echo "$points" | wc -l)" -gt 3
	ok $? "$name: the run synced $(($(echo "$points" | wc -l) - 1)) times in $last records"

	states=0 bad=0 olds=0 news=0 k=0
	for point in $points; do
		s=-1
		while [ $s -le "$SUBSETS" ]; do
			seed=kill
			[ $s = 0 ] && seed=0
			[ $s -gt 0 ] && seed=$((SEED + k))
			k=$((k + 1))
			s=$((s + 1))
			states=$((states + 1))
			why=$(check_state "$point" "$seed" "$old")
			case $why in
			old)	olds=$((olds + 1)) ;;
			new)	news=$((news + 1)) ;;
			*)	bad=$((bad + 1))
				diag "$name, point $point, seed $seed: $why" ;;
			esac
		done
	done
	diag "$name: $states crash states, $olds old, $news new"
	is "$bad" 0 "$name: $states crash states: recovered by schemad, intact, old or new, durable once said, backed up, completed"
	test "$olds" -gt 0 && test "$news" -gt 0
	ok $? "$name: both versions came back from some crash ($olds old, $news new)"
}

# check_state POINT SEED OLD: rebuild the state and check it; prints old,
# new, or what is wrong.
check_state()
{
	c=$T/crash
	rm -rf "$c"
	mkdir "$c"
	"$CRASHSTATE" "$T/log" "$T/base" "$c" "$1" "$2" || { echo "crashstate failed"; return; }
	mkdir -p "$c/backup"
	d="--database $c/app.db --migrations $T/m --backup-dir $c/backup"
	"$SCHEMAD" $d -q plan >/dev/null 2>"$c.err"
	prc=$?
	if [ "$prc" != 0 ] && [ "$prc" != 3 ]; then
		echo "plan exit $prc: $(cat "$c.err")"
		return
	fi
	got=$(state_of "$c/app.db")
	case $got in
	"$want_old")	v=old ;;
	"$want_new")	v=new ;;
	*)		echo "between versions or damaged: $got"; return ;;
	esac
	if [ "$1" = "$last" ] && [ "$v" = old ]; then
		echo "the run had exited 0, but the old version came back"
		return
	fi
	if [ "$v" = new ] && [ "$3" = 1 ] && ! backup_ok "$c/backup"; then
		echo "the new version survived, the backup did not: $(ls "$c/backup")"
		return
	fi
	"$SCHEMAD" $d -q migrate >/dev/null 2>"$c.err" ||
	    { echo "the next run failed: $(cat "$c.err")"; return; }
	[ "$(state_of "$c/app.db")" = "$want_new" ] ||
	    { echo "not at version 2 after the next run"; return; }
	if ls "$c/backup" | grep -q 'tmp'; then
		echo "a temporary backup was left: $(ls "$c/backup")"
		return
	fi
	echo "$v"
}

scenario "upgrade, rollback journal" delete 1
scenario "upgrade, WAL" wal 1
scenario "fresh install, rollback journal" delete 0
scenario "fresh install, WAL" wal 0

done_testing
