#!/bin/sh
# SPDX-License-Identifier: MIT
# The HTTP probes, against a real client (curl), in each state: STARTING
# (the database locked), READY, FAILED; /metrics; methods other than GET
# and HEAD refused; malformed HTTP does not harm the daemon.
. "$(dirname "$0")/lib.sh"

if ! command -v curl >/dev/null; then
	skip "no curl" "HTTP probes"
	done_testing
fi
copy_example "$T/m"
SOCK=$T/s.sock
PORT=$((20000 + $$ % 20000))
URL=http://127.0.0.1:$PORT
D="--database $T/app.db --migrations $T/m --socket $SOCK --http 127.0.0.1:$PORT"

# code PATH [CURL-ARGS]: the status code; the body in $T/body. Each
# reply's path, code and Content-Type go to $T/types.
code()
{
	p=$1
	shift
	c=$(curl -s -D "$T/headers" -o "$T/body" -w '%{http_code}' "$@" \
	    "$URL$p")
	echo "$p $c $(tr -d '\r' <"$T/headers" |
	    sed -n 's/^Content-Type: //ip' | tail -n 1)" >>"$T/types"
	echo "$c"
}

# raw: send standard input over one TCP connection, print what comes back,
# without the CRs.
raw()
{
	socat -t 2 - "TCP:127.0.0.1:$PORT" | tr -d '\r'
}

# text_reply FILE CODE WHAT: the raw reply in FILE (from raw) has status
# CODE, is text/plain, and a body of a line, as long as its Content-Length
# says, with no HTML in it.
text_reply()
{
	like "$(head -n 1 "$1")" "^HTTP/1\.1 $2 " "$3: $2"
	is "$(sed -n 's/^Content-Type: //p' "$1")" "text/plain; charset=utf-8" \
	    "$3: text/plain"
	sed '1,/^$/d' "$1" >"$T/rawbody"
	is "$(wc -c <"$T/rawbody")" "$(sed -n 's/^Content-Length: //p' "$1")" \
	    "$3: Content-Length is the body's"
	like "$(cat "$T/rawbody")" '^[a-z ]+: [^<>]+$' \
	    "$3: a line naming the fault: $(cat "$T/rawbody")"
}

hold_lock "$T/app.db"
start_daemon $D
until_status "$SOCK" '^STARTING .*waiting_for=lock'
is "$(code /readyz)" 503 "STARTING: /readyz 503"
like "$(cat "$T/body")" '^STARTING version=0 waiting_for=lock waited_ms=[0-9]+ since=[0-9TZ:-]+$' \
    "STARTING: /readyz says why (another process holds the lock)"
is "$(code /livez)" 200 "STARTING: /livez 200"
is "$(code /status)" 200 "STARTING: /status 200"
like "$(cat "$T/body")" '^\{"state":"STARTING","version":0,' "STARTING: /status JSON"
release_lock
sc -s "$SOCK" wait --timeout 30
is "$(code /readyz)" 200 "READY: /readyz 200"
like "$(cat "$T/body")" '^READY version=5 target=5 since=[0-9TZ:-]+$' "READY: /readyz body"
is "$(code /status)" 200 "READY: /status 200"
if command -v jq >/dev/null; then
	jq -e '.state == "READY" and .version == 5 and .target == 5 and .waiting == 0' \
	    "$T/body" >/dev/null
	ok $? "READY: /status is JSON with state, version, target, waiting"
fi
is "$(code /metrics)" 200 "/metrics 200"
like "$(grep '^schemad_schema_version ' "$T/body")" '^schemad_schema_version 5$' \
    "/metrics: schema version"
like "$(grep '^schemad_ready ' "$T/body")" '^schemad_ready 1$' "/metrics: ready"
like "$(grep '^schemad_migrations_applied_total ' "$T/body")" ' 5$' \
    "/metrics: migrations applied"
like "$(grep '^schemad_state{state="READY"}' "$T/body")" ' 1$' "/metrics: state"
is "$(grep '^schemad_build_info' "$T/body")" \
    "schemad_build_info{version=\"$("$SCHEMAD" -V | cut -d' ' -f2)\"} 1" \
    "/metrics: the build's version"
now=$(date +%s)
like "$(grep '^schemad_last_success_timestamp_seconds ' "$T/body")" ' [0-9]+$' \
    "/metrics: when a run last ended well"
is "$(($(grep '^schemad_last_success_timestamp_seconds ' "$T/body" | cut -d' ' -f2) / 60))" \
    "$((now / 60))" "which was now, or near it (a minute's grain)"
is "$(grep -c '^schemad_last_failure_timestamp_seconds' "$T/body")" 0 \
    "/metrics: no failure yet, no time of one"
is "$(grep '^schemad_last_run_exit_code ' "$T/body")" \
    "schemad_last_run_exit_code 0" "/metrics: the run ended well, exit code 0"
awk '/^schemad_lock_wait_seconds / { exit !($2 > 0) }' "$T/body"
ok $? "/metrics: the run waited for the lock the test held: $(grep '^schemad_lock_wait_seconds ' "$T/body")"
if command -v promtool >/dev/null; then
	out=$(promtool check metrics <"$T/body" 2>&1)
	is "$?:$out" "0:" "promtool check metrics: clean"
else
	skip "no promtool (Debian's prometheus)" "promtool check metrics"
fi
is "$(code /nosuch)" 404 "an unknown path: 404"
is "$(code /readyz -X POST)" 405 "POST is refused: 405"
is "$(cat "$T/body")" "method not allowed: GET or HEAD" "in text, as every answer"
is "$(code /readyz -X DELETE -d x)" 405 "DELETE with a body: 405"
is "$(code /readyz -I)" 200 "HEAD /readyz 200"
curl -s -I "$URL/readyz" >"$T/head"
like "$(tr -d '\r' <"$T/head")" 'Content-Length: [1-9]' "HEAD says the Content-Length"
if command -v socat >/dev/null; then
	# HEAD, then GET on the same connection: the GET's reply comes right
	# after the HEAD's head, no body in between.
	{ printf 'HEAD /livez HTTP/1.1\r\nHost: x\r\n\r\n'
	  printf 'GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
	  sleep 1; } | raw >"$T/raw"
	is "$(awk 'seen { print; exit } /^$/ { seen = 1 }' "$T/raw")" \
	    "HTTP/1.1 200 OK" "HEAD: no body, the next reply follows its head"
	is "$(tail -n 1 "$T/raw")" "ok" "and the GET after it has its body"
fi

# What libevent refuses itself is said in text too, never its HTML page.
head -c 1048576 /dev/zero >"$T/1m"
is "$(code /readyz -X PUT --data-binary @"$T/1m")" 413 \
    "PUT with a 1 MB body (Expect: 100-continue): 413"
like "$(cat "$T/body")" \
    '^payload too large or malformed: a body of at most 4096 bytes$' \
    "in text, naming the fault"
is "$(code /readyz -X PUT -H 'Expect:' --data-binary @"$T/1m")" 413 \
    "PUT with a 1 MB body, no Expect: 413"
like "$(cat "$T/body")" '^payload too large' "in text"
is "$(code /readyz -X POST -H 'Transfer-Encoding: chunked' -d hello)" 405 \
    "a chunked POST: 405"
is "$(code /readyz -X POST -H 'Transfer-Encoding: chunked' \
    --data-binary @"$T/1m")" 413 "a chunked POST of 1 MB: 413"
like "$(cat "$T/body")" '^payload too large' "in text"
is "$(code /readyz -X GET -d x -H 'Expect: something')" 417 \
    "an Expect not 100-continue: 417"
like "$(cat "$T/body")" '^expectation failed: only 100-continue$' "in text"
if command -v socat >/dev/null; then
	printf 'GARBAGE\r\n\r\n' | raw >"$T/raw"
	text_reply "$T/raw" 400 "a malformed request line"
	head -c 20000 /dev/urandom | socat -t 2 - "TCP:127.0.0.1:$PORT" >/dev/null 2>&1
	printf 'GET /readyz HTTP/1.1\r\nHost: x\r\nX: %09000d\r\n\r\n' 0 |
	    raw >"$T/raw"
	text_reply "$T/raw" 400 "an oversized header"
	printf 'HEAD /readyz HTTP/1.1\r\nHost: x\r\nX: %09000d\r\n\r\n' 0 |
	    raw >"$T/raw"
	like "$(head -n 1 "$T/raw")" '^HTTP/1\.1 400 ' \
	    "HEAD with an oversized header: 400"
	is "$(sed -n 's/^Content-Type: //p' "$T/raw"):$(sed '1,/^$/d' "$T/raw" |
	    wc -c)" "text/plain; charset=utf-8:0" "in text, with no body"
	like "$(cat "$T/raw")" '^Content-Length: [1-9][0-9]*$' \
	    "but its Content-Length"
	# On a kept connection: a reply, then (once it is sent) a bad
	# request and a good one: the bad one gets text and closes the
	# connection, the one after it gets nothing.
	{ printf 'GET /livez HTTP/1.1\r\nHost: x\r\n\r\n'; sleep 0.5
	  printf 'GARBAGE\r\n\r\nGET /livez HTTP/1.1\r\nHost: x\r\n\r\n'
	  sleep 1; } | raw >"$T/raw"
	is "$(grep -c '^HTTP/' "$T/raw")" 2 \
	    "a kept connection: a reply, then one to the bad request"
	sed '1,/^ok$/d' "$T/raw" >"$T/raw2"
	text_reply "$T/raw2" 400 "the bad request after a good one"
	like "$(cat "$T/raw2")" '^Connection: close$' \
	    "which closes the connection"
	# A 100 Continue, then the chunked body is too large.
	{ printf 'POST /readyz HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n'
	  printf 'Transfer-Encoding: chunked\r\n\r\n'; sleep 0.5
	  printf '2000\r\n'; head -c 8192 /dev/zero; printf '\r\n0\r\n\r\n'
	  sleep 1; } | raw >"$T/raw"
	is "$(head -n 1 "$T/raw")" "HTTP/1.1 100 Continue" \
	    "a chunked body after 100 Continue"
	sed '1,2d' "$T/raw" >"$T/raw2"
	text_reply "$T/raw2" 413 "too large"
fi
is "$(code /readyz)" 200 "after all that, /readyz still answers"
grep -Ev ' (text/plain; (version=0\.0\.4; )?charset=utf-8|application/json)$' \
    "$T/types" >"$T/nottext"
is "$(wc -l <"$T/nottext")" 0 \
    "every reply had a text or JSON Content-Type ($(wc -l <"$T/types") replies)"
[ -s "$T/nottext" ] && diag "$(cat "$T/nottext")"
stop_daemon TERM
is "$rc" 0 "SIGTERM: exit 0"

# Out of descriptors: 100 TCP connections to a daemon allowed 40
# descriptors. Accepting pauses (said once a pause, through schemad's own
# log) instead of spinning, and the probes answer once they are free.
: >"$T/daemon.log"
(ulimit -n 40 && exec "$SCHEMAD" $D run 2>>"$T/daemon.log") &
daemon_pid=$!
sc -s "$SOCK" wait --timeout 30
"$HELPERS/conns" "$PORT" 100 >"$T/conns.out" 2>&1 &
conns=$!
wait_log "$T/daemon.log" 'http: accept: Too many open files, pausing for a second'
ok $? "EMFILE on HTTP: accepting pauses, and says so"
ticks=$(idle_ticks "$daemon_pid")
diag "CPU while out of descriptors: $ticks ticks in a second"
test "$ticks" -le 20
ok $? "EMFILE on HTTP: no busy loop"
kill "$conns"
wait "$conns" 2>/dev/null
is "$(grep -c 'Error from accept' "$T/daemon.log")" 0 \
    "libevent's own warnings do not flood the log"
tries=0
until [ "$(code /readyz)" = 200 ] || [ $tries -gt 500 ]; do
	sleep 0.01
	tries=$((tries + 1))
done
is "$(code /readyz)" 200 "EMFILE on HTTP: the probes answer afterwards"
stop_daemon TERM

# Idle HTTP connections never starve the UNIX socket: a daemon allowed
# 1,100 descriptors, and 1,100 clients that connect and send half a request
# line. HTTP keeps at most max_connections (64) open, closing the oldest to
# make room; the socket and the probes still answer at once.
if command -v prlimit >/dev/null; then
	: >"$T/daemon.log"
	prlimit --nofile=1100 "$SCHEMAD" $D run 2>>"$T/daemon.log" &
	daemon_pid=$!
	sc -s "$SOCK" wait --timeout 30
	# Emptied here, not by the background job's redirection, which may
	# come after wait_log has read the first flood's 'opened 100'.
	: >"$T/conns.out"
	"$HELPERS/conns" "$PORT" 1100 "GET /rea" >>"$T/conns.out" 2>&1 &
	conns=$!
	wait_log "$T/conns.out" '^opened'
	is "$(cat "$T/conns.out")" "opened 1100" "1,100 idle HTTP clients connected"
	t0=$(ms)
	sc -s "$SOCK" status
	took=$(($(ms) - t0))
	is "$rc" 0 "under the flood, schemactl status answers READY"
	diag "schemactl status under 1,100 idle HTTP connections: $took ms"
	test "$took" -lt 1000
	ok $? "at once ($took ms)"
	t0=$(ms)
	is "$(code /readyz -m 10)" 200 "and so does /readyz"
	diag "/readyz under the flood: $(($(ms) - t0)) ms"
	# Those closed to make room are given back within a second (a sweep).
	tries=0
	until fds=$(ls "/proc/$daemon_pid/fd" | wc -l)
	    [ "$fds" -le $((64 + 32)) ] || [ $tries -ge 30 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
	test "$fds" -le $((64 + 32))
	ok $? "HTTP holds at most max_connections descriptors ($fds open)"
	kill "$conns"
	wait "$conns" 2>/dev/null
	stop_daemon TERM
	is "$rc" 0 "and the daemon stops cleanly: exit 0"
else
	skip "no prlimit" "the idle HTTP flood"
fi

# A failed reload: still 200, the failure in /status and /metrics.
start_daemon $D
sc -s "$SOCK" wait --timeout 30
: >"$T/daemon.log"
printf 'INSERT INTO nosuch VALUES (1);\n' >"$T/m/0006_broken.sql"
kill -HUP "$daemon_pid"
wait_log "$T/daemon.log" 'reload failed'
is "$(code /readyz)" 200 "a failed reload: /readyz still 200"
code /status >/dev/null
like "$(cat "$T/body")" '"state":"READY","version":5,"target":6,"reload":"failed","reload_error":"[^"]*0006_broken.sql:1: no such table: nosuch"' \
    "a failed reload: /status says so"
code /metrics >/dev/null
like "$(grep '^schemad_reload_failures_total ' "$T/body")" ' 1$' \
    "/metrics: reload failures"
like "$(grep '^schemad_last_reload_successful ' "$T/body")" ' 0$' \
    "/metrics: the last reload failed"
like "$(grep '^schemad_last_failure_timestamp_seconds ' "$T/body")" ' [0-9]+$' \
    "/metrics: and when"
is "$(grep '^schemad_last_run_exit_code ' "$T/body")" \
    "schemad_last_run_exit_code 1" "/metrics: and its exit code (1, a migration failed)"
rm "$T/m/0006_broken.sql"
: >"$T/daemon.log"
kill -HUP "$daemon_pid"
wait_log "$T/daemon.log" 'ready at version 5'
code /metrics >/dev/null
like "$(grep '^schemad_last_reload_successful ' "$T/body")" ' 1$' \
    "/metrics: the next reload worked"
stop_daemon TERM

# FAILED (staying up): 503 and the error in /status and /metrics.
printf 'INSERT INTO nosuch VALUES (1);\n' >"$T/m/0006_broken.sql"
start_daemon $D --on-failure stay
sc -s "$SOCK" wait --timeout 30
is "$(code /readyz)" 503 "FAILED: /readyz 503"
is "$(code /status)" 200 "FAILED: /status 200"
like "$(cat "$T/body")" '"state":"FAILED",.*"error":"[^"]*0006_broken.sql:1: no such table: nosuch"' \
    "FAILED: /status has the error"
code /metrics >/dev/null
like "$(grep '^schemad_failures_total ' "$T/body")" ' 1$' "/metrics: failures"
stop_daemon TERM

# MIGRATING: a long backfill.
long_backfill "$T/m" "$T/app.db"
hold_lock "$T/app.db"
start_daemon $D
until_status "$SOCK" '^STARTING'
release_lock
until_status "$SOCK" '^MIGRATING'
c=$(code /readyz)
case $(cat "$T/body") in
MIGRATING*)	is "$c" 503 "MIGRATING: /readyz 503" ;;
READY*)		skip "the backfill ended before the request" "MIGRATING: /readyz 503" ;;
*)		ok 1 "MIGRATING: /readyz 503"; diag "$c $(cat "$T/body")" ;;
esac
is "$(code /status)" 200 "MIGRATING: /status 200"
like "$(cat "$T/body")" '"state":"(MIGRATING","version":1,"target":2,"step":1,"steps":1,"migration":"0002_backfill.sql"|READY)' \
    "MIGRATING: /status shows which migration, i of n"
is "$(code /livez)" 200 "MIGRATING: /livez 200"
sc -s "$SOCK" wait --timeout 60
is "$(code /readyz)" 200 "after the backfill: /readyz 200"
stop_daemon TERM

sd $D --http 127.0.0.1:nope run
is "$rc" 75 "a bad http address: exit 75"
like "$err" "http: '127.0.0.1:nope': bad port" "and says why"

done_testing
