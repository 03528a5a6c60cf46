#!/bin/sh
# SPDX-License-Identifier: MIT
# A failure in migration k of n leaves schema, data, history and
# user_version exactly as before (compared as full dumps), in both journal
# modes; the error names the file, the line and SQLite's message.
. "$(dirname "$0")/lib.sh"

for mode in delete wal; do
	rm -rf "$T/m" "$T/app.db"*
	copy_example "$T/m"
	rm "$T/m/0003_add_user_email.sql" "$T/m/0004_notes_body_not_null.sql" \
	    "$T/m/0005_notes_search.sql"
	"$SCHEMAD" --migrations "$T/m" --database "$T/app.db" \
	    --journal-mode "$mode" -q migrate >/dev/null
	before=$(dump "$T/app.db")

	copy_example "$T/m"
	cat >"$T/m/0006_broken.sql" <<'SQL'
INSERT INTO users (name) VALUES ('carol');
UPDATE notes
   SET body = upper(body)
 WHERE id IN (SELECT id FROM nosuch_table);
SQL
	echo 'CREATE TABLE never(x);' >"$T/m/0007_never.sql"
	sd --migrations "$T/m" --database "$T/app.db" --journal-mode "$mode" migrate
	is "$rc" 1 "$mode: a broken migration (4 of 5 pending): exit 1"
	like "$err" "0006_broken.sql:2: no such table: nosuch_table" \
	    "$mode: the error names file, statement line and message"
	like "$err" "nothing was changed: the run was rolled back" \
	    "$mode: and says nothing changed"
	is "$(dump "$T/app.db")" "$before" \
	    "$mode: schema, data, history and user_version as before"
	is "$(q 'PRAGMA integrity_check')" ok "$mode: integrity_check ok"

	rm "$T/m/0006_broken.sql"
	sd --migrations "$T/m" --database "$T/app.db" migrate
	is "$rc" 0 "$mode: with the broken file removed, the run completes"
	is "$(q 'PRAGMA user_version')" 7 "$mode: at version 7"
done

done_testing
