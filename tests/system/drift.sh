#!/bin/sh
# SPDX-License-Identifier: MIT
# Drift (an applied file changed, renamed or gone; a new file numbered
# below the newest applied one; user_version changed behind schemad's back)
# is reported by plan and stops migrate with exit 4, touching nothing.
# Baseline adopts a database migrated by other means.
. "$(dirname "$0")/lib.sh"

fresh()
{
	rm -rf "$T/m" "$T/app.db"
	copy_example "$T/m"
	rm "$T/m/0005_notes_search.sql"
	"$SCHEMAD" --migrations "$T/m" --database "$T/app.db" -q migrate >/dev/null
}

# check_drift WHAT PATTERN: plan and migrate both see it; nothing changes.
check_drift()
{
	echo 'CREATE TABLE later(x);' >"$T/m/0009_later.sql"
	before=$(dump "$T/app.db")
	sd --migrations "$T/m" --database "$T/app.db" plan
	is "$rc" 4 "$1: plan exits 4"
	like "$out" "drift +$2" "$1: plan reports it"
	sd --migrations "$T/m" --database "$T/app.db" migrate
	is "$rc" 4 "$1: migrate exits 4"
	like "$err" "$2" "$1: migrate says why"
	is "$(dump "$T/app.db")" "$before" "$1: the database is unchanged"
}

fresh
echo '-- edited' >>"$T/m/0002_create_notes.sql"
check_drift "changed file" "0002_create_notes.sql changed after it was applied at [0-9T:.Z-]+"

fresh
rm "$T/m/0003_add_user_email.sql"
check_drift "missing file" "3_add_user_email.sql was applied at .* but its file is gone"

fresh
mv "$T/m/0003_add_user_email.sql" "$T/m/0003_email.sql"
check_drift "renamed file" "0003_email.sql was applied as 3_add_user_email"

rm -rf "$T/m" "$T/app.db"
copy_example "$T/m"
rm "$T/m/0004_notes_body_not_null.sql" "$T/m/0005_notes_search.sql"
"$SCHEMAD" --migrations "$T/m" --database "$T/app.db" -q migrate >/dev/null
echo 'CREATE TABLE late(x);' >"$T/m/0007_late.sql"
"$SCHEMAD" --migrations "$T/m" --database "$T/app.db" -q migrate >/dev/null
cp "$EXAMPLE/migrations/0004_notes_body_not_null.sql" "$T/m/"
check_drift "out-of-order file" "0004_notes_body_not_null.sql is new but numbered below 7"

fresh
sqlite3 "$T/app.db" 'PRAGMA user_version = 9'
check_drift "user_version changed" "user_version is 9 but the newest version in the history is 4"

# Baseline: a database migrated by other means, up to version 3.
rm -rf "$T/m" "$T/app.db"
copy_example "$T/m"
for f in "$T"/m/000[123]_*.sql; do cat "$f"; done | sqlite3 "$T/app.db"
sqlite3 "$T/app.db" 'PRAGMA user_version = 3'
sd --migrations "$T/m" --database "$T/app.db" migrate
is "$rc" 4 "an untracked database is drift"
like "$err" "adopt it with --baseline" "and the message says what to do"
sd --migrations "$T/m" --database "$T/app.db" --baseline 3 plan
is "$rc" 3 "plan --baseline 3: pending"
like "$out" "baseline +0003_add_user_email.sql" "plan shows what baseline records"
sd --migrations "$T/m" --database "$T/app.db" --baseline 3 migrate
is "$rc" 0 "migrate --baseline 3 adopts the database"
is "$(q "SELECT group_concat(version || status) FROM schemad_history")" \
    "1baseline,2baseline,3baseline,4applied,5applied" \
    "1-3 recorded as baseline, 4-5 applied"
is "$(q 'SELECT count(*) FROM users')" 2 "the data of the adopted database is kept"
sd --migrations "$T/m" --database "$T/app.db" --baseline 3 migrate
is "$rc" 2 "--baseline on a database with a history is refused"
like "$err" "already has a schemad history" "and says why"
sd --migrations "$T/m" --database "$T/app.db" plan
is "$rc" 0 "after baseline, plan: up to date"

done_testing
