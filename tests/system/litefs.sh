#!/bin/sh
# SPDX-License-Identifier: MIT
# On a real LiteFS cluster (../shared/engines: LiteFS v0.5.14, node A the
# primary, node B its replica, over FUSE on loopback): the same line,
# `schemad exec -- app`, on both nodes. On B, started before A migrates
# (before the database even exists there), it waits, reading only, and the
# application starts once A's commit has been replicated; it never writes
# (B's LiteFS log has no refused write). plan on B writes nothing; the
# daemon on B is STARTING role=follower until the primary migrates, then
# READY; a replica ahead of its files (new schema, old files) is ready;
# when the replicated version goes back, the daemon takes READY back.
# A primary whose mount goes away mid-run (the lease lost) rolls back,
# exits 75, and the database keeps its old version; the replica, cut off,
# still follows when its LiteFS API (litefs_url) says it is no primary.
. "$(dirname "$0")/lib.sh"

ENGINES=${ENGINES:-$top_srcdir/../shared/engines}
CLUSTER=$ENGINES/litefs-cluster
why=
if [ ! -x "$CLUSTER" ] || [ ! -x "${LITEFS:-$ENGINES/litefs}" ]; then
	why="no LiteFS here ($ENGINES/litefs-cluster and litefs)"
elif [ "$(id -u)" != 0 ]; then
	why="LiteFS's FUSE mount needs root"
elif [ ! -e /dev/fuse ]; then
	why="no /dev/fuse"
elif ! command -v fusermount3 >/dev/null; then
	why="no fusermount3 (Debian: fuse3)"
fi
if [ -n "$why" ]; then
	skip "$why" "schemad on a LiteFS cluster"
	done_testing
fi

PORT=20302
L=$T/lfs
start_cluster "$CLUSTER" "$L" "$PORT" "schemad on a LiteFS cluster"
A=$L/a/mnt/app.db
B=$L/b/mnt/app.db
# The replica says whom it follows once it has reached its primary (until
# then it looks like a primary, or a replica cut off: see litefs_url below).
tries=0
until [ -e "$L/b/mnt/.primary" ] || [ $tries -ge 3000 ]; do
	tries=$((tries + 1))
	sleep 0.01
done
M=$T/m
copy_example "$M"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# B first: the database is not even there yet.
cat >"$T/app.sh" <<EOF
#!/bin/sh
now=\$((\$(date +%s%N) / 1000000))
echo "\$now \$(sqlite3 -readonly '$B' 'PRAGMA user_version')" >'$T/app.out'
EOF
chmod +x "$T/app.sh"
"$SCHEMAD" --database "$B" --migrations "$M" exec -- "$T/app.sh" \
    2>"$T/b-exec.log" &
bpid=$!
wait_log "$T/b-exec.log" "waiting for the database file to appear"
ok $? "exec on the replica, first: it waits for the database"
test ! -e "$T/app.out"
ok $? "and the application has not started"

sd --database "$A" --migrations "$M" migrate
is "$rc" 0 "migrate on the primary: exit 0"
committed=$(now_ms)
wait "$bpid"
is "$?" 0 "exec on the replica: exit 0, once the commit reached it"
read -r started version <"$T/app.out"
is "$version" 5 "its application started on version 5"
latency=$((started - committed))
diag "the replica's application started ${latency} ms after the primary's migrate exited (poll 100 ms)"
test "$latency" -lt 1000
ok $? "within a second of the primary's commit (one poll is 100 ms)"
like "$(cat "$T/b-exec.log")" "up to date at version 5 \\(migrated by the primary\\)" \
    "it says the primary migrated"
like "$(cat "$T/b-exec.log")" "role +follower \\(a LiteFS replica of node-a\\)" \
    "and that it follows node-a"

# plan on the replica writes nothing.
echo 'CREATE TABLE six (x);' >"$M/0006_six.sql"
before=$(sqlite3 -readonly "$B" .dump)
sd --database "$B" --migrations "$M" plan
is "$rc" 3 "plan on the replica: pending (exit 3)"
like "$out" "role +follower .*nothing is written here" "it says it is a follower"
is "$(sqlite3 -readonly "$B" .dump)" "$before" "nothing was written"

# The daemon on the replica: STARTING role=follower until the primary
# migrates, then READY.
SOCK=$T/b.sock
start_daemon --database "$B" --migrations "$M" --socket "$SOCK"
until_status "$SOCK" '^STARTING role=follower version=5 target=6 waiting_for=primary '
ok $? "run on the replica: STARTING role=follower version=5 target=6 waiting_for=primary"
ticks=$(idle_ticks "$daemon_pid")
diag "a follower waiting for the primary used $ticks CPU ticks in a second (a look each 100 ms)"
test "$ticks" -le 2
ok $? "following costs next to nothing: at most 2 ticks (2 %) a second"
sd --database "$A" --migrations "$M" migrate
is "$rc" 0 "the primary migrates to 6"
sc -s "$SOCK" wait --timeout 30 --version 6
is "$rc" 0 "the replica's daemon is READY at 6"
like "$out" "^READY role=follower version=6 " "as a follower"
stop_daemon TERM
is "$rc" 0 "SIGTERM: exit 0"

# A replica ahead of its files: the primary runs a newer deploy.
mkdir "$T/old"
cp "$M"/000[1-5]_*.sql "$T/old/"
sd --database "$B" --migrations "$T/old" migrate
is "$rc" 0 "a replica ahead of its files (old files, new schema): exit 0"
like "$out" "ahead +1 version newer than these files" "it says how far ahead"

# The replicated version goes back (the database replaced on the primary,
# as a failover's re-snapshot would do): the replica's daemon takes READY
# back, saying why, and is READY again once the primary has migrated.
mkdir "$T/three"
cp "$M"/000[1-3]_*.sql "$T/three/"
sd --database "$T/v3.db" --migrations "$T/three" migrate
is "$rc" 0 "an older database, at version 3"
HTTP=127.0.0.1:$((PORT + 10))
start_daemon --database "$B" --migrations "$M" --socket "$SOCK" --http "$HTTP"
sc -s "$SOCK" wait --timeout 30 --version 6
is "$rc" 0 "the replica's daemon: READY at 6"
"${LITEFS:-$ENGINES/litefs}" import -name app.db -url "http://127.0.0.1:$PORT" \
    "$T/v3.db" >"$T/import.log" 2>&1
ok $? "the primary's database replaced by the older one (litefs import)"
until_status "$SOCK" '^STARTING role=follower version=3 target=6 waiting_for=primary reason="the replicated version went back from 6 to 3, below the 6 these files need'
ok $? "the replica's daemon takes READY back: STARTING, and why"
is "$(curl -s -o /dev/null -w '%{http_code}' "http://$HTTP/readyz")" 503 \
    "/readyz says not ready"
like "$(curl -s "http://$HTTP/metrics")" "schemad_follower 1" \
    "/metrics: schemad_follower 1"
sd --database "$A" --migrations "$M" migrate
is "$rc" 0 "the primary migrates it again"
sc -s "$SOCK" wait --timeout 30 --version 6
is "$rc" 0 "the replica's daemon is READY again"
is "$(curl -s -o /dev/null -w '%{http_code}' "http://$HTTP/readyz")" 200 \
    "/readyz too"
stop_daemon TERM
like "$(cat "$T/daemon.log")" "not ready: the replicated version went back from 6 to 3" \
    "the log says it"

is "$(grep -Eic 'read.?only' "$L/b/litefs.log")" 0 \
    "the replica's LiteFS log shows no write refused: schemad never wrote there"

# The lease lost mid-run: node A's LiteFS dies while a migration runs.
cat >"$M/0007_slow.sql" <<'SQL'
CREATE TABLE seven (x);
INSERT INTO seven VALUES (1);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 10000000)
SELECT count(*) FROM c;
INSERT INTO seven VALUES (2);
SQL
"$SCHEMAD" -v --database "$A" --migrations "$M" migrate >"$T/a.out" 2>"$T/a.log" &
apid=$!
wait_log "$T/a.log" "applying 0007_slow.sql"
kill -9 "$(cat "$L/a/pid")"
wait "$apid"
is "$?" 75 "the primary's mount gone mid-run: exit 75 (temporary)"
like "$(cat "$T/a.log")" "on LiteFS: this node lost the primary's lease, or is a replica; nothing was written" \
    "it says why"

# The replica, cut off from its primary, has no .primary any more; with
# litefs_url its own API says it is no primary, so it still follows
# (waits) and writes nothing.
test ! -e "$L/b/mnt/.primary"
ok $? "the replica cut off from its primary has no .primary"
refused=$(grep -Eic 'read.?only' "$L/b/litefs.log")
timeout --preserve-status 2 "$SCHEMAD" --database "$B" --migrations "$M" \
    --litefs-url "http://127.0.0.1:$((PORT + 1))" migrate 2>"$T/b-info.log"
is "$?" 7 "with litefs_url, /info says follower: it waits (SIGTERM after 2 s: exit 7)"
is "$(grep -Eic 'read.?only' "$L/b/litefs.log")" "$refused" \
    "and its LiteFS log shows no refused write"
stop_cluster
"$CLUSTER" start "$L" "$PORT" >"$T/cluster.log" 2>&1
is "$(q 'PRAGMA user_version' "$A")" 6 "the database kept its old version"
is "$(q "SELECT count(*) FROM sqlite_master WHERE name = 'seven'" "$A")" 0 \
    "and nothing of the run"
stop_cluster

# contrib/litefs/litefs.yml is a configuration LiteFS itself accepts (it
# refuses unknown keys): with only its two directories moved under the
# test's, and Fly's variables set, LiteFS reads it, mounts, and asks Consul
# for the lease -- whose absence here keeps its exec from running (what
# the exec line runs is what the tests above ran).
mkdir "$T/recipe" "$T/recipe/mnt" "$T/recipe/data"
sed -e "s#\"/litefs\"#\"$T/recipe/mnt\"#" \
    -e "s#\"/var/lib/litefs\"#\"$T/recipe/data\"#" \
    "$top_srcdir/contrib/litefs/litefs.yml" >"$T/recipe/litefs.yml"
is "$(grep -c "$T/recipe" "$T/recipe/litefs.yml")" 2 \
    "the recipe, its two directories moved (nothing else changed)"
FLY_APP_NAME=app FLY_REGION=ams PRIMARY_REGION=ams HOSTNAME=node \
    FLY_CONSUL_URL=http://127.0.0.1:1 \
    "${LITEFS:-$ENGINES/litefs}" mount -config "$T/recipe/litefs.yml" \
    >"$T/recipe/litefs.log" 2>&1 &
rpid=$!
wait_log "$T/recipe/litefs.log" "LiteFS mounted to: $T/recipe/mnt"
ok $? "LiteFS accepts the recipe and mounts"
like "$(cat "$T/recipe/litefs.log")" "Using Consul to determine primary" \
    "with the recipe's lease (Consul)"
# It does not end on SIGTERM while it waits for Consul.
kill -9 "$rpid" 2>/dev/null
wait "$rpid" 2>/dev/null
fusermount3 -u -z "$T/recipe/mnt" 2>/dev/null

done_testing
