#!/bin/sh
# SPDX-License-Identifier: MIT
# On a real three-node rqlite cluster (../shared/engines: rqlite v8.29.2 on
# loopback): every pending migration is one ?transaction request that
# begins with the history rows. 8 schemad processes started at once
# against the three nodes apply each migration (and a repeatable one's new
# text) exactly once and all exit 0; a failing migration k of n leaves
# every node unchanged, naming file and line with rqlite's message; what
# rqlite cannot run is refused with nothing sent (the cluster need not
# even be there). run is READY, and schemactl wait returns, only once the
# node's own copy has the version; a node restarted behind shows how far;
# the leader killed mid-deploy gives a temporary exit, and the retry
# completes with the migration there once on every node. history reads
# the cluster's.
. "$(dirname "$0")/lib.sh"

ENGINES=${ENGINES:-$top_srcdir/../shared/engines}
CLUSTER=$ENGINES/rqlite-cluster
if [ ! -x "$CLUSTER" ] || [ ! -x "${RQLITED:-$ENGINES/rqlited}" ]; then
	skip "no rqlite here ($ENGINES/rqlite-cluster and rqlited)" \
	    "schemad on an rqlite cluster"
	done_testing
fi
PORT=4301
R=$T/rq
start_cluster "$CLUSTER" "$R" "$PORT" "schemad on an rqlite cluster"
NODES="127.0.0.1:$PORT 127.0.0.1:$((PORT + 2)) 127.0.0.1:$((PORT + 4))"

# rq NODE SQL: one answer of NODE's own copy (level=none: no leader asked).
rq()
{
	curl -s -XPOST "http://$1/db/query?level=none" \
	    -H 'Content-Type: application/json' -d "[\"$2\"]" |
	    sed -n 's/.*"values":\[\[\([^]]*\)\]\].*/\1/p'
}

M=$T/m
mkdir "$M"
i=1
while [ "$i" -le 6 ]; do
	printf 'CREATE TABLE t%d (id INTEGER PRIMARY KEY, v TEXT);\nINSERT INTO t%d (v) VALUES (%s);\n' \
	    "$i" "$i" "'x'" >"$M/$(printf %04d "$i")_t$i.sql"
	i=$((i + 1))
done

printf '[database]\npath = rqlite://127.0.0.1:%s\n[migrations]\ndirectory = m\n' \
    "$PORT" >"$T/schemad.conf"
sd -c "$T/schemad.conf" plan
is "$rc" 3 "plan, the cluster named in the configuration file: 6 pending (exit 3)"

# deployers: 8 schemad migrate at once, against the three nodes.
deployers()
{
	pids=
	for k in 1 2 3 4 5 6 7 8; do
		set -- $NODES
		shift $((k % 3))
		"$SCHEMAD" --database "rqlite://$1" --migrations "$M" migrate \
		    >"$T/d$k.out" 2>"$T/d$k.err" &
		pids="$pids $!"
	done
	failed=0
	for p in $pids; do
		wait "$p" || failed=$((failed + 1))
	done
	[ "$failed" = 0 ] || diag "$(cat "$T"/d*.err)"
}
deployers
is "$failed" 0 "8 deployers at once on three nodes: all exit 0"
is "$(cat "$T"/d*.out | grep -c '^  applied ')" 6 \
    "each migration applied by one of them, once"
for node in $NODES; do
	sd --database "rqlite://$node" --migrations "$M" plan
	is "$rc:$(rq "$node" 'SELECT count(*) FROM schemad_history'):$(rq "$node" 'SELECT count(*) FROM t6')" \
	    "0:6:1" "node $node: up to date, 6 history rows, one row in t6"
done

# A failing migration k of n: the whole request rolls back everywhere.
echo 'CREATE TABLE t7 (x);' >"$M/0007_t7.sql"
printf 'CREATE TABLE t8 (x);\nINSERT INTO nosuch VALUES (1);\n' >"$M/0008_bad.sql"
echo 'CREATE TABLE t9 (x);' >"$M/0009_t9.sql"
sd --database "rqlite://127.0.0.1:$((PORT + 2))" --migrations "$M" migrate
is "$rc" 1 "a failing migration, 2 of 3: exit 1 (permanent)"
like "$err" "0008_bad.sql:2: no such table: nosuch" \
    "it names file and line, with rqlite's message"
for node in $NODES; do
	is "$(rq "$node" 'SELECT count(*) FROM schemad_history'):$(rq "$node" "SELECT count(*) FROM sqlite_master WHERE name IN ('t7', 't8', 't9')"):$(rq "$node" 'PRAGMA user_version')" \
	    "6:0:6" "node $node: unchanged (6 history rows, no t7, user_version 6)"
done
sd --database "rqlite://127.0.0.1:$((PORT + 2))" --migrations "$M" history --json
is "$rc:$(printf '%s\n' "$out" | jq -r '[.history[] | "\(.version):\(.state)"] | join(" ")')" \
    "0:1:applied 2:applied 3:applied 4:applied 5:applied 6:applied 7:pending 8:pending 9:pending" \
    "history on rqlite: 6 applied, the 3 of the failed run pending"
is "$(printf '%s\n' "$out" | jq -r '.history[0] | (.applied_at | test("^20.*Z$")), .checksum == .file_checksum')" \
    "true${nl}true" "with when each ran, and its checksum"
rm "$M/0008_bad.sql"
sd --database "rqlite://127.0.0.1:$((PORT + 4))" --migrations "$M" migrate
is "$rc" 0 "mended: exit 0"
like "$out" "version 6 -> 9, 2 migrations" "7 and 9 applied"

# What rqlite cannot run is refused before anything is sent: even with
# nothing listening.
for bad in "PRAGMA cache_size = 100;|a PRAGMA" \
    "INSERT INTO t1 (v) VALUES (random());|a value each node would compute" \
    "INSERT INTO t1 (v) VALUES (CURRENT_TIMESTAMP);|a value each node would compute" \
    "SAVEPOINT a;|a savepoint"; do
	sql=${bad%|*} why=${bad#*|}
	echo "$sql" >"$M/0010_bad.sql"
	sd --database "rqlite://127.0.0.1:1" --migrations "$M" plan
	is "$rc" 5 "'$sql': refused (exit 5), with nothing listening"
	like "$err" "0010_bad.sql:1: $why" "and says why, naming file and line"
done
rm "$M/0010_bad.sql"

# A repeatable migration: run once by 8 deployers at once, and once again
# when its text changes.
echo 'CREATE VIEW IF NOT EXISTS v1 AS SELECT id FROM t1;' >"$M/R__v1.sql"
deployers
is "$failed:$(cat "$T"/d*.out | grep -c '^  applied   R__v1.sql')" "0:1" \
    "a new repeatable, 8 deployers at once: all exit 0, one ran it"
printf 'DROP VIEW IF EXISTS v1;\nCREATE VIEW v1 AS SELECT id, v FROM t1;\n' \
    >"$M/R__v1.sql"
sum=$(sha256sum "$M/R__v1.sql" | cut -c1-64)
deployers
is "$failed:$(cat "$T"/d*.out | grep -c '^  applied   R__v1.sql')" "0:1" \
    "its text changed, 8 deployers at once: all exit 0, one ran it again"
for node in $NODES; do
	sd --database "rqlite://$node" --migrations "$M" plan
	is "$rc:$(rq "$node" 'SELECT count(*) FROM schemad_repeatable'):$(rq "$node" 'SELECT checksum FROM schemad_repeatable'):$(rq "$node" "SELECT count(*) FROM pragma_table_info('v1')")" \
	    "0:1:\"$sum\":2" "node $node: up to date, the new text's row and view"
done

# backfill VERSION ROWS: a migration that makes table bVERSION with ROWS
# rows, in one statement each node takes a while to apply.
backfill()
{
	cat >"$M/$(printf %04d "$1")_b$1.sql" <<SQL
CREATE TABLE b$1 (id INTEGER PRIMARY KEY, v INTEGER NOT NULL);
INSERT INTO b$1 (v)
	WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < $2)
	SELECT x FROM n;
SQL
}

# run: READY only once the node it talks to has the version in its own
# copy, which follows the leader's commit; schemactl wait returns then.
SOCK=$T/s.sock
backfill 10 300000
start_daemon --database "rqlite://127.0.0.1:$((PORT + 4))" --migrations "$M" \
    --socket "$SOCK"
until_status "$SOCK" .
sc -s "$SOCK" wait --timeout 60 --version 10
is "$rc" 0 "run on rqlite: schemactl wait returns, ready at 10"
is "$(rq "127.0.0.1:$((PORT + 4))" 'SELECT max(version) FROM schemad_history'):$(rq "127.0.0.1:$((PORT + 4))" 'SELECT count(*) FROM b10')" \
    "10:300000" "at that moment the node's own copy has version 10 and its rows"
stop_daemon TERM
is "$rc" 0 "SIGTERM: exit 0"

# node I: its HTTP address; restart_node I: start it again as
# rqlite-cluster did (it rejoins with its own data).
node() { echo "127.0.0.1:$((PORT + 2 * ($1 - 1)))"; }
restart_node()
{
	join=
	[ "$1" = 1 ] || join="-join 127.0.0.1:$((PORT + 1))"
	# shellcheck disable=SC2086 # join is two words, or none
	"${RQLITED:-$ENGINES/rqlited}" -node-id "n$1" -http-addr "$(node "$1")" \
	    -raft-addr "127.0.0.1:$((PORT + 2 * ($1 - 1) + 1))" $join \
	    "$R/n$1/data" >>"$R/n$1/rqlited.log" 2>&1 </dev/null &
	echo $! >"$R/n$1/pid"
}
node_ready()
{
	tries=0
	until curl -fs -o /dev/null "http://$1/readyz"; do
		tries=$((tries + 1))
		[ $tries -lt 300 ] || return 1
		sleep 0.1
	done
}
leader()
{
	curl -s "http://$1/nodes" | tr '}' '\n' |
	    sed -n 's/.*"api_addr":"http:\/\/\([^"]*\)".*"leader":true.*/\1/p'
}

# A node behind: node 3, stopped while 11 is applied, started again; a
# daemon started on it at once is STARTING, showing the node's version and
# the target, waiting_for=node, until its copy has caught up.
kill -9 "$(cat "$R/n3/pid")"
backfill 11 1000000
sd --database "rqlite://$(node 1)" --migrations "$M" migrate
is "$rc" 0 "node 3 down: 11 applied through node 1"
restart_node 3
node_ready "$(node 3)"
ok $? "node 3 started again: /readyz 200"
start_daemon --database "rqlite://$(node 3)" --migrations "$M" \
    --socket "$SOCK"
until_status "$SOCK" '^(STARTING version=[0-9]+ target=11 waiting_for=node|READY|FAILED)'
like "$out" '^STARTING version=([0-9]|10) target=11 waiting_for=node' \
    "a daemon on it: STARTING at the node's version, target 11, waiting_for=node"
# Meanwhile a deployer with newer files applies 12: the node's copy will
# have a row this daemon has no file for. That is not for it to wait on.
mkdir "$T/m12"
cp "$M"/* "$T/m12"/
echo 'CREATE TABLE x12 (x);' >"$T/m12/0012_x12.sql"
sd --database "rqlite://$(node 1)" --migrations "$T/m12" migrate
is "$rc" 0 "meanwhile, a newer deployer applies 12 through node 1"
sc -s "$SOCK" wait --timeout 60 --version 11
is "$rc:$(rq "$(node 3)" 'SELECT count(*) FROM b11')" "0:1000000" \
    "then READY at 11, with node 3's copy caught up"
like "$(cat "$T/daemon.log")" "this node's copy is at version ([0-9]|10) with [0-9]+ pending: waiting for it to catch up" \
    "its log says how far behind the node was"
stop_daemon TERM
cp "$T/m12/0012_x12.sql" "$M"/

# The leader killed mid-deploy: a temporary exit; the retry completes, and
# the migration is there once, on every node.
lead=$(leader "$(node 1)")
for via in $NODES; do [ "$via" != "$lead" ] && break; done
backfill 13 3000000
"$SCHEMAD" -v --database "rqlite://$via" --migrations "$M" migrate \
    >"$T/mid.out" 2>"$T/mid.err" &
mid=$!
wait_log "$T/mid.err" "in one request"
ok $? "a deploy of 13 through $via is on its way to the leader $lead"
i=1
while [ "$(node $i)" != "$lead" ]; do i=$((i + 1)); done
kill -9 "$(cat "$R/n$i/pid")"
wait "$mid"
is "$?" 75 "the leader killed with -9 mid-deploy: exit 75 (temporary)"
like "$(tail -n 1 "$T/mid.err")" "rqlite at $via: node failed to process Execute" \
    "the request itself failed, with rqlite's message"
node_ready "$via"
ok $? "a new leader is elected"
sd --database "rqlite://$via" --migrations "$M" migrate
is "$rc" 0 "the retry completes: exit 0"
restart_node "$i"
node_ready "$lead"
sd --database "rqlite://$lead" --migrations "$M" migrate
is "$rc" 0 "the killed node is back, and up to date through it"
for node in $NODES; do
	sd --database "rqlite://$node" --migrations "$M" migrate
	is "$rc:$(rq "$node" 'SELECT count(*) FROM schemad_history WHERE version = 13'):$(rq "$node" 'SELECT count(*) FROM b13'):$(rq "$node" 'PRAGMA user_version')" \
	    "0:1:3000000:13" "node $node: 13 recorded once, its 3,000,000 rows, user_version 13"
done

# What needs the database's file is refused, with nothing sent.
sd --database "rqlite://127.0.0.1:1" --migrations "$M" --backup-dir "$T/bk" \
    migrate
is "$rc" 2 "a backup directory on rqlite: refused (exit 2)"
like "$err" "backup directory .*: not on rqlite" "and says why"
sd --database "rqlite://127.0.0.1:1" --migrations "$M" --adopt yes plan
is "$rc" 2 "adopt = yes on rqlite: refused (exit 2)"

# --baseline: a database whose history is gone is adopted as it stands.
curl -s -XPOST "http://$(node 1)/db/execute" -H 'Content-Type: application/json' \
    -d '["DROP TABLE schemad_history", "DROP TABLE schemad_repeatable", "PRAGMA user_version = 0"]' \
    >/dev/null
sd --database "rqlite://$(node 2)" --migrations "$M" plan
is "$rc" 3 "its history dropped: everything pending again (exit 3)"
like "$out" "hint +the database has [0-9]+ tables but no history: .*--baseline" \
    "with a hint: its tables, no history, --baseline"
sd --database "rqlite://$(node 2)" --migrations "$M" migrate --baseline 13
is "$rc" 0 "migrate --baseline 13: exit 0"
is "$(rq "$(node 2)" "SELECT count(*) FROM schemad_history WHERE status = 'baseline' AND detail = '--baseline 13'"):$(rq "$(node 2)" 'SELECT count(*) FROM schemad_repeatable')" \
    "12:1" "the 12 versions up to 13 recorded as baseline, the repeatable run again"

# An unreachable cluster is temporary.
sd --database "rqlite://127.0.0.1:1" --migrations "$M" migrate
is "$rc" 75 "nothing listening: exit 75 (temporary)"
sd --database "rqlite://127.0.0.1:1" --migrations "$M" --socket "$SOCK" run
is "$rc" 75 "run, nothing listening: exit 75 (temporary)"

done_testing
