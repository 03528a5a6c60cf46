#!/bin/sh
# SPDX-License-Identifier: MIT
# Backups: made before a run that changes something, of the database as it
# was; none when nothing is pending; only the newest `keep` are kept; the
# directory made if it is not there.
. "$(dirname "$0")/lib.sh"

nbackups() { ls "$T/bk" | grep -c '^app\.db\..*\.bak$'; }

for mode in delete wal; do
	rm -rf "$T/m" "$T/bk" "$T"/app.db*
	mkdir -p "$T/m" "$T/bk"
	B="--migrations $T/m --database $T/app.db --backup-dir $T/bk --backup-keep 2 --journal-mode $mode"

	cp "$EXAMPLE"/migrations/0001_*.sql "$T/m/"
	sd $B migrate
	is "$rc" 0 "$mode: first run on a new database"
	is "$(nbackups)" 0 "$mode: no backup of a database that was empty"

	for n in 2 3 4; do
		cp "$EXAMPLE"/migrations/000${n}_*.sql "$T/m/"
		sd $B migrate
		is "$rc" 0 "$mode: run $n: migrate with a backup"
		like "$out" "backup +$T/bk/app\.db\.[0-9]{8}T[0-9]{6}\.[0-9]{3}Z\.v$((n - 1))\.bak" \
		    "$mode: run $n: names the backup"
	done
	is "$(nbackups)" 2 "$mode: only the newest two backups are kept"
	newest=$(ls "$T/bk" | sort | tail -n 1)
	is "$(q 'PRAGMA user_version' "$T/bk/$newest")" 3 \
	    "$mode: the newest backup holds the database as it was (v3)"
	is "$(q 'PRAGMA integrity_check' "$T/bk/$newest")" ok "$mode: and it is intact"
	is "$(q "SELECT count(*) FROM schemad_history" "$T/bk/$newest")" 3 \
	    "$mode: with its history"

	sd $B migrate
	is "$rc" 0 "$mode: a current database"
	is "$(ls "$T/bk" | sort | tail -n 1)" "$newest" "$mode: gets no new backup"

	cp "$EXAMPLE"/migrations/0005_*.sql "$T/m/"
	sd $B --backup-dir "$T/nosuch/bk" migrate
	is "$rc" 75 "$mode: a backup that cannot be written stops the run (exit 75)"
	like "$err" "$T/nosuch/bk: cannot make the backup directory: No such file or directory" \
	    "$mode: saying why"
	is "$(q 'PRAGMA user_version')" 4 "$mode: and nothing was migrated"
	sd $B --backup-dir "$T/new" migrate
	is "$rc:$(stat -c %a "$T/new")" 0:750 \
	    "$mode: a backup directory not there is made (0750), as mkdir would"
	is "$(ls "$T/new" | grep -c '^app\.db\..*\.v4\.bak$')" 1 "$mode: with the backup in it"
	rm -rf "$T/new"
done

done_testing
