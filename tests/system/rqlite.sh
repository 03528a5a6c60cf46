#!/bin/sh
# SPDX-License-Identifier: MIT
# On a real three-node rqlite cluster (../shared/engines: rqlite v8.29.2 on
# loopback): every pending migration is one ?transaction request that
# begins with the history rows. 8 schemad processes started at once
# against the three nodes apply each migration exactly once and all exit
# 0; a failing migration k of n leaves every node unchanged, naming file
# and line with rqlite's message; what rqlite cannot run is refused with
# nothing sent (the cluster need not even be there).
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
stop_cluster() { "$CLUSTER" stop "$R" >/dev/null 2>&1; }
cleanup_hooks="$cleanup_hooks stop_cluster"
if ! "$CLUSTER" start "$R" "$PORT" >"$T/cluster.log" 2>&1; then
	skip "the rqlite cluster did not start: $(tail -n 1 "$T/cluster.log")" \
	    "schemad on an rqlite cluster"
	done_testing
fi
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

sd --database "rqlite://127.0.0.1:$PORT" --migrations "$M" plan
is "$rc" 3 "plan: 6 pending (exit 3)"

# 8 deployers at once, against the three nodes.
pids=
n=0
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

# run is not on rqlite yet, and says so.
sd --database "rqlite://127.0.0.1:$PORT" --migrations "$M" run
is "$rc" 2 "run on rqlite: exit 2, not yet"
like "$err" "run: not on rqlite yet" "and says so"

# An unreachable cluster is temporary.
sd --database "rqlite://127.0.0.1:1" --migrations "$M" migrate
is "$rc" 75 "nothing listening: exit 75 (temporary)"

done_testing
