#!/bin/sh
# SPDX-License-Identifier: MIT
# Behind Litestream (v0.3.13, from npm, cached outside the clone), run for
# real with a file:// replica: a migrator that creates the database before
# `litestream restore -if-db-not-exists` makes the restore skip, and the
# application runs on an empty database (reproduced here with create =
# yes); create = no refuses instead, and create = wait waits for the
# restore. Then contrib/litestream/entrypoint -- restore, then replicate
# -exec "schemad exec -- app" -- on a node, killed with -9, and on a fresh
# node: the history, user_version and the data are kept, and Litestream's
# own tables are no drift; and on the first start of all, with no copy in
# the replica, it makes a new database.
. "$(dirname "$0")/lib.sh"

CACHE=${SCHEMAD_TEST_CACHE:-/var/cache/schemad-tests}/litestream
LITESTREAM_VERSION=1.0.1	# @flydotio/litestream-linux-x64: Litestream v0.3.13
LS=${LITESTREAM:-$CACHE/node_modules/@flydotio/litestream-linux-x64/litestream}
if [ ! -x "$LS" ] && command -v npm >/dev/null; then
	mkdir -p "$CACHE"
	npm install --prefix "$CACHE" --no-save --no-audit --no-fund \
	    --loglevel=error \
	    "@flydotio/litestream-linux-x64@$LITESTREAM_VERSION" \
	    >"$T/npm.log" 2>&1
fi
if [ ! -x "$LS" ]; then
	skip "Litestream could not be installed from npm: $(npm_why "$T/npm.log")" \
	    "Litestream, for real"
	done_testing
fi

M=$T/m
copy_example "$M"
ROWS=20000	# notes, beside the example's own

# replicated DB REPLICA ROWS: wait until a restore of REPLICA has ROWS rows
# in notes (Litestream syncs every second); at most 30 s.
replicated()
{
	tries=0
	while [ $tries -lt 150 ]; do
		rm -f "$T/probe.db"*
		if "$LS" restore -o "$T/probe.db" "$2" >/dev/null 2>&1 &&
		    [ "$(q 'SELECT count(*) FROM notes' "$T/probe.db" 2>/dev/null)" = "$3" ]; then
			return 0
		fi
		tries=$((tries + 1))
		sleep 0.2
	done
	return 1
}

# The database a node had: migrated, with data, replicated.
mkdir "$T/a"
sd --database "$T/a/app.db" --journal-mode wal --migrations "$M" migrate
is "$rc" 0 "the first node: migrate, exit 0"
q "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $ROWS)
    INSERT INTO notes (user_id, body) SELECT 1, 'note ' || i FROM c" "$T/a/app.db"
ROWS=$(q 'SELECT count(*) FROM notes' "$T/a/app.db")	# and the example's
"$LS" replicate "$T/a/app.db" "file://$T/replica" >"$T/replicate.log" 2>&1 &
lspid=$!
replicated "$T/a/app.db" "file://$T/replica" "$ROWS"
ok $? "Litestream replicated it ($ROWS notes)"
kill "$lspid"
wait "$lspid"

# The hazard, as users met it: the migrator runs first and creates the
# file, so the restore skips it and the application gets an empty database.
mkdir "$T/b"
sd --database "$T/b/app.db" --migrations "$M" migrate
is "$rc" 0 "create = yes on a new node: migrate makes a new database"
"$LS" restore -if-db-not-exists -o "$T/b/app.db" "file://$T/replica" >"$T/restore.log" 2>&1
like "$(cat "$T/restore.log")" "database already exists, skipping" \
    "then restore -if-db-not-exists skips it"
is "$(q 'SELECT count(*) FROM notes' "$T/b/app.db")" 2 \
    "and the application would run on the example's 2 notes, not $ROWS: the hazard"

# create = no: the migrator refuses instead of creating the file.
mkdir "$T/c"
sd --database "$T/c/app.db" --migrations "$M" --create no migrate
is "$rc" 75 "create = no, no database yet: exit 75 (temporary)"
like "$err" "app.db: database does not exist, and create is off" "and says why"
test ! -e "$T/c/app.db"
ok $? "no file was created"
"$LS" restore -if-db-not-exists -o "$T/c/app.db" "file://$T/replica" >/dev/null 2>&1
is "$(q 'SELECT count(*) FROM notes' "$T/c/app.db")" "$ROWS" "so the restore restores"
cat >"$M/0006_notes_pinned.sql" <<'SQL'
ALTER TABLE notes ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
SQL
sd --database "$T/c/app.db" --migrations "$M" --create no migrate
is "$rc" 0 "then migrate: exit 0"
like "$out" "version 5 -> 6, 1 migration" "it applies only what is new"
is "$(q "SELECT count(*) FROM notes WHERE pinned = 0" "$T/c/app.db")" "$ROWS" \
    "the restored data is kept"

# create = wait: STARTING until the restore has put the file in place.
mkdir "$T/d"
"$SCHEMAD" --database "$T/d/app.db" --migrations "$M" --create wait \
    exec -- sh -c "sqlite3 '$T/d/app.db' 'SELECT count(*) FROM notes' >'$T/d/app.out'" \
    2>"$T/d/schemad.log" &
spid=$!
wait_log "$T/d/schemad.log" "waiting for the database file to appear"
ok $? "create = wait: schemad says it waits for the file"
test ! -e "$T/d/app.db"
ok $? "and has not made one"
"$LS" restore -o "$T/d/app.db" "file://$T/replica" >/dev/null 2>&1
ok $? "then the restore"
wait "$spid"
is "$?" 0 "once the restored file is in place: migrate, then exec, exit 0"
is "$(cat "$T/d/app.out" 2>/dev/null)" "$ROWS" "the application saw the restored notes"
is "$(q 'PRAGMA user_version' "$T/d/app.db")" 6 "at version 6"

# An empty file (what `touch`, or a replica with nothing yet, leaves) is
# not a database: still waiting a second (ten looks) later, and the file
# is left alone.
: >"$T/empty.db"
timeout --preserve-status -s TERM 1 "$SCHEMAD" --database "$T/empty.db" \
    --migrations "$M" --create wait migrate 2>"$T/empty.log"
is "$?" 7 "create = wait on an empty file: still waiting after a second (SIGTERM: exit 7)"
is "$(wc -c <"$T/empty.db")" 0 "and the file is left empty"
like "$(cat "$T/empty.log")" "stopped by a signal while waiting for .*empty.db to appear" \
    "SIGTERM ends the wait, saying so"

# The chain, through contrib/litestream/entrypoint: restore, then
# replicate -exec "schemad exec -- app"; killed; then a fresh node.
mkdir "$T/bin"
ln -s "$SCHEMAD" "$T/bin/schemad"
ln -s "$LS" "$T/bin/litestream"
cat >"$M/0007_tags.sql" <<'SQL'
CREATE TABLE tags (note_id INTEGER NOT NULL REFERENCES notes (id), tag TEXT NOT NULL);
INSERT INTO tags SELECT id, 'backfilled' FROM notes;
SQL
cat >"$T/app.sh" <<'EOF2'
#!/bin/sh
# The application: one write, then it says it started, and stays.
sqlite3 -cmd '.timeout 5000' "$SCHEMAD_DATABASE" "INSERT INTO tags VALUES (1, 'from the app')"
echo $$ >"$SCHEMAD_DATABASE.started"
exec sleep 600
EOF2
chmod +x "$T/app.sh"

# node DIR REPLICA: the entrypoint on a node whose database is DIR/app.db;
# waits until the application has started, then kills Litestream (-9) and
# the application.
node()
{
	mkdir -p "$1"
	PATH=$T/bin:$PATH SCHEMAD_DATABASE=$1/app.db SCHEMAD_MIGRATIONS=$M \
	    LITESTREAM_REPLICA=$2 "$top_srcdir/contrib/litestream/entrypoint" \
	    "$T/app.sh" >"$1/entrypoint.log" 2>&1 &
	epid=$!
	tries=0
	until [ -s "$1/app.db.started" ] || [ $tries -ge 3000 ]; do
		tries=$((tries + 1))
		sleep 0.01
	done
}

# replicated_tags REPLICA N: until a restore of REPLICA has N tags.
replicated_tags()
{
	tries=0
	until "$LS" restore -o "$T/probe.db" "$1" >/dev/null 2>&1 &&
	    [ "$(q 'SELECT count(*) FROM tags' "$T/probe.db" 2>/dev/null)" = "$2" ]; do
		tries=$((tries + 1))
		[ $tries -lt 150 ] || return 1
		rm -f "$T/probe.db"*
		sleep 0.2
	done
	rm -f "$T/probe.db"*
}

stop_node()
{
	kill -9 "$epid" 2>/dev/null
	wait "$epid" 2>/dev/null
	kill "$(cat "$1/app.db.started")" 2>/dev/null
}

node "$T/e" "file://$T/replica"
test -s "$T/e/app.db.started"
ok $? "entrypoint on a node: restored, migrated, then the application started"
like "$(cat "$T/e/entrypoint.log")" "version 5 -> 7, 2 migrations" \
    "schemad applied what the restored database lacked"
like "$(cat "$T/e/entrypoint.log")" "wal +[0-9.]+ MB, which a replicator" \
    "and said how large the WAL grew"
want=$((ROWS + 1))
replicated_tags "file://$T/replica" "$want"
ok $? "Litestream shipped the run and the application's write"
stop_node "$T/e"

node "$T/f" "file://$T/replica"
test -s "$T/f/app.db.started"
ok $? "after kill -9, a fresh node: restored, and the application started"
like "$(cat "$T/f/entrypoint.log")" "up to date at version 7" \
    "nothing was applied twice"
is "$(q 'PRAGMA user_version' "$T/f/app.db")" 7 "user_version 7"
is "$(q "SELECT group_concat(version) FROM schemad_history" "$T/f/app.db")" "1,2,3,4,5,6,7" \
    "the history is whole"
is "$(q "SELECT count(*) FROM notes" "$T/f/app.db"):$(q "SELECT count(*) FROM tags WHERE tag = 'backfilled'" "$T/f/app.db")" \
    "$ROWS:$ROWS" "the notes and the backfill are there"
is "$(q "SELECT count(*) FROM sqlite_master WHERE name LIKE '_litestream%'" "$T/f/app.db")" 2 \
    "with Litestream's own tables"
stop_node "$T/f"
sd --database "$T/f/app.db" --migrations "$M" --create no plan
is "$rc:$out" "0:$T/f/app.db: at version 7
up to date" "plan: up to date, Litestream's tables are no drift"

node "$T/g" "file://$T/replica-new"
test -s "$T/g/app.db.started"
ok $? "the first start of all (no copy in the replica): a new database"
like "$(cat "$T/g/entrypoint.log")" "the replica has no copy yet: a new database" \
    "the entrypoint says so"
is "$(q 'PRAGMA user_version' "$T/g/app.db")" 7 "migrated to version 7"
stop_node "$T/g"

# Litestream's tables alone are not a database to adopt.
rm -f "$T/g.db"
q "CREATE TABLE _litestream_seq (id INTEGER PRIMARY KEY, seq INTEGER);
    CREATE TABLE _litestream_lock (id INTEGER)" "$T/g.db"
sd --database "$T/g.db" --migrations "$M" plan
is "$rc" 3 "Litestream's tables only: plan, pending"
case $out in
*hint*) ok 1 "and no --baseline hint for them" ;;
*) ok 0 "and no --baseline hint for them" ;;
esac

done_testing
