#!/bin/sh
# SPDX-License-Identifier: MIT
# Socket abuse: 10,000 clients waiting at once (memory stays bounded, all
# are answered), a 1 MB line, and running out of descriptors (EMFILE),
# which pauses accepting instead of spinning; the daemon keeps answering a
# well-behaved client throughout.
. "$(dirname "$0")/lib.sh"

copy_example "$T/m"
SOCK=$T/s.sock
D="--database $T/app.db --migrations $T/m --socket $SOCK"

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# 10,000 waiters while the database is locked.
hold_lock "$T/app.db"
start_daemon $D --max-clients 10100
until_status "$SOCK" '^STARTING'
before=$(rss "$daemon_pid")
spawn_waiters "$SOCK" 10000 0 120000
is "$line" "connected 10000" "10,000 clients connected and sent WAIT"
until_status "$SOCK" ' waiting=10000$'
ok $? "all 10,000 wait, and a well-behaved client is still answered"
after=$(rss "$daemon_pid")
per=$(( (after - before) * 1024 / 10000 ))
diag "daemon RSS ${before} kB before, ${after} kB with 10,000 waiting: $per bytes a client"
if [ -n "${SCHEMAD_SANITIZED:-}" ]; then
	skip "a sanitizer build measures its own memory" "memory stays bounded"
else
	test "$per" -le 4096
	ok $? "memory stays bounded: $per bytes a waiting client (at most 4 KiB)"
fi
release_lock
reap_waiters
is "$(sed -n 1p "$T/waiters.out")" "READY 10000" "all 10,000 answered READY"

# A slow writer: half a request, a pause, the rest; others are served
# meanwhile, and it gets its answer.
mkfifo "$T/slow"
socat -t 5 - "UNIX-CONNECT:$SOCK" <"$T/slow" >"$T/slow.out" &
slow=$!
exec 9>"$T/slow"
printf 'STA' >&9
sc -s "$SOCK" status
is "$rc" 0 "a slow writer does not hold up other clients"
printf 'TUS\n' >&9
tries=0
until [ -s "$T/slow.out" ] || [ $tries -ge 1000 ]; do sleep 0.01; tries=$((tries + 1)); done
like "$(cat "$T/slow.out")" '^READY version=5' "and gets its answer once its line is complete"
exec 9>&-
wait "$slow"

# A 1 MB line: refused after PROTO_MAXLINE bytes, the connection closed
# (the sender may see the close before it reads the ERROR).
pre=$(rss "$daemon_pid")
head -c 1048576 /dev/zero | tr '\0' a | ask "$SOCK" >/dev/null 2>&1
sc -s "$SOCK" status
is "$rc" 0 "a 1 MB line: the connection is closed, the daemon still answers"
now=$(rss "$daemon_pid")
diag "daemon RSS $pre kB before the 1 MB line, $now kB after"
if [ -z "${SCHEMAD_SANITIZED:-}" ]; then
	test "$now" -le $((pre + 512))
	ok $? "and it did not buffer the megabyte"
fi
stop_daemon TERM

# A client that asks and asks and never reads its replies: the daemon
# stops reading from it once 64 KiB of replies wait, so it costs no more.
start_daemon $D
sc -s "$SOCK" wait --timeout 30
pre=$(rss "$daemon_pid")
mkfifo "$T/fin" "$T/fout"
exec 8<>"$T/fin"
"$HELPERS/flood" "$SOCK" 400000 <"$T/fin" >"$T/fout" &
flood=$!
exec 7<"$T/fout"
read -r line <&7
sc -s "$SOCK" status
is "$rc" 0 "a client that never reads its replies does not hold up others"
now=$(rss "$daemon_pid")
diag "flood: $line; daemon RSS $pre kB before, $now kB after"
if [ -z "${SCHEMAD_SANITIZED:-}" ]; then
	test "$now" -le $((pre + 1024))
	ok $? "and costs bounded memory"
fi
kill "$flood"
wait "$flood" 2>/dev/null
exec 8>&- 7<&-
stop_daemon TERM

# Out of descriptors: a daemon allowed 40 accepts some 20 clients, pauses,
# burns no CPU meanwhile, and serves the rest once descriptors are free.
: >"$T/daemon.log"
(ulimit -n 40 && exec "$SCHEMAD" $D --max-clients 1000 run 2>>"$T/daemon.log") &
daemon_pid=$!
sc -s "$SOCK" wait --timeout 30
"$HELPERS/waiters" "$SOCK" 60 0 "2000 version=99" >"$T/emfile.out" &
waiters=$!
until grep -q 'pausing for a second' "$T/daemon.log"; do sleep 0.01; done
# The daemon is out of descriptors now (the log said so).
ticks=$(idle_ticks "$daemon_pid")
diag "CPU while out of descriptors: $ticks ticks in a second"
test "$ticks" -le 20
ok $? "EMFILE: accepting pauses, no busy loop"
wait "$waiters"
is "$(tr '\n' ' ' <"$T/emfile.out")" "connected 60 READY 0 other 60 " \
    "EMFILE: every client was served in the end (TIMEOUT)"
sc -s "$SOCK" status
is "$rc" 0 "EMFILE: the daemon answers a new client afterwards"
stop_daemon TERM

done_testing
